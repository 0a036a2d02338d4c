import type { EventInfo, SagaMessageInfo, StickyRef } from "../model/analyze";
import { DEFAULTS } from "../model/defaults";
import { KIND_META } from "../model/kinds";
import { kebabCase, nameKey } from "../model/names";
import type { Board } from "../model/schema";
import type { Channel, ChannelKind, ConsumerGroup, MessageKind, Route } from "../model/topology";
import { printYaml } from "./yaml";
import { consumerAction, contextOf, type GenerateContext } from "./context";
import { oneLine } from "./escape";
import { CATALOG_WORDS, DESIGN_WORDS } from "./i18n";
import { asciiKey, IdentifierAllocator } from "./identifiers";
import { defineKey, objectSchema, type JsonSchema } from "./payloadSchema";
import { retryPolicyText } from "./retryPolicyText";
import { sagaMessageUses, type SagaMessageUse } from "./sagaMessages";

/*
 * The `asyncapi` format: one AsyncAPI 3.0.0 document, built as data and printed by `printYaml`
 * (yaml.ts; never by pasting strings), so that no name can break the YAML: it quotes whatever is
 * not plainly safe, `yes`, `off` and `2001-12-14` included, and reads back the same with YAML 1.1
 * and 1.2 loaders.
 *
 * Channels, consumer groups and routes come from the board's topology (lib/model
 * `deriveTopology`), the derivation the simulator registers; nothing here derives its own.
 * - a channel per topology channel (`address` = its name): event topics, participants' command
 *   channels, sagas' reply channels, each listing its messages;
 * - a message per event and per saga step reply: its payload is the event envelope of the
 *   TypeScript contracts (what seed 000 puts in the Kafka value) with the literal `eventType` and
 *   own payload schema; a message per step command, in the command envelope (commandId,
 *   commandType, issuedAt, correlationId, causationId, payload). Shared message traits give each
 *   its headers, the correlation id located in those headers and the Kafka key (the partition
 *   key: the aggregate id unless an event names another field);
 * - `send` operations: per producer and topic (events), per saga and command channel (its step
 *   commands), per participant and saga reply channel (its replies); `receive` operations: per
 *   consumer group and channel (what the topology routes to it), each with its group's trait:
 *   the Kafka `groupId` (the group's name), its retry policy and its dead-letter queue.
 * Shared parts are components referenced by `$ref` rather than repeated, which keeps the
 * document readable and a large board's document small enough to print quickly.
 *
 * AsyncAPI allows only `[A-Za-z0-9._-]` in component keys, so keys are ASCII (identifiers.ts
 * `asciiKey`); the names as typed are in each object's `title` and `summary`.
 */

export const ASYNCAPI_VERSION = "3.0.0";
const KAFKA_BINDING_VERSION = "0.5.0";
const EVENT_TRAIT = "DomainEventMessage";
const COMMAND_TRAIT = "CommandMessage";

/** The event envelope of the TypeScript contracts (seeds 000 and 002), as a JSON Schema. */
const ENVELOPE: JsonSchema = {
  type: "object",
  required: ["eventId", "eventType", "aggregateId", "aggregateType", "occurredAt", "version", "correlationId", "causationId", "payload"],
  properties: {
    eventId: { type: "string", format: "uuid", description: "Unique id of this event: a consumer skips an id it has already processed." },
    eventType: { type: "string" },
    aggregateId: { type: "string", description: "The aggregate instance (event stream) the event belongs to; also the partition key." },
    aggregateType: { type: "string" },
    occurredAt: { type: "string", format: "date-time" },
    version: { type: "integer", minimum: 1, description: "Position of the event in its aggregate's stream." },
    correlationId: { type: "string", description: "The same for everything one entry command causes." },
    causationId: { type: ["string", "null"], description: "The id of the message that directly caused this one." },
    payload: { type: "object" },
    metadata: { type: "object" },
  },
};

/** The command envelope of the TypeScript contracts (`Command`), as a JSON Schema. */
const COMMAND_ENVELOPE: JsonSchema = {
  type: "object",
  required: ["commandId", "commandType", "issuedAt", "correlationId", "causationId", "payload"],
  properties: {
    commandId: { type: "string", format: "uuid", description: "Unique id of this command: a participant skips an id it has already handled." },
    commandType: { type: "string" },
    issuedAt: { type: "string", format: "date-time" },
    correlationId: { type: "string", description: "The same for everything one entry command causes." },
    causationId: { type: ["string", "null"], description: "The id of the message that directly caused this one." },
    payload: { type: "object" },
    metadata: { type: "object" },
  },
};

/** The Kafka headers of every event message (seed 000 sends eventType and correlationId). */
const HEADERS: JsonSchema = {
  type: "object",
  required: ["eventId", "eventType", "correlationId"],
  properties: {
    eventId: { type: "string", format: "uuid" },
    eventType: { type: "string" },
    correlationId: { type: "string" },
    causationId: { type: "string" },
  },
};

/** The Kafka headers of every command message. */
const COMMAND_HEADERS: JsonSchema = {
  type: "object",
  required: ["commandId", "commandType", "correlationId"],
  properties: {
    commandId: { type: "string", format: "uuid" },
    commandType: { type: "string" },
    correlationId: { type: "string" },
    causationId: { type: "string" },
  },
};

/** Which kind of channel carries each kind of message. */
const CHANNEL_OF_MESSAGE: Readonly<Record<MessageKind, ChannelKind>> = { event: "events", command: "commands", reply: "replies" };

/** An AsyncAPI 3.0.0 YAML document for `board`; see the rules at the top of this file. */
export function asyncapi(board: Board): string {
  return asyncapiFromContext(contextOf(board));
}

/** {@link asyncapi} of an analysed board. */
export function asyncapiFromContext(context: GenerateContext): string {
  const { analysis, board, topology } = context;
  const keys = componentKeys(context);
  const uses = sagaMessageUses(context);

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
        summary: `${oneLine(saga.name)} (saga) sends ${commands.map((entry) => oneLine(entry.name)).join(", ")} to ${to}.`,
        messages: commands.map((entry) => messageRef("command", channel, entry.key)),
      });
    }
    const replyChannel = topology.replyChannels.get(saga.key);
    if (replyChannel === undefined) continue;
    for (const { participant, replies } of sends.replies) {
      operation(kebabCase(participant.name), "send", channelRef("replies", replyChannel), {
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
        summary: receiveSummary(context, eventsByKey, group, routes),
        messages: routes.map((route) => messageRef(route.kind, route.channel, route.key)),
        traits: [{ $ref: `#/components/operationTraits/${trait}` }],
      });
    }
  }

  const messages: JsonSchema = {};
  const schemas: JsonSchema = { EventEnvelope: ENVELOPE, CommandEnvelope: COMMAND_ENVELOPE, MessageHeaders: HEADERS, CommandHeaders: COMMAND_HEADERS };
  for (const event of analysis.events) {
    const key = keys.message("event", event.key) ?? "";
    defineKey(schemas, `${key}Event`, envelopeSchema("EventEnvelope", "eventType", event.eventType, `${key}Payload`));
    defineKey(schemas, `${key}Payload`, objectSchema(event.payload, { omitProtoKey: true }));
    defineKey(messages, key, {
      ...messageHeading(key, event.name),
      summary: `Event ${event.eventType}, schema version ${event.version}${event.outcome === "failure" ? " (a failure event)" : ""}.`,
      ...(event.description?.trim() ? { description: event.description } : {}),
      payload: { $ref: `#/components/schemas/${key}Event` },
      traits: [{ $ref: `#/components/messageTraits/${EVENT_TRAIT}` }],
      ...keyBinding(event.partitionKey),
    });
  }
  const boardCommands = new Map(analysis.commands.map((command) => [command.key, command]));
  for (const command of analysis.sagaCommands) {
    const key = keys.message("command", command.key) ?? "";
    // A step command named like a command sticky is that command: its payload is the board's.
    const payload = (command.onBoard ? boardCommands.get(command.key)?.payload : undefined) ?? command.payload;
    defineKey(schemas, `${key}Command`, envelopeSchema("CommandEnvelope", "commandType", command.type, `${key}CommandPayload`));
    defineKey(schemas, `${key}CommandPayload`, objectSchema(payload, { omitProtoKey: true }));
    defineKey(messages, key, {
      ...messageHeading(key, command.name),
      summary: `Command ${command.type}, sent by a saga step to its participant.`,
      ...sagaMessageDescription(command, uses.get(command) ?? []),
      payload: { $ref: `#/components/schemas/${key}Command` },
      traits: [{ $ref: `#/components/messageTraits/${COMMAND_TRAIT}` }],
    });
  }
  for (const reply of analysis.sagaReplies) {
    const key = keys.message("reply", reply.key) ?? "";
    defineKey(schemas, `${key}Event`, envelopeSchema("EventEnvelope", "eventType", reply.type, `${key}Payload`));
    defineKey(schemas, `${key}Payload`, objectSchema(reply.payload, { omitProtoKey: true }));
    defineKey(messages, key, {
      ...messageHeading(key, reply.name),
      summary: `Reply ${reply.type} to a saga step.`,
      ...sagaMessageDescription(reply, uses.get(reply) ?? []),
      payload: { $ref: `#/components/schemas/${key}Event` },
      traits: [{ $ref: `#/components/messageTraits/${EVENT_TRAIT}` }],
    });
  }

  const kafkaKey = { key: { type: "string", description: `The ${DEFAULTS.partitionKey}.` }, bindingVersion: KAFKA_BINDING_VERSION };
  const document = {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: board.name.trim(),
      version: "1.0.0",
      description: board.description?.trim() || `Events of the board ${oneLine(board.name)}, generated by Stormflow.`,
    },
    defaultContentType: "application/json",
    channels,
    operations,
    components: {
      schemas,
      messages,
      correlationIds: {
        correlationId: {
          description: "Constant across everything one entry command causes.",
          location: "$message.header#/correlationId",
        },
      },
      messageTraits: {
        [EVENT_TRAIT]: {
          contentType: "application/json",
          correlationId: { $ref: "#/components/correlationIds/correlationId" },
          headers: { $ref: "#/components/schemas/MessageHeaders" },
          bindings: { kafka: kafkaKey },
        },
        [COMMAND_TRAIT]: {
          contentType: "application/json",
          correlationId: { $ref: "#/components/correlationIds/correlationId" },
          headers: { $ref: "#/components/schemas/CommandHeaders" },
          bindings: { kafka: kafkaKey },
        },
      },
      operationTraits,
    },
  };
  return printYaml(document);
}


/**
 * The component key of every message: events, then step commands, then step replies, from the
 * contract names (identifiers.ts) made ASCII. A key `K` also takes its schemas, `KEvent` and
 * `KPayload` (events, replies) or `KCommand` and `KCommandPayload` (commands), so no two
 * messages' schemas meet. `__proto__` is never a key: JavaScript YAML loaders would take it as
 * the object's prototype.
 */
function componentKeys(context: GenerateContext): { message(kind: MessageKind, key: string): string | undefined } {
  const { analysis, names } = context;
  const allocator = new IdentifierAllocator(["EventEnvelope", "CommandEnvelope", "MessageHeaders", "CommandHeaders", "__proto__"]);
  const asEvent = (key: string) => [key, `${key}Event`, `${key}Payload`];
  const asCommand = (key: string) => [key, `${key}Command`, `${key}CommandPayload`];
  const byKind: Record<MessageKind, Map<string, string>> = { event: new Map(), command: new Map(), reply: new Map() };
  for (const event of analysis.events) {
    byKind.event.set(event.key, allocator.allocate(asciiKey(names.events.get(event.key)?.base ?? event.name), asEvent));
  }
  for (const command of analysis.sagaCommands) {
    byKind.command.set(command.key, allocator.allocate(asciiKey(names.sagaCommands.get(command.key)?.base ?? command.name), asCommand));
  }
  for (const reply of analysis.sagaReplies) {
    byKind.reply.set(reply.key, allocator.allocate(asciiKey(names.sagaReplies.get(reply.key)?.base ?? reply.name), asEvent));
  }
  return { message: (kind, key) => byKind[kind].get(key) };
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

/** The envelope schema with the message's literal type and its own payload schema. */
function envelopeSchema(envelope: string, typeKey: string, type: string, payload: string): JsonSchema {
  return {
    allOf: [
      { $ref: `#/components/schemas/${envelope}` },
      { properties: { [typeKey]: { const: type }, payload: { $ref: `#/components/schemas/${payload}` } } },
    ],
  };
}

function messageHeading(key: string, name: string): JsonSchema {
  return { name: key, title: oneLine(name) };
}

/** The Kafka key of an event whose partition key is not the aggregate id (the trait says that one). */
function keyBinding(partitionKey: string): JsonSchema {
  if (partitionKey === DEFAULTS.partitionKey) return {};
  return { bindings: { kafka: { key: { type: "string", description: `The value of payload field ${partitionKey}.` }, bindingVersion: KAFKA_BINDING_VERSION } } };
}

/** A step message's own description, then which step sends or awaits it (sagaMessages.ts). */
function sagaMessageDescription(message: SagaMessageInfo, uses: readonly SagaMessageUse[]): JsonSchema {
  const description = [message.description?.trim() ?? "", ...uses.map((use) => use.sentence)].filter(Boolean).join("\n\n");
  return description ? { description } : {};
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
