import type { EventInfo } from "../model/analyze";
import { eventContexts } from "../model/boundedContexts";
import type { Board } from "../model/schema";
import { brokerSection } from "./brokerConfig";
import { consistencySection } from "./consistencyStrategy";
import { contextOf, names, type GenerateContext } from "./context";
import { markdownCode, markdownFence, markdownTable, markdownText, oneLine } from "./escape";
import { flowTreeLines, plainList } from "./flowTree";
import { DESIGN_WORDS, type DesignWords, type Lang } from "./i18n";
import type { DocumentOptions } from "./markdownCatalog";

/** The language of the `design` format when none is asked for: seed 002's. */
export const DESIGN_DEFAULT_LANG: Lang = "ko";

/**
 * The `design` format: the output format of seed 002. `## 이벤트 기반 아키텍처 설계`;
 * `### 이벤트 카탈로그` (every event with its producers, consumers and description; on a board
 * with frames, grouped by producing bounded context under `#### 컨텍스트: <name>`, in context
 * order, events outside every context last, with a column of consuming contexts);
 * `### 이벤트 흐름도` (a fenced diagram: trigger → producer → event [topic], then each
 * consumer and what it does); `### 메시지 브로커 설정 (토픽/큐 구성)` (every channel of the
 * board's topology: event topics, command and reply channels, with messages and partition keys;
 * every consumer group of the topology with its subscriptions, retry policy and dead-letter
 * queue);
 * `### 일관성 전략 (강한/최종)` (which boundaries are strongly and which eventually consistent,
 * and why). Korean by default; `lang: "en"` translates headings and labels.
 */
export function designDoc(board: Board, options: DocumentOptions = {}): string {
  return designDocFromContext(contextOf(board), options);
}

/** {@link designDoc} of an analysed board. */
export function designDocFromContext(context: GenerateContext, options: DocumentOptions = {}): string {
  const words = DESIGN_WORDS[options.lang ?? DESIGN_DEFAULT_LANG];
  return [
    `## ${words.title}`,
    "",
    ...catalogSection(context, words),
    "",
    ...flowSection(context, words),
    "",
    ...brokerSection(context, words),
    "",
    ...consistencySection(context, words),
  ].join("\n") + "\n";
}

function catalogSection(context: GenerateContext, words: DesignWords): string[] {
  const { events } = context.analysis;
  if (context.contexts.contexts.length > 0 && events.length > 0) return [`### ${words.catalog}`, ...contextCatalog(context, words)];
  const rows = events.map((event) => [
    `${markdownText(event.name)} (${markdownCode(event.eventType)})`,
    listOrNone(event.producers.map((producer) => producer.name), words),
    listOrNone(event.consumers.map((consumer) => consumer.name), words),
    event.description?.trim() ? markdownText(event.description) : words.none,
  ]);
  return [`### ${words.catalog}`, ...markdownTable(words.catalogHeader, rows), ...(events.length === 0 ? ["", words.noEvents] : [])];
}

/** The catalog of a board with frames: one table per producing context (lib/model `eventContexts`). */
function contextCatalog(context: GenerateContext, words: DesignWords): string[] {
  const groups = new Map<string, { heading: string; description: string | null; rows: string[][] }>(
    context.contexts.contexts.map((bounded) => [bounded.key, { heading: words.contextHeading(markdownText(bounded.name)), description: bounded.description, rows: [] }]),
  );
  const outside = { heading: words.outsideContexts, description: null, rows: [] as string[][] };
  for (const event of context.analysis.events) {
    const { producing, consuming } = eventContexts(context.contexts, event);
    (producing ? groups.get(producing.key)! : outside).rows.push([
      `${markdownText(event.name)} (${markdownCode(event.eventType)})`,
      listOrNone(event.producers.map((producer) => producer.name), words),
      listOrNone(event.consumers.map((consumer) => consumer.name), words),
      listOrNone(consuming.map((bounded) => bounded.name), words),
      event.description?.trim() ? markdownText(event.description) : words.none,
    ]);
  }
  return [...groups.values(), outside]
    .filter((group) => group.rows.length > 0)
    .flatMap((group) => ["", `#### ${group.heading}`, "", ...(group.description ? [markdownText(oneLine(group.description)), ""] : []), ...markdownTable(words.contextCatalogHeader, group.rows)]);
}

function listOrNone(list: readonly string[], words: DesignWords): string {
  return list.length > 0 ? names([...new Set(list)], words, markdownText) : words.none;
}

function flowSection(context: GenerateContext, words: DesignWords): string[] {
  if (context.analysis.events.length === 0) return [`### ${words.flow}`, words.noEvents];
  const head = (event: EventInfo) => {
    const producers = [...new Set(event.producers.map((producer) => producer.name))];
    const parts = [event.triggers, producers].filter((part) => part.length > 0).map((part) => plainList(part, words));
    return [...parts, `${oneLine(event.name)} [${oneLine(event.topic)}]`].join(" → ");
  };
  const tail = (event: EventInfo, index: number) => {
    const consumer = event.consumers[index];
    const next = consumer ? followUps(context, consumer) : [];
    return next.length > 0 ? ` → ${plainList(next, words)}` : "";
  };
  return [`### ${words.flow}`, ...markdownFence(flowTreeLines(context, words, head, tail), "text")];
}

/** What a consumer leads to: the events a service sticky emits, or a saga's end events. */
function followUps(context: GenerateContext, consumer: EventInfo["consumers"][number]): readonly string[] {
  if (consumer.kind === "service") return consumer.emits ?? [];
  if (consumer.kind === "saga") {
    const saga = context.analysis.sagas.find((entry) => entry.nodeIds.includes(consumer.nodeId));
    return saga ? [...saga.successEvents, ...saga.failureEvents] : [];
  }
  return [];
}
