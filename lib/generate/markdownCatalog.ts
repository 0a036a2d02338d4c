import type { Board } from "../model/schema";
import { contextOf, names, type GenerateContext } from "./context";
import { markdownFence, markdownHeadingText, markdownTable, markdownText, oneLine } from "./escape";
import { flowTreeLines, plainList } from "./flowTree";
import { CATALOG_WORDS, type CatalogWords, type Lang } from "./i18n";

/** Options of the two Markdown documents. */
export interface DocumentOptions {
  /** The language of headings and labels; board names are never translated. */
  readonly lang?: Lang;
}

/** The language of the `markdown` format when none is asked for: seed 000's. */
export const CATALOG_DEFAULT_LANG: Lang = "en";

/**
 * The `markdown` format: the output format of seed 000, heading for heading. `## Event-Driven
 * Architecture`; `### Events`, a table of every event with its aggregate and trigger; `### Event
 * Flow`, a fenced tree of `Trigger → Event` and each consumer as `Consumer: action`; `### Saga
 * Steps`, a table per saga (under a `####` heading with its name when there is more than one),
 * `—` where a step has no compensation. Events and sagas are in board order.
 */
export function markdownCatalog(board: Board, options: DocumentOptions = {}): string {
  return markdownCatalogFromContext(contextOf(board), options);
}

/** {@link markdownCatalog} of an analysed board. */
export function markdownCatalogFromContext(context: GenerateContext, options: DocumentOptions = {}): string {
  const words = CATALOG_WORDS[options.lang ?? CATALOG_DEFAULT_LANG];
  return [
    `## ${words.title}`,
    "",
    ...eventsSection(context, words),
    "",
    ...flowSection(context, words),
    "",
    ...sagaSection(context, words),
  ].join("\n") + "\n";
}

function eventsSection(context: GenerateContext, words: CatalogWords): string[] {
  const { events } = context.analysis;
  const rows = events.map((event) => [
    markdownText(event.name),
    event.aggregate ? markdownText(event.aggregate) : words.none,
    event.triggers.length > 0 ? names(event.triggers, words, markdownText) : words.none,
  ]);
  return [`### ${words.events}`, ...markdownTable(words.eventsHeader, rows), ...(events.length === 0 ? ["", words.noEvents] : [])];
}

function flowSection(context: GenerateContext, words: CatalogWords): string[] {
  if (context.analysis.events.length === 0) return [`### ${words.flow}`, words.noEvents];
  const lines = flowTreeLines(context, words, (event) =>
    event.triggers.length > 0 ? `${plainList(event.triggers, words)} → ${oneLine(event.name)}` : oneLine(event.name),
  );
  return [`### ${words.flow}`, ...markdownFence(lines)];
}

function sagaSection(context: GenerateContext, words: CatalogWords): string[] {
  const { sagas } = context.analysis;
  if (sagas.length === 0) return [`### ${words.sagaSteps}`, words.noSagas];
  const tables = sagas.map((saga) => {
    const heading = sagas.length > 1 ? [`#### ${markdownHeadingText(saga.name)}`] : [];
    const rows = saga.steps.map((step, index) => [
      String(index + 1),
      markdownText(step.service),
      step.compensation?.trim() ? markdownText(step.compensation) : words.none,
    ]);
    const empty = saga.steps.length === 0 ? ["", words.noSteps] : [];
    return [...heading, ...markdownTable(words.sagaHeader, rows), ...empty];
  });
  return [`### ${words.sagaSteps}`, ...tables.flatMap((table, index) => (index > 0 ? ["", ...table] : table))];
}
