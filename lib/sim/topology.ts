import {
  analyzeBoard,
  indexAnalysis,
  camelCase,
  deriveTopology,
  edgeIndex,
  messageRouteKey,
  nameKey,
  routesByMessage,
  type Board,
  type AnalysisIndex,
  type BoardAnalysis,
  type BoardTopology,
  type CommandInfo,
  type ConsumerGroup,
  type EdgeIndex,
  type EventInfo,
  type Route,
  type SagaInfo,
  type SagaMessageInfo,
  type SagaStepInfo,
} from "../model";

/*
 * What a board means at run time. The delivery topology (channels, consumer groups, their
 * names, dead-letter queues and retry policies, where each message lands on the board) is
 * lib/model's `deriveTopology`, taken as it is: the simulator registers exactly what the design
 * document prints. This file only adds what the handlers need to look things up quickly.
 */

/** What one event consumer does with one event type. */
export interface ConsumerAction {
  /** In words (`Send confirmation`; several stickies of one service: joined with "; "). */
  readonly action: string;
  /** Services: the events it emits after its action. */
  readonly emits: readonly EventInfo[];
  /** Policies: the commands it issues, with the sticky each one is drawn as (for the live view). */
  readonly issues: readonly CommandInfo[];
  /** The policy sticky that issues them. */
  readonly nodeId: string;
}

/** A consumer group of the board, as the broker runs it. */
export interface RunGroup extends ConsumerGroup {
  /** Event consumers: what it does per event type. */
  readonly actions: ReadonlyMap<string, ConsumerAction>;
}

/** The board's merged elements by name key (`indexAnalysis`), and what the run adds to them. */
export interface Topology extends Omit<AnalysisIndex, "policies"> {
  readonly analysis: BoardAnalysis;
  readonly delivery: BoardTopology;
  readonly eventsByType: ReadonlyMap<string, EventInfo>;
  readonly groups: readonly RunGroup[];
  readonly groupsByName: ReadonlyMap<string, RunGroup>;
  /** By `<kind>:<nameKey>` of the consumer. */
  readonly groupsByKey: ReadonlyMap<string, RunGroup>;
  /** The groups that take a message from a channel: `messageRouteKey(channel, type)` → routes. */
  readonly routes: ReadonlyMap<string, readonly { readonly group: RunGroup; readonly route: Route }[]>;
  /** Step commands and replies by type. */
  readonly stepCommands: ReadonlyMap<string, SagaMessageInfo>;
  readonly stepReplies: ReadonlyMap<string, SagaMessageInfo>;
  /** Commands a run can start with: issued by an actor or by nobody, and handled by something. */
  readonly entryCommands: readonly CommandInfo[];
  readonly edges: EdgeIndex;
  /** `nameKey(name)`, remembered: hot paths look things up by merged name. */
  key(name: string): string;
  /** The groups (with their routes) that take `type` from `channel`. */
  routesOf(channel: string, type: string): readonly { readonly group: RunGroup; readonly route: Route }[];
  /** The command channel of a step's participant. */
  commandChannelOf(step: SagaStepInfo): string;
  /** The reply channel of a saga. */
  replyChannelOf(saga: SagaInfo): string;
  /** The consumer group of a saga (it takes its start events and its replies). */
  sagaGroup(saga: SagaInfo): RunGroup | undefined;
  /** The consumer group of a step's participant. */
  participantGroup(step: SagaStepInfo): RunGroup | undefined;
}

/** Builds the run-time view of a board. Pure; call once per run. */
export function buildTopology(board: Board): Topology {
  const analysis = analyzeBoard(board);
  const delivery = deriveTopology(board, analysis);
  const { events, commands, sagas, readModels } = indexAnalysis(analysis);
  const eventOf = (name: string) => events.get(nameKey(name));
  const commandOf = (name: string) => commands.get(nameKey(name));

  // What each event consumer does per event type, merged over its stickies.
  const actions = new Map<string, Map<string, ConsumerAction>>();
  for (const event of analysis.events) {
    for (const consumer of event.consumers) {
      const key = `${consumer.kind}:${nameKey(consumer.name)}`;
      const byType = actions.get(key) ?? new Map<string, ConsumerAction>();
      actions.set(key, byType);
      const emits = (consumer.emits ?? []).flatMap((name) => eventOf(name) ?? []);
      const issues = (consumer.issues ?? []).flatMap((name) => commandOf(name) ?? []);
      const previous = byType.get(event.eventType);
      byType.set(
        event.eventType,
        previous
          ? {
              action: previous.action === consumer.action ? previous.action : `${previous.action}; ${consumer.action}`,
              emits: unique([...previous.emits, ...emits]),
              issues: unique([...previous.issues, ...issues]),
              nodeId: previous.nodeId,
            }
          : { action: consumer.action, emits, issues, nodeId: consumer.nodeId },
      );
    }
  }
  const groups: RunGroup[] = delivery.groups.map((group) => ({ ...group, actions: actions.get(group.key) ?? new Map() }));
  const groupsByKey = new Map(groups.map((group) => [group.key, group]));
  const routes = new Map<string, { group: RunGroup; route: Route }[]>();
  for (const [key, list] of routesByMessage(delivery)) routes.set(key, list.map(({ group, route }) => ({ group: groupsByKey.get(group.key)!, route })));

  return {
    analysis,
    delivery,
    events,
    eventsByType: new Map(analysis.events.map((event) => [event.eventType, event])),
    commands,
    sagas,
    readModels,
    groups,
    groupsByName: new Map(groups.map((group) => [group.name, group])),
    groupsByKey,
    routes,
    stepCommands: new Map(analysis.sagaCommands.map((command) => [command.type, command])),
    stepReplies: new Map(analysis.sagaReplies.map((reply) => [reply.type, reply])),
    entryCommands: analysis.commands.filter((command) => command.isEntry && command.handlers.length > 0),
    edges: edgeIndex(board),
    key: memoKey(),
    routesOf: (channel, type) => routes.get(messageRouteKey(channel, type)) ?? [],
    commandChannelOf: (step) => (step.participant ? (delivery.commandChannels.get(`${step.participant.kind}:${nameKey(step.participant.name)}`) ?? "") : ""),
    replyChannelOf: (saga) => delivery.replyChannels.get(saga.key) ?? "",
    sagaGroup: (saga) => groupsByKey.get(`saga:${saga.key}`),
    participantGroup: (step) => (step.participant ? groupsByKey.get(`${step.participant.kind}:${nameKey(step.participant.name)}`) : undefined),
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
