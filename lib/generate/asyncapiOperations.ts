import type { EventInfo, StickyRef } from "../model/analyze";
import { KIND_META } from "../model/kinds";
import { kebabCase, nameKey } from "../model/names";
import type { Channel, ChannelKind, ConsumerGroup, MessageKind, Route } from "../model/topology";
import { KAFKA_BINDING_VERSION, type ComponentKeys } from "./asyncapiMessages";
import { consumerAction, contextTags, type GenerateContext } from "./context";
import { oneLine } from "./escape";
import { CATALOG_WORDS, DESIGN_WORDS } from "./i18n";
import { asciiKey, IdentifierAllocator } from "./identifiers";
import { defineKey, type JsonSchema } from "./payloadSchema";
import { retryPolicyText } from "./retryPolicyText";

/*
 * The AsyncAPI document's channels and operations (asyncapi.ts assembles the document): a channel
 * per topology channel, `send` operations per producer, saga and participant, and `receive`
 * operations per consumer group and channel with the group's trait. Where messages travel and who
 * sends and takes them, as opposed to what they are (asyncapiMessages.ts).
 */

/** Which kind of channel carries each kind of message. */
const CHANNEL_OF_MESSAGE: Readonly<Record<MessageKind, ChannelKind>> = { event: "events", command: "commands", reply: "replies" };

/** The channels, the operations on them, and each consumer group's operation trait. */
export function channelsAndOperations(
  context: GenerateContext,
  keys: ComponentKeys,
): { channels: JsonSchema; operations: JsonSchema; operationTraits: JsonSchema } {
  const { analysis, topology } = context;

  // Channels: one per topology channel. Two channels of one kind and name (a validation error)
  // are one channel here, holding the messages of both, so that every reference resolves.
  const channelKeys = new IdentifierAllocator(["__proto__"]);
  const channelKeyOf = new Map<string, string>();
  const channels: JsonSchema = {};
  for (const channel of topology.channels) {
    const id = channelId(channel.kind, channel.name);
    let key = channelKeyOf.get(id);
    if (key === undefined) {
      key = channelKeys.allocate(asciiKey(channel.name), (k) => [k]);
      channelKeyOf.set(id, key);
      defineKey(channels, key, {
        address: channelAddress(channel.name),
        title: channel.name,
        description: channelDescription(channel),
        messages: {},
      });
    }
    const messages = (channels[key] as { messages: JsonSchema }).messages;
    for (const message of channel.messages) {
      const messageKey = keys.message(message.kind, message.key);
      if (messageKey) defineKey(messages, messageKey, { $ref: `#/components/messages/${messageKey}` });
    }
  }
  const channelRef = (kind: ChannelKind, name: string) => channelKeyOf.get(channelId(kind, name)) ?? "";
  const messageRef = (kind: MessageKind, channel: string, key: string) => ({
    $ref: `#/channels/${channelRef(CHANNEL_OF_MESSAGE[kind], channel)}/messages/${keys.message(kind, key) ?? ""}`,
  });

  const operationKeys = new IdentifierAllocator(["__proto__"]);
  const operations: JsonSchema = {};
  const operation = (owner: string, action: "send" | "receive", channelKey: string, body: JsonSchema) => {
    const key = operationKeys.allocate(`${asciiKey(owner)}.${action}.${channelKey}`, (k) => [k]);
    defineKey(operations, key, { action, channel: { $ref: `#/channels/${channelKey}` }, ...body });
  };

  // Events: each producer sends on its topics.
  for (const producer of producersOf(analysis.events)) {
    for (const [topic, events] of groupBy(producer.events, (event) => event.topic)) {
      operation(kebabCase(producer.ref.name), "send", channelRef("events", topic), {
        ...contextTags(context, producer.ref.nodeId),
        summary: `${oneLine(producer.ref.name)} (${KIND_META[producer.ref.kind].noun}) emits ${events.map((event) => oneLine(event.name)).join(", ")}.`,
        messages: events.map((event) => messageRef("event", event.topic, event.key)),
      });
    }
  }
  // Sagas: each saga sends its step commands on its participants' command channels, and each
  // participant sends its replies on the saga's reply channel.
  for (const saga of analysis.sagas) {
    const sends = sagaSends(context, saga.key);
    for (const [channel, commands] of sends.commands) {
      const to = [...new Set(commands.map((entry) => entry.participant))].join(", ");
      operation(kebabCase(saga.name), "send", channelRef("commands", channel), {
        ...contextTags(context, saga.nodeIds[0]),
        summary: `${oneLine(saga.name)} (saga) sends ${commands.map((entry) => oneLine(entry.name)).join(", ")} to ${to}.`,
        messages: commands.map((entry) => messageRef("command", channel, entry.key)),
      });
    }
    const replyChannel = topology.replyChannels.get(saga.key);
    if (replyChannel === undefined) continue;
    for (const { participant, replies } of sends.replies) {
      operation(kebabCase(participant.name), "send", channelRef("replies", replyChannel), {
        ...contextTags(context, participant.nodeId),
        summary: `${oneLine(participant.name)} (${KIND_META[participant.kind].noun}) replies ${replies.map((entry) => oneLine(entry.name)).join(", ")} to ${oneLine(saga.name)}.`,
        messages: replies.map((entry) => messageRef("reply", replyChannel, entry.key)),
      });
    }
  }

  // Every consumer group receives what the topology routes to it, channel by channel, with its
  // own trait: the Kafka group id, its retry policy and its dead-letter queue.
  const operationTraits: JsonSchema = {};
  const traitKeys = new IdentifierAllocator(["__proto__"]);
  const eventsByKey = new Map(analysis.events.map((event) => [event.key, event]));
  for (const group of topology.groups) {
    const trait = traitKeys.allocate(asciiKey(group.name), (k) => [k]);
    defineKey(operationTraits, trait, {
      description: groupDescription(group),
      bindings: { kafka: { groupId: { type: "string", enum: [group.name] }, bindingVersion: KAFKA_BINDING_VERSION } },
    });
    for (const routes of groupBy(group.routes, (route) => channelId(CHANNEL_OF_MESSAGE[route.kind], route.channel)).values()) {
      const first = routes[0];
      if (!first) continue;
      operation(group.name, "receive", channelRef(CHANNEL_OF_MESSAGE[first.kind], first.channel), {
        ...contextTags(context, group.nodeIds[0]),
        summary: receiveSummary(context, eventsByKey, group, routes),
        messages: routes.map((route) => messageRef(route.kind, route.channel, route.key)),
        traits: [{ $ref: `#/components/operationTraits/${trait}` }],
      });
    }
  }
  return { channels, operations, operationTraits };
}

/** A channel of one kind and name; names alone may meet (a topic and a reply channel both `yes`). */
function channelId(kind: ChannelKind, name: string): string {
  return `${kind}\u0000${name}`;
}

function channelDescription(channel: Channel): string {
  const keyed = `keyed by ${channel.partitionKeys.join(", ")}`;
  const owner = channel.owner ? oneLine(channel.owner.name) : "";
  switch (channel.kind) {
    case "events":
      return `Events published on topic ${channel.name}, ${keyed}.`;
    case "commands":
      return `Saga step commands sent to ${owner} (${KIND_META[channel.owner?.kind ?? "service"].noun}), ${keyed} (the saga's subject).`;
    case "replies":
      return `Replies to the steps of saga ${owner}, ${keyed} (the saga's subject).`;
  }
}

/**
 * What one saga sends: its step commands by command channel (actions and compensations, in
 * step order), and per participant the replies it sends back, in order of first step.
 */
function sagaSends(context: GenerateContext, sagaKey: string) {
  const { analysis, topology } = context;
  const saga = analysis.sagas.find((entry) => entry.key === sagaKey);
  const commands = new Map<string, { key: string; name: string; participant: string }[]>();
  const replies = new Map<string, { participant: StickyRef; replies: { key: string; name: string }[] }>();
  const add = <T extends { key: string }>(list: T[], entry: T) => {
    if (!list.some((existing) => existing.key === entry.key)) list.push(entry);
  };
  for (const step of saga?.steps ?? []) {
    const participant = step.participant;
    if (!participant) continue;
    const participantKey = `${participant.kind}:${nameKey(participant.name)}`;
    const channel = topology.commandChannels.get(participantKey);
    if (channel !== undefined) {
      const list = commands.get(channel) ?? [];
      for (const command of [step.action, step.compensation]) {
        if (command) add(list, { key: nameKey(command.name), name: command.name, participant: oneLine(participant.name) });
      }
      commands.set(channel, list);
    }
    const entry = replies.get(participantKey) ?? { participant, replies: [] };
    for (const reply of [step.success, step.failure, step.compensation?.reply]) {
      if (reply) add(entry.replies, { key: nameKey(reply.name), name: reply.name });
    }
    replies.set(participantKey, entry);
  }
  return { commands, replies: [...replies.values()] };
}

/**
 * A topic, command or reply channel as a channel address. Braces mark parameters in an
 * AsyncAPI address, so a name that contains them has them replaced by parentheses (the `title`
 * keeps the name as typed).
 */
function channelAddress(name: string): string {
  return name.replace(/\{/gu, "(").replace(/\}/gu, ")");
}

/** Every producer (merged by kind and name) with the events it emits, in order of first event. */
function producersOf(events: readonly EventInfo[]): { ref: StickyRef; events: EventInfo[] }[] {
  const producers = new Map<string, { ref: StickyRef; events: EventInfo[] }>();
  for (const event of events) {
    for (const ref of event.producers) {
      const key = `${ref.kind}:${nameKey(ref.name)}`;
      const entry = producers.get(key);
      if (!entry) producers.set(key, { ref, events: [event] });
      else if (!entry.events.includes(event)) entry.events.push(event);
    }
  }
  return [...producers.values()];
}

/** `items` grouped by `keyOf`, groups in order of first item. */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * What a group does with what it receives on one channel: for events, each action with the
 * events it is done for (`EmailService (service): Send confirmation (OrderPlaced); Send shipping
 * notification (OrderShipped).`); for step commands, that the participant handles them and
 * replies; for replies, that the saga awaits them.
 */
function receiveSummary(context: GenerateContext, events: ReadonlyMap<string, EventInfo>, group: ConsumerGroup, routes: readonly Route[]): string {
  const who = `${oneLine(group.consumer)} (${KIND_META[group.kind].noun})`;
  const messages = routes.map((route) => oneLine(route.name)).join(", ");
  const kind = routes[0]?.kind;
  if (kind === "command") return `${who} handles ${messages} from saga steps and replies on the saga's reply channel.`;
  if (kind === "reply") return `${who} awaits its steps' replies: ${messages}.`;
  const words = CATALOG_WORDS.en;
  // Action -> the events it is done for, so a read model reads "Update read model (A, B, C)".
  const actions = new Map<string, string[]>();
  for (const route of routes) {
    for (const consumer of events.get(route.key)?.consumers ?? []) {
      if (consumer.kind !== group.kind || nameKey(consumer.name) !== nameKey(group.consumer)) continue;
      const action = consumerAction(context, consumer, words, oneLine);
      const list = actions.get(action) ?? [];
      if (!list.includes(route.name)) list.push(route.name);
      actions.set(action, list);
    }
  }
  const done = [...actions].map(([action, names]) => `${action} (${names.map(oneLine).join(", ")})`);
  return `${who}: ${done.join("; ")}.`;
}

/** The group's delivery in a sentence: idempotence, its own retry policy and its dead-letter queue. */
function groupDescription(group: ConsumerGroup): string {
  const ids = [...new Set(group.routes.map((route) => (route.kind === "command" ? "commandId" : "eventId")))].join(" or ");
  const policy = retryPolicyText(group.policy, DESIGN_WORDS.en.retry);
  return (
    `Consumer group ${group.name}: at-least-once delivery to an idempotent consumer (duplicates skipped by ${ids || "eventId"}). ` +
    `Retry policy: ${policy}; then the dead-letter queue ${group.dlq}.`
  );
}
