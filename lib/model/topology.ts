import { analyzeBoard, type BoardAnalysis, type ParticipantKind, type SagaInfo } from "./analyze";
import { DEAD_LETTER_NOTICE, DEFAULT_RETRY_POLICY, DEFAULTS, type RetryPolicy } from "./defaults";
import { kebabCase, nameKey } from "./names";
import { sagaStepEdges } from "./sagaEdges";
import type { Board, BoardNode, ConsumerDelivery } from "./schema";

/*
 * The delivery topology of a board: its channels (event topics, participants' command channels,
 * sagas' reply channels), its consumer groups with their dead-letter queues and retry policies,
 * and where each message a group takes lands on the board. Derived here, once, and read by the
 * design document, the AsyncAPI document and the simulator, so that what the documents promise
 * is what a run does.
 *
 * - One consumer group per merged consumer (services, policies, read models and sagas that
 *   consume events) and per merged saga participant (a service that is both is one group), in
 *   board order of its first sticky. A group is named by its consumer's `delivery.group`, else
 *   its name in kebab case (`EmailService` → `email-service`); a name already taken gets `-2`,
 *   `-3` … (explicit names are taken first; two equal explicit names are a validation error).
 *   Its dead-letter queue is `<group>.dlq`.
 * - A group's retry policy is the built-in default, then the board's `settings.delivery`, then
 *   the consumer's `delivery` (key by key; among merged stickies the first that sets a key).
 * - Channels: each event topic with its events; each participant's command channel
 *   (`commandChannel`, else `<participant>.commands`) with the step commands sent to it; each
 *   saga's reply channel (`replyChannel`, else `<saga>.replies`) with its steps' replies.
 *   Commands and replies are keyed by the saga's subject (`aggregateId`); an event by its
 *   `partitionKey`.
 */

/** What a consumer group consumes for. */
export type ConsumerKind = "service" | "policy" | "readModel" | "saga" | ParticipantKind;

export type MessageKind = "event" | "command" | "reply";
export type ChannelKind = "events" | "commands" | "replies";

/** One kind of message on a channel. */
export interface ChannelMessage {
  readonly kind: MessageKind;
  /** The merged name (`OrderPlaced`, `ChargePayment`). */
  readonly name: string;
  /** Its `nameKey`. */
  readonly key: string;
  /** What the broker routes on: an event's or reply's event type, a command's Pascal-case name. */
  readonly type: string;
  /** The payload field that orders it (`aggregateId`: the subject's id). */
  readonly partitionKey: string;
}

export interface Channel {
  /** The topic, subject or queue address. */
  readonly name: string;
  readonly kind: ChannelKind;
  /** Command channels: the participant; reply channels: the saga; topics: null. */
  readonly owner: { readonly kind: ConsumerKind; readonly name: string } | null;
  readonly messages: readonly ChannelMessage[];
  /** The distinct partition keys of its messages, in order. */
  readonly partitionKeys: readonly string[];
}

/** A message a group takes, and where it lands on the board. */
export interface Route extends ChannelMessage {
  readonly channel: string;
  /** The sticky that handles it: where the live view counts it. */
  readonly nodeId: string;
  /** The drawn edge it crosses to get there (event → consumer, saga → participant), if any. */
  readonly edgeId: string | null;
}

export interface ConsumerGroup {
  /** As the documents print it and the broker registers it: `email-service`. */
  readonly name: string;
  /** `<name>.dlq`. */
  readonly dlq: string;
  readonly kind: ConsumerKind;
  /** The consumer's merged name. */
  readonly consumer: string;
  /** `<kind>:<nameKey>`: one group per merged consumer. */
  readonly key: string;
  readonly nodeIds: readonly string[];
  readonly policy: RetryPolicy;
  /** What it takes, by channel then message, in board order. */
  readonly routes: readonly Route[];
}

export interface BoardTopology {
  /** The board's retry policy (built-in defaults under `settings.delivery`). */
  readonly defaults: RetryPolicy;
  readonly channels: readonly Channel[];
  readonly groups: readonly ConsumerGroup[];
  /** The command channel of each participant, by `<kind>:<nameKey>`. */
  readonly commandChannels: ReadonlyMap<string, string>;
  /** The reply channel of each saga, by its `nameKey`. */
  readonly replyChannels: ReadonlyMap<string, string>;
}

/** Derives the topology of `board` (see the rules at the top of this file). Pure. */
export function deriveTopology(board: Board, analysis: BoardAnalysis = analyzeBoard(board)): BoardTopology {
  const nodesById = new Map(board.nodes.map((node, index) => [node.id, { node, index }]));
  const edges = edgeIndex(board);
  const stepEdges = sagaStepEdges(board);
  const defaults = resolvePolicy(DEFAULT_RETRY_POLICY, board.settings?.delivery);

  // Channels ----------------------------------------------------------------------------------
  const channels: Channel[] = [];
  const topics = new Map<string, ChannelMessage[]>();
  for (const event of analysis.events) {
    const message: ChannelMessage = { kind: "event", name: event.name, key: event.key, type: event.eventType, partitionKey: event.partitionKey };
    const list = topics.get(event.topic);
    if (list) list.push(message);
    else topics.set(event.topic, [message]);
  }
  for (const [name, messages] of topics) channels.push(channel(name, "events", null, messages));

  const commandChannels = new Map<string, string>();
  const commandType = new Map(analysis.sagaCommands.map((command) => [command.key, command]));
  for (const participant of analysis.participants) {
    const key = `${participant.kind}:${participant.key}`;
    const nodes = participant.nodeIds.flatMap((id) => nodesById.get(id)?.node ?? []);
    const name = firstString(nodes, "commandChannel") ?? `${kebabCase(participant.name) || "participant"}.commands`;
    commandChannels.set(key, name);
    const messages = participant.commands.flatMap((command): ChannelMessage[] => {
      const info = commandType.get(nameKey(command));
      return info ? [{ kind: "command", name: info.name, key: info.key, type: info.type, partitionKey: DEFAULTS.partitionKey }] : [];
    });
    channels.push(channel(name, "commands", { kind: participant.kind, name: participant.name }, messages));
  }

  const replyChannels = new Map<string, string>();
  const replyInfo = new Map(analysis.sagaReplies.map((reply) => [reply.key, reply]));
  for (const saga of analysis.sagas) {
    if (saga.steps.length === 0) continue;
    const nodes = saga.nodeIds.flatMap((id) => nodesById.get(id)?.node ?? []);
    const name = firstString(nodes, "replyChannel") ?? `${kebabCase(saga.name) || "saga"}.replies`;
    replyChannels.set(saga.key, name);
    const seen = new Set<string>();
    const messages = repliesOf(saga).flatMap((reply): ChannelMessage[] => {
      const info = replyInfo.get(nameKey(reply));
      if (!info || seen.has(info.key)) return [];
      seen.add(info.key);
      return [{ kind: "reply", name: info.name, key: info.key, type: info.type, partitionKey: DEFAULTS.partitionKey }];
    });
    channels.push(channel(name, "replies", { kind: "saga", name: saga.name }, messages));
  }

  // Groups and what each takes -----------------------------------------------------------------
  interface Draft {
    key: string;
    kind: ConsumerKind;
    consumer: string;
    nodeIds: string[];
    routes: Route[];
    taken: Set<string>;
  }
  const drafts = new Map<string, Draft>();
  const draft = (kind: ConsumerKind, name: string, nodeIds: readonly string[]): Draft => {
    const key = `${kind}:${nameKey(name)}`;
    let entry = drafts.get(key);
    if (!entry) {
      entry = { key, kind, consumer: name, nodeIds: [], routes: [], taken: new Set() };
      drafts.set(key, entry);
    }
    for (const id of nodeIds) if (!entry.nodeIds.includes(id)) entry.nodeIds.push(id);
    return entry;
  };
  const take = (entry: Draft, route: Route) => {
    const id = `${route.channel}\u0000${route.type}`;
    if (entry.taken.has(id)) return;
    entry.taken.add(id);
    entry.routes.push(route);
  };

  const groupNodeIds = groupsOfNodes(board);
  for (const event of analysis.events) {
    for (const consumer of event.consumers) {
      const entry = draft(consumer.kind, consumer.name, groupNodeIds.get(consumer.nodeId) ?? [consumer.nodeId]);
      take(entry, {
        kind: "event",
        name: event.name,
        key: event.key,
        type: event.eventType,
        partitionKey: event.partitionKey,
        channel: event.topic,
        nodeId: consumer.nodeId,
        edgeId: edges.between(event.nodeIds, consumer.nodeId),
      });
    }
  }
  for (const saga of analysis.sagas) {
    const replyChannel = replyChannels.get(saga.key);
    const sagaNode = saga.nodeIds[0] ?? "";
    for (const step of saga.steps) {
      const participant = step.participant;
      if (!participant) continue;
      const participantKey = `${participant.kind}:${nameKey(participant.name)}`;
      const commandChannel = commandChannels.get(participantKey) ?? "";
      const edgeId = stepEdges.ofStep.get(saga.nodeIds[0] ?? "")?.[step.index] ?? null;
      const entry = draft(participant.kind, participant.name, groupNodeIds.get(participant.nodeId) ?? [participant.nodeId]);
      for (const command of [step.action, step.compensation]) {
        const info = command ? commandType.get(nameKey(command.name)) : undefined;
        if (!info) continue;
        take(entry, { kind: "command", name: info.name, key: info.key, type: info.type, partitionKey: DEFAULTS.partitionKey, channel: commandChannel, nodeId: participant.nodeId, edgeId });
      }
      if (!replyChannel) continue;
      const sagaEntry = draft("saga", saga.name, saga.nodeIds);
      for (const reply of [step.success, step.failure, step.compensation?.reply]) {
        const info = reply ? replyInfo.get(nameKey(reply.name)) : undefined;
        if (!info) continue;
        take(sagaEntry, { kind: "reply", name: info.name, key: info.key, type: info.type, partitionKey: DEFAULTS.partitionKey, channel: replyChannel, nodeId: sagaNode, edgeId });
      }
    }
    // The notice of a command a participant gave up on: no arrow carries it (it comes from whichever participant).
    const notice = replyInfo.get(nameKey(DEAD_LETTER_NOTICE.name));
    if (replyChannel && notice && saga.steps.some((step) => step.participant)) {
      take(draft("saga", saga.name, saga.nodeIds), { kind: "reply", name: notice.name, key: notice.key, type: notice.type, partitionKey: DEFAULTS.partitionKey, channel: replyChannel, nodeId: sagaNode, edgeId: null });
    }
  }

  // Board order of each group's first sticky; explicit names first, then the defaults.
  const ordered = [...drafts.values()].sort((a, b) => firstIndex(a.nodeIds, nodesById) - firstIndex(b.nodeIds, nodesById));
  // A group's name and its DLQ's are both taken: no group may be named like another's DLQ.
  const taken = new Set<string>();
  const claim = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name) || taken.has(deadLetterQueueName(name)); n++) name = `${base}-${n}`;
    taken.add(name);
    taken.add(deadLetterQueueName(name));
    return name;
  };
  const deliveryOf = (entry: Draft) => entry.nodeIds.flatMap((id) => {
    const node = nodesById.get(id)?.node;
    return node && "delivery" in node && node.delivery ? [node.delivery] : [];
  });
  const explicit = new Map<Draft, string>();
  for (const entry of ordered) {
    const group = deliveryOf(entry).find((delivery) => delivery.group !== undefined)?.group;
    if (group !== undefined) explicit.set(entry, claim(group));
  }
  const groups = ordered.map((entry): ConsumerGroup => {
    const name = explicit.get(entry) ?? claim(defaultGroupName(entry));
    const overrides = deliveryOf(entry);
    return {
      name,
      dlq: deadLetterQueueName(name),
      kind: entry.kind,
      consumer: entry.consumer,
      key: entry.key,
      nodeIds: entry.nodeIds,
      policy: resolvePolicy(defaults, mergeFirst(overrides)),
      routes: entry.routes,
    };
  });

  return { defaults, channels, groups, commandChannels, replyChannels };
}

/** The name a consumer's group gets unless its `delivery.group` sets one (and another group has not taken it): its name in kebab case. */
export function defaultGroupName(consumer: { readonly consumer: string; readonly kind: string }): string {
  return kebabCase(consumer.consumer) || consumer.kind.toLowerCase();
}

/** The name of a consumer group's dead-letter queue: `<group>.dlq`. */
export function deadLetterQueueName(group: string): string {
  return `${group}.dlq`;
}

/**
 * The wait before attempt `attempt + 1` (so `attempt` 1 is the wait after the first failure):
 * `initialDelayMs × multiplier^(attempt−1)`, plus up to `jitter` of it (`draw` in [0, 1) says how
 * much), never more than `maxDelayMs`. The one formula of a retry's delay: the documents print
 * it with `draw` 0, the simulator waits it with a seeded draw.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, draw = 0): number {
  const base = policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1);
  return Math.round(Math.min(policy.maxDelayMs, base * (1 + policy.jitter * draw)));
}

/** The waits between the attempts of a policy, before jitter: `[200, 400, 800, 1600]` for the default. */
export function retrySchedule(policy: RetryPolicy): number[] {
  return Array.from({ length: Math.max(0, policy.maxAttempts - 1) }, (_, i) => retryDelayMs(policy, i + 1, 0));
}

/** The groups that take a message from a channel, with where each lands: `<channel>\0<type>` → routes. */
export function routesByMessage(topology: BoardTopology): Map<string, { group: ConsumerGroup; route: Route }[]> {
  const routes = new Map<string, { group: ConsumerGroup; route: Route }[]>();
  for (const group of topology.groups) {
    for (const route of group.routes) {
      const key = messageRouteKey(route.channel, route.type);
      const list = routes.get(key);
      if (list) list.push({ group, route });
      else routes.set(key, [{ group, route }]);
    }
  }
  return routes;
}

/** The key of {@link routesByMessage}. */
export function messageRouteKey(channel: string, type: string): string {
  return `${channel}\u0000${type}`;
}

/** The first drawn edge from any of `sources` to `target`, by edge order: what a message crosses. */
export interface EdgeIndex {
  between(sources: readonly string[], target: string): string | null;
}

export function edgeIndex(board: Pick<Board, "edges">): EdgeIndex {
  const bySourceTarget = new Map<string, { id: string; order: number }>();
  board.edges.forEach((edge, order) => {
    const key = `${edge.source}\u0000${edge.target}`;
    if (!bySourceTarget.has(key)) bySourceTarget.set(key, { id: edge.id, order });
  });
  return {
    between(sources, target) {
      let best: { id: string; order: number } | undefined;
      for (const source of sources) {
        const found = bySourceTarget.get(`${source}\u0000${target}`);
        if (found && (!best || found.order < best.order)) best = found;
      }
      return best?.id ?? null;
    },
  };
}

function channel(name: string, kind: ChannelKind, owner: Channel["owner"], messages: ChannelMessage[]): Channel {
  return { name, kind, owner, messages, partitionKeys: [...new Set(messages.map((message) => message.partitionKey))] };
}

/** The replies a saga awaits on its reply channel, in step order, then the dead-letter notice. */
function repliesOf(saga: SagaInfo): string[] {
  const replies = saga.steps.flatMap((step) => [step.success.name, ...(step.failure ? [step.failure.name] : []), ...(step.compensation ? [step.compensation.reply.name] : [])]);
  return replies.length > 0 ? [...replies, DEAD_LETTER_NOTICE.name] : [];
}

/** Same-kind, same-name stickies of each sticky, by id (hotspots excluded). */
function groupsOfNodes(board: Board): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const node of board.nodes) {
    if (node.kind === "hotspot") continue;
    const key = `${node.kind}:${nameKey(node.name)}`;
    const list = byName.get(key) ?? [];
    list.push(node.id);
    byName.set(key, list);
  }
  const out = new Map<string, string[]>();
  for (const list of byName.values()) for (const id of list) out.set(id, list);
  return out;
}

function firstIndex(ids: readonly string[], nodes: ReadonlyMap<string, { index: number }>): number {
  return Math.min(...ids.map((id) => nodes.get(id)?.index ?? Number.MAX_SAFE_INTEGER));
}

function firstString(nodes: readonly BoardNode[], key: "commandChannel" | "replyChannel"): string | undefined {
  for (const node of nodes) {
    const value = (node as Partial<Record<typeof key, string>>)[key];
    if (value !== undefined && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** Of several stickies' overrides, key by key the first that sets it. */
function mergeFirst(overrides: readonly ConsumerDelivery[]): Partial<RetryPolicy> {
  const out: Partial<Record<keyof RetryPolicy, number>> = {};
  for (const override of overrides) {
    for (const key of ["maxAttempts", "initialDelayMs", "multiplier", "maxDelayMs", "jitter"] as const) {
      if (out[key] === undefined && override[key] !== undefined) out[key] = override[key];
    }
  }
  return out;
}

function resolvePolicy(base: RetryPolicy, override: Partial<RetryPolicy> | undefined): RetryPolicy {
  if (!override) return base;
  return {
    maxAttempts: override.maxAttempts ?? base.maxAttempts,
    initialDelayMs: override.initialDelayMs ?? base.initialDelayMs,
    multiplier: override.multiplier ?? base.multiplier,
    maxDelayMs: override.maxDelayMs ?? base.maxDelayMs,
    jitter: override.jitter ?? base.jitter,
  };
}
