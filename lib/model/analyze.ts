import { DEAD_LETTER_NOTICE, eventOutcome, eventPartitionKey, eventScope, eventTypeStyleOf, eventVersion, sagaStepTimeoutMs, serviceConsistency } from "./defaults";
import { checkNodeConnection } from "./grammar";
import type { NodeKind } from "./kinds";
import { eventTypeOf, kebabCase, nameKey } from "./names";
import type {
  Board,
  BoardNode,
  Consistency,
  EventOutcome,
  EventScope,
  EventTypeStyle,
  Field,
  NodeOfKind,
  SagaStepType,
  StepCompensation,
  StepMessage,
} from "./schema";

/*
 * The flow a board describes, derived once and shared by the generators and the simulator, so
 * that a document, the TypeScript code and a run can never disagree about what triggers what.
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

/** One sticky, by its kind, merged name and id. */
export interface StickyRef<K extends NodeKind = NodeKind> {
  readonly kind: K;
  readonly name: string;
  readonly nodeId: string;
}

/** What happens when a consumer receives an event. */
export interface EventConsumer extends StickyRef<"service" | "policy" | "readModel" | "saga"> {
  /**
   * In words: a service's `action` ("Send confirmation"; "Handle <Event>" if left empty), a
   * policy's "Issue <Command>" (its name if it issues none), a read model's "Update <name>",
   * a saga's "Start <name>".
   */
  readonly action: string;
  /** Policies only: the commands the policy issues. */
  readonly issues?: readonly string[];
  /** Services only: the events this service sticky emits after its action. */
  readonly emits?: readonly string[];
}

export interface EventInfo {
  /** `nameKey` of the name: stable id of the merged event within the board. */
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  /** The first non-blank description among the stickies, or null. */
  readonly description: string | null;
  readonly payload: readonly Field[];
  readonly scope: EventScope;
  readonly version: number;
  readonly outcome: EventOutcome;
  /**
   * The explicit topic; else `<kebab aggregate>-events` (`order-events`); else, for an event of
   * a saga, service or external system, `<kebab producer>-events`; else `events`.
   */
  readonly topic: string;
  /** The payload field that orders its messages (`aggregateId`: the aggregate's id, the default). */
  readonly partitionKey: string;
  /** The name in the board's event type style (`order.placed`). */
  readonly eventType: string;
  /** The first aggregate that emits it, or null. */
  readonly aggregate: string | null;
  /** Every sticky with an edge into one of this event's stickies. */
  readonly producers: readonly StickyRef<"aggregate" | "externalSystem" | "service" | "saga">[];
  /**
   * What causes it: the commands entering the emitting aggregate, external system or saga
   * sticky (for a saga, also the events that start it), and for an event a service emits, the
   * events that service sticky consumes.
   */
  readonly triggers: readonly string[];
  readonly consumers: readonly EventConsumer[];
}

/** A sticky that receives a command, and what it emits on its own outgoing edges. */
export interface CommandHandler extends StickyRef<"aggregate" | "externalSystem" | "saga"> {
  /** Success events of this sticky (for a saga: what it emits when it completes). */
  readonly emits: readonly string[];
  /** Failure events (`outcome: "failure"`) of this sticky. */
  readonly failureEvents: readonly string[];
}

export interface CommandInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly description: string | null;
  readonly payload: readonly Field[];
  /** Actors that issue it. */
  readonly actors: readonly string[];
  /** Policies that issue it. */
  readonly policies: readonly string[];
  readonly handlers: readonly CommandHandler[];
  /**
   * Success events of the aggregate stickies it enters: what handling it appends. Events of
   * sagas and external systems come later and asynchronously; they are on their `handlers`.
   */
  readonly emits: readonly string[];
  /** Failure events of the aggregate stickies it enters (appended instead, on a fault). */
  readonly failureEvents: readonly string[];
  /** Issued by an actor, or by nobody on the board: where a run can start. */
  readonly isEntry: boolean;
}

export interface AggregateInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly commands: readonly string[];
  /** Every event it emits, success and failure. */
  readonly events: readonly string[];
}

/** The kinds of sticky a saga step can orchestrate. */
export type ParticipantKind = "service" | "aggregate" | "externalSystem";
export const PARTICIPANT_KINDS: readonly ParticipantKind[] = ["service", "aggregate", "externalSystem"];

/** One step of a saga, resolved against the board. */
export interface SagaStepInfo {
  /** 0-based; the canvas and fault targets number steps from 1 (`OrderSaga#1`). */
  readonly index: number;
  readonly id: string;
  readonly type: SagaStepType;
  /** The participant sticky, by its merged name; null when the step names none, or a sticky that cannot be one. */
  readonly participant: StickyRef<ParticipantKind> | null;
  /** The command the saga sends. */
  readonly action: StepMessage;
  /** The reply that moves the saga on. */
  readonly success: StepMessage;
  /** The reply that fails the step (a refusal), if the step has one. */
  readonly failure: StepMessage | null;
  /** Compensable steps only: the command that undoes the step, and its reply. */
  readonly compensation: StepCompensation | null;
  /** How long the saga waits for a reply (design time) before the step fails. */
  readonly timeoutMs: number;
}

export interface SagaInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly description: string | null;
  /** The first sticky's steps, run in order; compensations run in reverse. */
  readonly steps: readonly SagaStepInfo[];
  /** Commands and events that start it. */
  readonly startedBy: readonly string[];
  readonly successEvents: readonly string[];
  readonly failureEvents: readonly string[];
}

export interface ReadModelInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly description: string | null;
  readonly fields: readonly Field[];
  /** Events projected into it. */
  readonly events: readonly string[];
  /** Actors it informs. */
  readonly actors: readonly string[];
}

/** What one service sticky does. A service drawn several times has one action per sticky. */
export interface ServiceAction {
  readonly nodeId: string;
  /** The sticky's action; "Handle <Event>" if left empty. */
  readonly action: string;
  readonly consumes: readonly string[];
  readonly emits: readonly string[];
  readonly consistency: Consistency;
}

export interface ServiceInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly actions: readonly ServiceAction[];
}

export interface PolicyInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly triggeredBy: readonly string[];
  readonly issues: readonly string[];
}

export interface ExternalSystemInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  /** Commands sent to it. */
  readonly commands: readonly string[];
  readonly events: readonly string[];
}

export interface ActorInfo {
  readonly key: string;
  readonly name: string;
  readonly nodeIds: readonly string[];
  readonly commands: readonly string[];
  /** Read models that inform it. */
  readonly informedBy: readonly string[];
}

/** A service, aggregate or external system that saga steps orchestrate (merged by kind and name). */
export interface ParticipantInfo extends StickyRef<ParticipantKind> {
  readonly key: string;
  readonly nodeIds: readonly string[];
  /** The steps it performs, in saga and step order. */
  readonly steps: readonly { readonly saga: string; readonly stepIndex: number }[];
  /** The commands it receives (actions and compensations), unique, in order. */
  readonly commands: readonly string[];
}

/** What a message does in a saga step. */
/** `dead-lettered`: the notice of a step command a participant gave up on (`DEAD_LETTER_NOTICE`), for every step of the saga. */
export type SagaMessageRole = "action" | "success" | "failure" | "compensation" | "compensated" | "dead-lettered";

/**
 * A command a saga sends, or a reply it waits for, merged by name across sagas and steps (one
 * name, one contract): its payload is that of its first use.
 */
export interface SagaMessageInfo {
  readonly key: string;
  readonly name: string;
  readonly kind: "command" | "reply";
  readonly description: string | null;
  readonly payload: readonly Field[];
  /** Replies: the event type in the board's style; commands: the name in Pascal case. */
  readonly type: string;
  /** Commands: a command sticky of the board has this name (it is that command). */
  readonly onBoard: boolean;
  readonly uses: readonly {
    readonly saga: string;
    readonly sagaNodeId: string;
    /** -1 for the dead-letter notice: it can answer any step. */
    readonly stepIndex: number;
    readonly role: SagaMessageRole;
    readonly participant: string | null;
  }[];
}

export interface BoardAnalysis {
  readonly eventTypeStyle: EventTypeStyle;
  readonly events: readonly EventInfo[];
  readonly commands: readonly CommandInfo[];
  readonly aggregates: readonly AggregateInfo[];
  readonly sagas: readonly SagaInfo[];
  readonly readModels: readonly ReadModelInfo[];
  readonly services: readonly ServiceInfo[];
  readonly policies: readonly PolicyInfo[];
  readonly externalSystems: readonly ExternalSystemInfo[];
  readonly actors: readonly ActorInfo[];
  readonly participants: readonly ParticipantInfo[];
  /** Step commands (actions, then compensations, in saga and step order). */
  readonly sagaCommands: readonly SagaMessageInfo[];
  /** Step replies (success, failure, then compensation replies, in saga and step order). */
  readonly sagaReplies: readonly SagaMessageInfo[];
}

type AnalysedKind = Exclude<NodeKind, "hotspot">;

/** Same-kind, same-name stickies, in board order. */
interface Group<K extends AnalysedKind = AnalysedKind> {
  readonly key: string;
  readonly name: string;
  readonly nodes: NodeOfKind<K>[];
}

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
  const triggersOf = memoById((producer: StickyRef<"aggregate" | "externalSystem" | "service" | "saga">) => {
    const node = graph.node(producer.nodeId);
    if (producer.kind === "service") return graph.relatedNames([node], "in", ["event"]);
    if (producer.kind === "saga") return graph.relatedNames([node], "in", ["command", "event"]);
    return graph.relatedNames([node], "in", ["command"]);
  });
  const consumerOf = memoById((consumer: StickyRef<"service" | "policy" | "readModel" | "saga">) =>
    describeConsumer(graph, consumer, policyIssues),
  );
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
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
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
  /** The events a sticky emits, split by outcome. */
  const emitted = (node: BoardNode) => {
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
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
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

  const sagaInfos = graph.groups("saga").map((group): SagaInfo => {
    const ends = group.nodes.map(emitted);
    return {
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      description: firstDescription(group.nodes),
      steps: first(group.nodes).steps.map((step, index): SagaStepInfo => {
        const target = step.participant ? graph.maybeNode(step.participant) : undefined;
        const participant =
          target && (PARTICIPANT_KINDS as readonly string[]).includes(target.kind)
            ? { kind: target.kind as ParticipantKind, name: graph.nameOf(target), nodeId: target.id }
            : null;
        return {
          index,
          id: step.id,
          type: step.type,
          participant,
          action: step.action,
          success: step.replies.success,
          failure: step.replies.failure ?? null,
          compensation: step.type === "compensable" ? (step.compensation ?? null) : null,
          timeoutMs: sagaStepTimeoutMs(step),
        };
      }),
      startedBy: graph.relatedNames(group.nodes, "in", ["command", "event"]),
      successEvents: unique(ends.flatMap((end) => end.success)),
      failureEvents: unique(ends.flatMap((end) => end.failure)),
    };
  });
  const commandNames = new Set(commands.map((command) => command.key));

  return {
    eventTypeStyle: style,
    events,
    commands,
    aggregates: graph.groups("aggregate").map((group) => ({
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      commands: graph.relatedNames(group.nodes, "in", ["command"]),
      events: graph.relatedNames(group.nodes, "out", ["event"]),
    })),
    sagas: sagaInfos,
    readModels: graph.groups("readModel").map((group) => ({
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      description: firstDescription(group.nodes),
      fields: first(group.nodes).fields,
      events: graph.relatedNames(group.nodes, "in", ["event"]),
      actors: graph.relatedNames(group.nodes, "out", ["actor"]),
    })),
    services: graph.groups("service").map((group) => ({
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
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
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      triggeredBy: graph.relatedNames(group.nodes, "in", ["event"]),
      issues: policyIssues.get(group.key) ?? [],
    })),
    externalSystems: graph.groups("externalSystem").map((group) => ({
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      commands: graph.relatedNames(group.nodes, "in", ["command"]),
      events: graph.relatedNames(group.nodes, "out", ["event"]),
    })),
    actors: graph.groups("actor").map((group) => ({
      key: group.key,
      name: group.name,
      nodeIds: ids(group.nodes),
      commands: graph.relatedNames(group.nodes, "out", ["command"]),
      informedBy: graph.relatedNames(group.nodes, "in", ["readModel"]),
    })),
    participants: participantsOf(graph, sagaInfos),
    ...sagaMessagesOf(sagaInfos, style, commandNames),
  };
}

/** Every sticky that saga steps orchestrate, merged by kind and name, in order of first use. */
function participantsOf(graph: FlowGraph, sagas: readonly SagaInfo[]): ParticipantInfo[] {
  const byKey = new Map<string, { ref: StickyRef<ParticipantKind>; nodeIds: string[]; steps: { saga: string; stepIndex: number }[]; commands: string[] }>();
  for (const saga of sagas) {
    for (const step of saga.steps) {
      if (!step.participant) continue;
      const key = `${step.participant.kind}:${nameKey(step.participant.name)}`;
      let entry = byKey.get(key);
      if (!entry) {
        const group = graph.groupNodes(step.participant.nodeId);
        entry = { ref: step.participant, nodeIds: group.map((node) => node.id), steps: [], commands: [] };
        byKey.set(key, entry);
      }
      entry.steps.push({ saga: saga.name, stepIndex: step.index });
      for (const command of [step.action, step.compensation]) {
        if (command && !entry.commands.some((name) => nameKey(name) === nameKey(command.name))) entry.commands.push(command.name.trim());
      }
    }
  }
  return [...byKey.values()].map((entry) => ({
    ...entry.ref,
    key: nameKey(entry.ref.name),
    nodeIds: entry.nodeIds,
    steps: entry.steps,
    commands: entry.commands,
  }));
}

/** The commands and replies of every saga step, merged by name (see {@link SagaMessageInfo}). */
function sagaMessagesOf(
  sagas: readonly SagaInfo[],
  style: EventTypeStyle,
  boardCommands: ReadonlySet<string>,
): Pick<BoardAnalysis, "sagaCommands" | "sagaReplies"> {
  type Entry = { key: string; name: string; kind: "command" | "reply"; description: string | null; payload: readonly Field[]; uses: SagaMessageInfo["uses"][number][] };
  const commands = new Map<string, Entry>();
  const replies = new Map<string, Entry>();
  const add = (into: Map<string, Entry>, kind: Entry["kind"], message: StepMessage, use: SagaMessageInfo["uses"][number]) => {
    const key = nameKey(message.name);
    let entry = into.get(key);
    if (!entry) {
      entry = { key, name: message.name.trim(), kind, description: message.description?.trim() || null, payload: message.payload, uses: [] };
      into.set(key, entry);
    }
    entry.uses.push(use);
  };
  const uses = (saga: SagaInfo, step: SagaStepInfo, role: SagaMessageRole) => ({
    saga: saga.name,
    sagaNodeId: saga.nodeIds[0] ?? "",
    stepIndex: step.index,
    role,
    participant: step.participant?.name ?? null,
  });
  for (const saga of sagas) for (const step of saga.steps) add(commands, "command", step.action, uses(saga, step, "action"));
  for (const saga of sagas) {
    for (const step of saga.steps) if (step.compensation) add(commands, "command", step.compensation, uses(saga, step, "compensation"));
  }
  for (const saga of sagas) {
    for (const step of saga.steps) {
      add(replies, "reply", step.success, uses(saga, step, "success"));
      if (step.failure) add(replies, "reply", step.failure, uses(saga, step, "failure"));
    }
  }
  for (const saga of sagas) {
    for (const step of saga.steps) if (step.compensation) add(replies, "reply", step.compensation.reply, uses(saga, step, "compensated"));
  }
  // Every saga with steps may be told that a participant gave up on one of its commands.
  const noticeKey = nameKey(DEAD_LETTER_NOTICE.name);
  const withSteps = sagas.filter((saga) => saga.steps.length > 0);
  if (withSteps.length > 0 && !replies.has(noticeKey)) {
    replies.set(noticeKey, {
      key: noticeKey,
      name: DEAD_LETTER_NOTICE.name,
      kind: "reply",
      description: DEAD_LETTER_NOTICE.description,
      payload: DEAD_LETTER_NOTICE.payload,
      uses: withSteps.map((saga) => ({ saga: saga.name, sagaNodeId: saga.nodeIds[0] ?? "", stepIndex: -1, role: "dead-lettered" as const, participant: null })),
    });
  }
  return {
    sagaCommands: [...commands.values()].map((entry) => ({ ...entry, type: eventTypeOf(entry.name, "pascal"), onBoard: boardCommands.has(entry.key) })),
    sagaReplies: [...replies.values()].map((entry) => ({ ...entry, type: entry.key === noticeKey ? DEAD_LETTER_NOTICE.type : eventTypeOf(entry.name, style), onBoard: false })),
  };
}

function describeConsumer(
  graph: FlowGraph,
  consumer: StickyRef<"service" | "policy" | "readModel" | "saga">,
  policyIssues: ReadonlyMap<string, readonly string[]>,
): EventConsumer {
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

/**
 * The board as a graph of merged stickies and grammar-valid edges, with the few queries the
 * analysis needs.
 */
class FlowGraph {
  private readonly byId = new Map<string, BoardNode>();
  private readonly groupOf = new Map<string, Group>();
  private readonly groupList: Group[] = [];
  private readonly outgoing = new Map<string, BoardNode[]>();
  private readonly incoming = new Map<string, BoardNode[]>();

  constructor(board: Board) {
    const byKey = new Map<string, Group>();
    for (const node of board.nodes) {
      this.byId.set(node.id, node);
      if (node.kind === "hotspot") continue;
      const key = nameKey(node.name);
      let group = byKey.get(`${node.kind}:${key}`);
      if (!group) {
        group = { key, name: node.name.trim(), nodes: [] };
        byKey.set(`${node.kind}:${key}`, group);
        this.groupList.push(group);
      }
      (group.nodes as BoardNode[]).push(node);
      this.groupOf.set(node.id, group);
    }
    for (const edge of board.edges) {
      const source = this.byId.get(edge.source);
      const target = this.byId.get(edge.target);
      if (!source || !target || source.kind === "hotspot" || target.kind === "hotspot") continue;
      if (!checkNodeConnection(source, target).ok) continue;
      push(this.outgoing, source.id, target);
      push(this.incoming, target.id, source);
    }
  }

  /** The merged stickies of one kind, in board order. */
  groups<K extends AnalysedKind>(kind: K): Group<K>[] {
    // Every sticky of a group has the group's kind, so the narrowing is sound.
    return this.groupList.filter((group) => first(group.nodes).kind === kind) as unknown as Group<K>[];
  }

  node(id: string): BoardNode {
    const node = this.byId.get(id);
    if (!node) throw new Error(`analyzeBoard: unknown node ${id}`);
    return node;
  }

  /** The sticky with this id, if the board has one (a saga step may name a deleted sticky). */
  maybeNode(id: string): BoardNode | undefined {
    return this.byId.get(id);
  }

  /** The stickies merged with this one (same kind and name), in board order. */
  groupNodes(id: string): readonly BoardNode[] {
    return this.groupOf.get(id)?.nodes ?? [];
  }

  /** Stickies of `kinds` one valid edge away from any of `nodes`, unique, in order. */
  related<K extends AnalysedKind>(
    nodes: readonly BoardNode[],
    direction: "in" | "out",
    kinds: readonly K[],
  ): StickyRef<K>[] {
    const edges = direction === "in" ? this.incoming : this.outgoing;
    const seen = new Set<string>();
    const refs: StickyRef<K>[] = [];
    for (const node of nodes) {
      for (const other of edges.get(node.id) ?? []) {
        if (seen.has(other.id) || !(kinds as readonly NodeKind[]).includes(other.kind)) continue;
        seen.add(other.id);
        refs.push({ kind: other.kind as K, name: this.nameOf(other), nodeId: other.id });
      }
    }
    return refs;
  }

  /** The merged names of {@link related} stickies, unique. */
  relatedNames(
    nodes: readonly BoardNode[],
    direction: "in" | "out",
    kinds: readonly AnalysedKind[],
  ): string[] {
    return unique(this.related(nodes, direction, kinds).map((ref) => ref.name));
  }

  /** The merged name of a sticky's group. */
  nameOf(node: BoardNode): string {
    return this.groupOf.get(node.id)?.name ?? node.name.trim();
  }
}

/** `compute`, called once per sticky id; later calls with the same sticky return the first result. */
function memoById<R extends StickyRef, T>(compute: (ref: R) => T): (ref: R) => T {
  const results = new Map<string, T>();
  return (ref) => {
    let result = results.get(ref.nodeId);
    if (result === undefined) results.set(ref.nodeId, (result = compute(ref)));
    return result;
  };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function ids(nodes: readonly BoardNode[]): string[] {
  return nodes.map((node) => node.id);
}

/** A group always has at least one sticky. */
function first<T>(list: readonly T[]): T {
  const [head] = list;
  if (head === undefined) throw new Error("analyzeBoard: empty group");
  return head;
}

/** The first sticky that sets `key`, or the first sticky (whose value is then undefined). */
function firstSet<N extends BoardNode, K extends keyof N>(nodes: readonly N[], key: K): N {
  return nodes.find((node) => node[key] !== undefined) ?? first(nodes);
}

function firstDescription(nodes: readonly BoardNode[]): string | null {
  return nodes.find((node) => node.description?.trim())?.description ?? null;
}
