import { boardStrings } from "@/components/board/strings";
import { boardStringsKo } from "@/components/board/strings.ko";
import { historyStrings } from "@/components/history/strings";
import { historyStringsKo } from "@/components/history/strings.ko";
import { frameStrings } from "@/components/canvas/strings";
import { frameStringsKo } from "@/components/canvas/strings.ko";
import { homeStrings } from "@/components/home/strings";
import { homeStringsKo } from "@/components/home/strings.ko";
import { exportStrings } from "@/components/panels/exportStrings";
import { exportStringsKo } from "@/components/panels/exportStrings.ko";
import { inspectorStrings } from "@/components/panels/strings";
import { inspectorStringsKo } from "@/components/panels/strings.ko";
import { runStrings } from "@/components/run/strings";
import { runStringsKo } from "@/components/run/strings.ko";
import type { Dictionary } from "@/lib/i18n/dictionary";
import type { Locale } from "@/lib/i18n/locale";
import { KIND_LABELS_KO, KIND_META, NODE_KINDS, type NodeKind } from "@/lib/model/kinds";
import { languageStrings } from "./strings";
import { languageStringsKo } from "./strings.ko";

/*
 * Every UI string, by language and by area. The English of each area is its `strings.ts`; the
 * Korean (`strings.ko.ts`) `satisfies` the English's shape, so a missing or extra key, or a
 * function with other parameters, does not compile (dictionaries.test.ts checks it at run time).
 * Kind labels come from lib/model/kinds.ts, the table the Korean documents use too.
 */

const KIND_LABELS_EN = Object.fromEntries(NODE_KINDS.map((kind) => [kind, KIND_META[kind].label])) as Record<NodeKind, string>;

const en = {
  board: boardStrings,
  exports: exportStrings,
  frames: frameStrings,
  history: historyStrings,
  home: homeStrings,
  inspector: inspectorStrings,
  kinds: KIND_LABELS_EN,
  language: languageStrings,
  run: runStrings,
};

/** The shape every language's strings share. */
export type Strings = Dictionary<typeof en>;

const ko = {
  board: boardStringsKo,
  exports: exportStringsKo,
  frames: frameStringsKo,
  history: historyStringsKo,
  home: homeStringsKo,
  inspector: inspectorStringsKo,
  kinds: KIND_LABELS_KO,
  language: languageStringsKo,
  run: runStringsKo,
} satisfies Strings;

export const DICTIONARIES: Readonly<Record<Locale, Strings>> = { en, ko };
