import {
  analyzeBoard,
  camelCase,
  nameKey,
  type Board,
  type BoardAnalysis,
  type CommandInfo,
  type EventInfo,
  type ReadModelInfo,
  type SagaInfo,
} from "../model";
import type { FaultTargetKind } from "./ports/records";

/*
 * What a board means at run time, derived once per run from `analyzeBoard`: which consumer
 * groups exist, which event types each one receives and what it does with them, and which
 * names a fault can target. Nothing here knows any particular board.
 */

/** The kinds of consumer; one consumer group per merged consumer (`service:EmailService`). */
export type ConsumerKind = "service" | "policy" | "readModel" | "saga";

/** What one consumer does with one event type. */
export interface ConsumerAction {
  /** In words (`Send confirmation`; several stickies of one service: joined with "; "). */
  readonly action: string;
  /** The first sticky of this consumer that receives the event: where the live view lights up. */
  readonly nodeId: string;
  /** Services: the events it emits after its action. */
  readonly emits: readonly EventInfo[];
  /** Policies: the commands it issues. */
  readonly issues: readonly CommandInfo[];
}

export interface ConsumerGroup {
  /** `<kind>:<merged name>`: the consumer group's name, also the processed-message records' key. */
  readonly group: string;
  readonly kind: ConsumerKind;
  readonly name: string;
  readonly nodeIds: readonly string[];
  /** By event type. */
  readonly actions: ReadonlyMap<string, ConsumerAction>;
}

export interface Topology {
  readonly analysis: BoardAnalysis;
  readonly events: ReadonlyMap<string, EventInfo>;
  readonly eventsByType: ReadonlyMap<string, EventInfo>;
  readonly commands: ReadonlyMap<string, CommandInfo>;
  readonly sagas: ReadonlyMap<string, SagaInfo>;
  readonly readModels: ReadonlyMap<string, ReadModelInfo>;
  readonly groups: readonly ConsumerGroup[];
  readonly groupsByName: ReadonlyMap<string, ConsumerGroup>;
  /** The groups that receive an event type, in board order. */
  readonly groupsByType: ReadonlyMap<string, readonly ConsumerGroup[]>;
  /** Fault targets by `nameKey`: the merged name and what that name is on the board. */
  readonly faultTargets: ReadonlyMap<string, { readonly name: string; readonly kinds: readonly FaultTargetKind[] }>;
  /** Commands a run can start with: issued by an actor or by nobody, and handled by something. */
  readonly entryCommands: readonly CommandInfo[];
  /** `nameKey(name)`, remembered: hot paths look things up by merged name. */
  key(name: string): string;
}

/** Builds the run-time view of a board. Pure; call once per run. */
export function buildTopology(board: Board): Topology {
  const analysis = analyzeBoard(board);
  const byKey = <T extends { key: string }>(list: readonly T[]) => new Map(list.map((item) => [item.key, item]));
  const events = byKey(analysis.events);
  const commands = byKey(analysis.commands);
  const eventOf = (name: string) => events.get(nameKey(name));
  const commandOf = (name: string) => commands.get(nameKey(name));

  const groupsByName = new Map<string, { group: string; kind: ConsumerKind; name: string; nodeIds: string[]; actions: Map<string, ConsumerAction> }>();
  for (const event of analysis.events) {
    for (const consumer of event.consumers) {
      const group = `${consumer.kind}:${consumer.name}`;
      let entry = groupsByName.get(group);
      if (!entry) {
        entry = { group, kind: consumer.kind, name: consumer.name, nodeIds: [], actions: new Map() };
        groupsByName.set(group, entry);
      }
      if (!entry.nodeIds.includes(consumer.nodeId)) entry.nodeIds.push(consumer.nodeId);
      const emits = (consumer.emits ?? []).flatMap((name) => eventOf(name) ?? []);
      const issues = (consumer.issues ?? []).flatMap((name) => commandOf(name) ?? []);
      const previous = entry.actions.get(event.eventType);
      entry.actions.set(
        event.eventType,
        previous
          ? {
              action: previous.action === consumer.action ? previous.action : `${previous.action}; ${consumer.action}`,
              nodeId: previous.nodeId,
              emits: unique([...previous.emits, ...emits]),
              issues: unique([...previous.issues, ...issues]),
            }
          : { action: consumer.action, nodeId: consumer.nodeId, emits, issues },
      );
    }
  }
  const groups = [...groupsByName.values()];
  const groupsByType = new Map<string, ConsumerGroup[]>();
  for (const group of groups) {
    for (const type of group.actions.keys()) {
      const list = groupsByType.get(type) ?? [];
      list.push(group);
      groupsByType.set(type, list);
    }
  }

  const faultTargets = new Map<string, { name: string; kinds: FaultTargetKind[] }>();
  const addTarget = (name: string, kind: FaultTargetKind) => {
    const key = nameKey(name);
    const entry = faultTargets.get(key) ?? { name: name.trim(), kinds: [] };
    if (!entry.kinds.includes(kind)) entry.kinds.push(kind);
    faultTargets.set(key, entry);
  };
  for (const saga of analysis.sagas) for (const step of saga.steps) addTarget(step.service, "sagaStep");
  for (const service of analysis.services) addTarget(service.name, "service");
  for (const aggregate of analysis.aggregates) addTarget(aggregate.name, "aggregate");

  return {
    analysis,
    events,
    eventsByType: new Map(analysis.events.map((event) => [event.eventType, event])),
    commands,
    sagas: byKey(analysis.sagas),
    readModels: byKey(analysis.readModels),
    groups,
    groupsByName,
    groupsByType,
    faultTargets,
    entryCommands: analysis.commands.filter((command) => command.isEntry && command.handlers.length > 0),
    key: memoKey(),
  };
}

/** The event of a merged name; throws on a name the board does not have (a bug, not bad input). */
export function eventNamed(topology: Topology, name: string): EventInfo {
  const event = topology.events.get(nameKey(name));
  if (!event) throw new Error(`No event named ${JSON.stringify(name)} on the board`);
  return event;
}

/** The stream of an aggregate (or service, external system) instance: `Order-<subject id>`. */
export function streamIdOf(owner: string, subjectId: string): string {
  return `${owner}-${subjectId}`;
}

/** The stream of a saga instance: `saga-OrderSaga-<correlation id>`. */
export function sagaStreamId(saga: string, correlationId: string): string {
  return `saga-${saga}-${correlationId}`;
}

/** The id field an entity's own events and rows carry: `orderId` for an `Order`. */
export function idFieldOf(owner: string): string {
  return `${camelCase(owner)}Id`;
}

/** A remembering `nameKey` (names are few; normalising one is not free). */
export function memoKey(): (name: string) => string {
  const keys = new Map<string, string>();
  return (name) => {
    let key = keys.get(name);
    if (key === undefined) {
      key = nameKey(name);
      keys.set(name, key);
    }
    return key;
  };
}

function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)];
}
