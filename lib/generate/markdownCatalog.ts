import type { EventInfo, SagaInfo, SagaStepInfo } from "../model/analyze";
import { nameKey } from "../model/names";
import type { Board } from "../model/schema";
import { contextOf, names, type GenerateContext } from "./context";
import { markdownFence, markdownHeadingText, markdownTable, markdownText } from "./escape";
import { flowTreeLines, plainList } from "./flowTree";
import { humanize } from "./humanize";
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
 * Architecture`; `### Events`, a table of every event with its aggregate (for an event a saga
 * emits, the saga) and trigger; `### Event Flow`, a fenced tree of `Trigger → Event` (`Trigger →
 * Saga → Event` for an event a saga emits) and each consumer as `Consumer: action`; `### Saga
 * Steps`, a table per saga (under a `####` heading with its name when there is more than one):
 * the step's participant (with its action when it performs several steps of the saga) and its
 * compensation in words, `—` where there is none. Events and sagas are in board order.
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
  const rows = events.map((event) => {
    // Seed 000 names what emits the event here; an event a saga emits has the saga.
    const owner = event.aggregate ?? sagasOf(event)[0] ?? null;
    return [
      markdownText(event.name),
      owner ? markdownText(owner) : words.none,
      event.triggers.length > 0 ? names(event.triggers, words, markdownText) : words.none,
    ];
  });
  return [`### ${words.events}`, ...markdownTable(words.eventsHeader, rows), ...(events.length === 0 ? ["", words.noEvents] : [])];
}

function flowSection(context: GenerateContext, words: CatalogWords): string[] {
  if (context.analysis.events.length === 0) return [`### ${words.flow}`, words.noEvents];
  // `Trigger → Event`, and for an event a saga emits `Trigger → Saga → Event`, as the design document draws it.
  const lines = flowTreeLines(context, words, (event) =>
    [event.triggers, sagasOf(event), [event.name]]
      .filter((part) => part.length > 0)
      .map((part) => plainList(part, words))
      .join(" → "),
  );
  return [`### ${words.flow}`, ...markdownFence(lines)];
}

function sagaSection(context: GenerateContext, words: CatalogWords): string[] {
  const { sagas } = context.analysis;
  if (sagas.length === 0) return [`### ${words.sagaSteps}`, words.noSagas];
  const tables = sagas.map((saga) => {
    const heading = sagas.length > 1 ? [`#### ${markdownHeadingText(saga.name)}`] : [];
    const rows = saga.steps.map((step) => [
      String(step.index + 1),
      serviceCell(saga, step, words),
      step.compensation ? markdownText(humanize(step.compensation.name)) : words.none,
    ]);
    const empty = saga.steps.length === 0 ? ["", words.noSteps] : [];
    return [...heading, ...markdownTable(words.sagaHeader, rows), ...empty];
  });
  return [`### ${words.sagaSteps}`, ...tables.flatMap((table, index) => (index > 0 ? ["", ...table] : table))];
}

/** The sagas that emit `event`, by name, in order. */
function sagasOf(event: EventInfo): string[] {
  return [...new Set(event.producers.filter((producer) => producer.kind === "saga").map((producer) => producer.name))];
}

/**
 * The Service column: the participant's name, with ` — <action>` in words when it performs
 * more than one step of this saga, so its rows differ (`Kitchen Service — Create ticket`); `—`
 * for a step without a participant.
 */
function serviceCell(saga: SagaInfo, step: SagaStepInfo, words: CatalogWords): string {
  const participant = step.participant;
  if (!participant) return words.none;
  const key = participantKey(participant);
  const steps = saga.steps.filter((other) => other.participant && participantKey(other.participant) === key).length;
  return steps > 1 ? `${markdownText(participant.name)} — ${markdownText(humanize(step.action.name))}` : markdownText(participant.name);
}

/** Participants are one thing per kind and name, as everywhere (`analyzeBoard`). */
function participantKey(participant: NonNullable<SagaStepInfo["participant"]>): string {
  return `${participant.kind}:${nameKey(participant.name)}`;
}
