import type {
  BoardAnalysis,
  CommandHandler,
  CommandInfo,
  EventConsumer,
  EventInfo,
  PolicyInfo,
  ReadModelInfo,
  SagaInfo,
  ServiceAction,
  StickyRef,
} from "./analysisTypes";
import { eventOutcome, eventPartitionKey, eventScope, eventTypeStyleOf, eventVersion, serviceConsistency } from "./defaults";
import { FlowGraph, first, firstDescription, firstSet, memoById, mergedStickies, unique } from "./flowGraph";
import { eventTypeOf, kebabCase, nameKey } from "./names";
import { participantsOf, sagaMessagesOf, sagasOf, type EmittedEvents } from "./sagaAnalysis";
import type { Board, NodeOfKind } from "./schema";

/*
 * The flow a board describes, derived once and shared by the generators and the simulator, so
 * that a document, the TypeScript code and a run can never disagree about what triggers what.
 * This file is the entry point: `analyzeBoard` and the plain stickies' entries. The types are in
 * analysisTypes.ts, the merged graph it queries in flowGraph.ts, the sagas in sagaAnalysis.ts.
 *
 * - Stickies of one kind and one name (`nameKey`: trimmed, case-insensitive) are one thing:
 *   each entry below merges them and lists their `nodeIds`. Its `name` is the first sticky's,
 *   trimmed, and every relation refers to things by that merged name.
 * - Entries and relation lists are in board order: entries by their first sticky in `nodes`,
 *   relations by sticky and then by edge order. Lists hold no duplicates.
 * - Only edges allowed by the grammar count; edges to or from hotspots, self-loops and edges that
 *   break the grammar are ignored here (validation reports the broken ones). Hotspots are ignored.
 * - Optional keys are read with their defaults (defaults.ts). Where merged stickies disagree on
 *   one (an event's topic, say), the first sticky that sets it wins; payloads come from the first
 *   sticky (validation reports same-name events or commands whose payloads differ).
 */

// The types (and PARTICIPANT_KINDS) stay importable from here, where they always were.
export * from "./analysisTypes";

type Producer = StickyRef<"aggregate" | "externalSystem" | "service" | "saga">;
type Consumer = StickyRef<"service" | "policy" | "readModel" | "saga">;

/**
 * Derives the flow of a board: merged events, commands, aggregates, sagas, read models,
 * services, policies, external systems and actors, with their relations. Pure and
 * deterministic; see the rules at the top of this file.
 */
export function analyzeBoard(board: Board): BoardAnalysis {
  const graph = new FlowGraph(board);
  const style = eventTypeStyleOf(board);

  const policyIssues = new Map(
    graph.groups("policy").map((group) => [group.key, graph.relatedNames(group.nodes, "out", ["command"])]),
  );

  // A sticky emits or consumes many events: what it does is worked out once per sticky.
  const triggersOf = memoById((producer: Producer) => {
    const node = graph.node(producer.nodeId);
    if (producer.kind === "service") return graph.relatedNames([node], "in", ["event"]);
    if (producer.kind === "saga") return graph.relatedNames([node], "in", ["command", "event"]);
    return graph.relatedNames([node], "in", ["command"]);
  });
  const consumerOf = memoById((consumer: Consumer) => describeConsumer(graph, consumer, policyIssues));
  const topicOf = new Map<string, string>();
  const defaultTopic = (owner: string) => {
    let topic = topicOf.get(owner);
    if (topic === undefined) topicOf.set(owner, (topic = `${kebabCase(owner)}-events`));
    return topic;
  };

  const events = graph.groups("event").map((group): EventInfo => {
    const producers = graph.related(group.nodes, "in", ["aggregate", "externalSystem", "service", "saga"]);
    const aggregate = producers.find((producer) => producer.kind === "aggregate")?.name ?? null;
    const topicOwner = aggregate ?? producers.find((producer) => producer.kind !== "aggregate")?.name;
    return {
      ...mergedStickies(group),
      description: firstDescription(group.nodes),
      payload: first(group.nodes).payload,
      scope: eventScope(firstSet(group.nodes, "scope")),
      version: eventVersion(firstSet(group.nodes, "version")),
      outcome: eventOutcome(firstSet(group.nodes, "outcome")),
      // A blank topic is no topic (as a blank channel name is): the default applies.
      topic: group.nodes.map((node) => node.topic?.trim()).find(Boolean) ?? (topicOwner ? defaultTopic(topicOwner) : "events"),
      partitionKey: eventPartitionKey({ partitionKey: firstSet(group.nodes, "partitionKey").partitionKey, payload: first(group.nodes).payload }),
      eventType: eventTypeOf(group.name, style),
      aggregate,
      producers,
      triggers: producers.length === 1 && producers[0] ? triggersOf(producers[0]) : unique(producers.flatMap(triggersOf)),
      consumers: graph.related(group.nodes, "out", ["service", "policy", "readModel", "saga"]).map(consumerOf),
    };
  });

  const outcomeOf = new Map(events.map((event) => [event.key, event.outcome]));
  const emitted: EmittedEvents = (node) => {
    const refs = graph.related([node], "out", ["event"]);
    const isFailure = (ref: StickyRef) => outcomeOf.get(nameKey(ref.name)) === "failure";
    return {
      success: unique(refs.filter((ref) => !isFailure(ref)).map((ref) => ref.name)),
      failure: unique(refs.filter(isFailure).map((ref) => ref.name)),
    };
  };

  const commands = graph.groups("command").map((group): CommandInfo => {
    const handlers = graph
      .related(group.nodes, "out", ["aggregate", "externalSystem", "saga"])
      .map((handler): CommandHandler => {
        const { success, failure } = emitted(graph.node(handler.nodeId));
        return { ...handler, emits: success, failureEvents: failure };
      });
    const aggregates = handlers.filter((handler) => handler.kind === "aggregate");
    const actors = graph.relatedNames(group.nodes, "in", ["actor"]);
    const policies = graph.relatedNames(group.nodes, "in", ["policy"]);
    return {
      ...mergedStickies(group),
      description: firstDescription(group.nodes),
      payload: first(group.nodes).payload,
      actors,
      policies,
      handlers,
      emits: unique(aggregates.flatMap((handler) => handler.emits)),
      failureEvents: unique(aggregates.flatMap((handler) => handler.failureEvents)),
      isEntry: actors.length > 0 || policies.length === 0,
    };
  });

  const sagas = sagasOf(graph, emitted);
  const commandNames = new Set(commands.map((command) => command.key));

  return {
    eventTypeStyle: style,
    events,
    commands,
    aggregates: graph.groups("aggregate").map((group) => ({
      ...mergedStickies(group),
      commands: graph.relatedNames(group.nodes, "in", ["command"]),
      events: graph.relatedNames(group.nodes, "out", ["event"]),
    })),
    sagas,
    readModels: graph.groups("readModel").map((group) => ({
      ...mergedStickies(group),
      description: firstDescription(group.nodes),
      fields: first(group.nodes).fields,
      events: graph.relatedNames(group.nodes, "in", ["event"]),
      actors: graph.relatedNames(group.nodes, "out", ["actor"]),
    })),
    services: graph.groups("service").map((group) => ({
      ...mergedStickies(group),
      actions: group.nodes.map((node): ServiceAction => {
        const consumes = graph.relatedNames([node], "in", ["event"]);
        return {
          nodeId: node.id,
          action: serviceAction(node, consumes),
          consumes,
          emits: graph.relatedNames([node], "out", ["event"]),
          consistency: serviceConsistency(node),
        };
      }),
    })),
    policies: graph.groups("policy").map((group) => ({
      ...mergedStickies(group),
      triggeredBy: graph.relatedNames(group.nodes, "in", ["event"]),
      issues: policyIssues.get(group.key) ?? [],
    })),
    externalSystems: graph.groups("externalSystem").map((group) => ({
      ...mergedStickies(group),
      commands: graph.relatedNames(group.nodes, "in", ["command"]),
      events: graph.relatedNames(group.nodes, "out", ["event"]),
    })),
    actors: graph.groups("actor").map((group) => ({
      ...mergedStickies(group),
      commands: graph.relatedNames(group.nodes, "out", ["command"]),
      informedBy: graph.relatedNames(group.nodes, "in", ["readModel"]),
    })),
    participants: participantsOf(graph, sagas),
    ...sagaMessagesOf(sagas, style, commandNames),
  };
}

function describeConsumer(graph: FlowGraph, consumer: Consumer, policyIssues: ReadonlyMap<string, readonly string[]>): EventConsumer {
  switch (consumer.kind) {
    case "service": {
      const node = graph.node(consumer.nodeId) as NodeOfKind<"service">;
      const action = serviceAction(node, graph.relatedNames([node], "in", ["event"]));
      return { ...consumer, action, emits: graph.relatedNames([node], "out", ["event"]) };
    }
    case "policy": {
      const issues = policyIssues.get(nameKey(consumer.name)) ?? [];
      const action = issues.length > 0 ? `Issue ${issues.join(", ")}` : consumer.name;
      return { ...consumer, action, issues };
    }
    case "readModel":
      return { ...consumer, action: `Update ${consumer.name}` };
    case "saga":
      return { ...consumer, action: `Start ${consumer.name}` };
  }
}

/** A service sticky's action, or "Handle <Event>" when the user has not written one yet. */
function serviceAction(node: NodeOfKind<"service">, consumes: readonly string[]): string {
  const action = node.action.trim();
  if (action) return action;
  return consumes.length > 0 ? `Handle ${consumes.join(", ")}` : node.name.trim();
}

/** The analysis's merged elements by name key (`nameKey`): built once here for every reader (the validator, the run's topology). */
export interface AnalysisIndex {
  readonly events: ReadonlyMap<string, EventInfo>;
  readonly commands: ReadonlyMap<string, CommandInfo>;
  readonly policies: ReadonlyMap<string, PolicyInfo>;
  readonly readModels: ReadonlyMap<string, ReadModelInfo>;
  readonly sagas: ReadonlyMap<string, SagaInfo>;
}

export function indexAnalysis(analysis: BoardAnalysis): AnalysisIndex {
  const byKey = <T extends { key: string }>(list: readonly T[]) => new Map(list.map((item) => [item.key, item]));
  return {
    events: byKey(analysis.events),
    commands: byKey(analysis.commands),
    policies: byKey(analysis.policies),
    readModels: byKey(analysis.readModels),
    sagas: byKey(analysis.sagas),
  };
}
