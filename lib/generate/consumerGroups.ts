import type { EventConsumer, EventInfo } from "../model/analyze";
import { kebabCase, nameKey } from "../model/names";
import type { GenerateContext } from "./context";

/** One consumer (a merged service, policy, read model or saga) and what it subscribes to. */
export interface ConsumerGroup {
  /** The consumer group id: the consumer's name in kebab case (`email-service`), unique. */
  readonly id: string;
  readonly kind: EventConsumer["kind"];
  readonly name: string;
  /** The events it consumes, in board order. */
  readonly events: readonly EventInfo[];
  /** The topics of those events, in order of first use. */
  readonly topics: readonly string[];
}

/**
 * One consumer group per consumer, as the broker of board-format.md runs them: every merged
 * service, policy, read model and saga that consumes at least one event, in board order (of its
 * first sticky). Ids are kebab case; two consumers whose ids meet (a service and a read model
 * both named `Order`) get `-2`, `-3` … in that order.
 */
export function consumerGroups(context: Pick<GenerateContext, "board" | "analysis">): ConsumerGroup[] {
  const position = new Map(context.board.nodes.map((node, index) => [node.id, index]));
  const groups = new Map<string, { kind: EventConsumer["kind"]; name: string; first: number; events: EventInfo[] }>();
  for (const event of context.analysis.events) {
    for (const consumer of event.consumers) {
      const key = `${consumer.kind}:${nameKey(consumer.name)}`;
      const at = position.get(consumer.nodeId) ?? Number.MAX_SAFE_INTEGER;
      const group = groups.get(key);
      if (!group) groups.set(key, { kind: consumer.kind, name: consumer.name, first: at, events: [event] });
      else {
        group.first = Math.min(group.first, at);
        if (!group.events.includes(event)) group.events.push(event);
      }
    }
  }
  const eventOrder = new Map(context.analysis.events.map((event, index) => [event, index]));
  const taken = new Set<string>();
  return [...groups.values()]
    .sort((a, b) => a.first - b.first)
    .map((group) => {
      const base = kebabCase(group.name);
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
      const events = [...group.events].sort((a, b) => (eventOrder.get(a) ?? 0) - (eventOrder.get(b) ?? 0));
      return { id, kind: group.kind, name: group.name, events, topics: [...new Set(events.map((event) => event.topic))] };
    });
}

/** The topics of the board, in order of first use, with their events in board order. */
export function topicsOf(context: Pick<GenerateContext, "analysis">): { topic: string; events: EventInfo[] }[] {
  const topics = new Map<string, EventInfo[]>();
  for (const event of context.analysis.events) {
    const list = topics.get(event.topic);
    if (list) list.push(event);
    else topics.set(event.topic, [event]);
  }
  return [...topics].map(([topic, events]) => ({ topic, events }));
}
