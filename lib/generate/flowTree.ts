import type { EventInfo } from "../model/analyze";
import { consumerAction, type GenerateContext } from "./context";
import { oneLine } from "./escape";
import type { ConsumerWords } from "./i18n";

/** The indent of a consumer line under its event, as in seed 000's "Event Flow". */
const INDENT = "    ";

/**
 * The event flow as plain-text lines for a fenced block: per event a head line (`head(event)`,
 * e.g. `PlaceOrder → OrderPlaced`), then one `├──`/`└──` line per consumer, `Consumer: action`
 * plus whatever `tail` adds; events are separated by a blank line. Names are put on one line;
 * the fence around the block is the caller's (see `markdownFence`).
 */
export function flowTreeLines(
  context: GenerateContext,
  words: ConsumerWords,
  head: (event: EventInfo) => string,
  tail: (event: EventInfo, consumerIndex: number) => string = () => "",
): string[] {
  const lines: string[] = [];
  context.analysis.events.forEach((event, eventIndex) => {
    if (eventIndex > 0) lines.push("");
    lines.push(head(event));
    event.consumers.forEach((consumer, index) => {
      const branch = index === event.consumers.length - 1 ? "└──" : "├──";
      const action = consumerAction(context, consumer, words, oneLine);
      lines.push(`${INDENT}${branch} ${oneLine(consumer.name)}: ${action}${tail(event, index)}`);
    });
  });
  return lines;
}

/** `a, b`: names on one line, joined by the language's separator. */
export function plainList(list: readonly string[], words: Pick<ConsumerWords, "listSeparator">): string {
  return list.map(oneLine).join(words.listSeparator);
}
