import type { Dictionary } from "@/lib/i18n/dictionary";
import type { languageStrings } from "./strings";

/** The language switch in Korean: the language names stay each in its own language. */
export const languageStringsKo = {
  label: "언어",
  names: { en: "EN", ko: "한국어" },
  titles: { en: "English (영어)", ko: "한국어" },
} satisfies Dictionary<typeof languageStrings>;
