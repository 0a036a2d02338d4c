import { dump } from "js-yaml";
import type { EventInfo, StickyRef } from "../model/analyze";
import { KIND_META } from "../model/kinds";
import { kebabCase, nameKey } from "../model/names";
import type { Board } from "../model/schema";
import { PARTITION_KEY } from "./brokerConfig";
import { topicsOf, type ConsumerGroup } from "./consumerGroups";
import { consumerAction, contextOf, type GenerateContext } from "./context";
import { oneLine } from "./escape";
import { CATALOG_WORDS } from "./i18n";
import { asciiKey, IdentifierAllocator } from "./identifiers";
import { defineKey, objectSchema, type JsonSchema } from "./payloadSchema";
import { deadLetterQueueName, lastRetryDelayMs, RETRY_POLICY } from "./retryPolicy";

/*
 * The `asyncapi` format: one AsyncAPI 3.0.0 document, built as data and printed by the `js-yaml`
 * library (never by pasting strings), so that no name can break the YAML. js-yaml also quotes
 * what YAML 1.1 readers would take for another type (`yes`, `off`, `2001-12-14`), and its
 * printer is several times faster than the `yaml` library's on a large board.
 *
 * - a channel per topic (`address` = the topic) listing the messages published on it;
 * - a message per event: its payload is the envelope of the TypeScript contracts (what seed 000
 *   puts in the Kafka value) with the event's literal `eventType` and own payload schema; the
 *   shared `DomainEventMessage` trait gives every message its headers (eventId, eventType,
 *   correlationId, causationId), the correlation id located in those headers and the Kafka key
 *   (the aggregate id);
 * - a `send` operation per producer and topic, and a `receive` operation per consumer group and
 *   topic, whose per-group trait holds the Kafka `groupId`, the retry policy and the
 *   dead-letter queue.
 * Shared parts are components referenced by `$ref` rather than repeated, which keeps the
 * document readable and a large board's document small enough to print quickly.
 *
 * AsyncAPI allows only `[A-Za-z0-9._-]` in component keys, so keys are ASCII (identifiers.ts
 * `asciiKey`); the names as typed are in each object's `title` and `summary`.
 */

export const ASYNCAPI_VERSION = "3.0.0";
const KAFKA_BINDING_VERSION = "0.5.0";
const MESSAGE_TRAIT = "DomainEventMessage";

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

/** An AsyncAPI 3.0.0 YAML document for `board`; see the rules at the top of this file. */
export function asyncapi(board: Board): string {
  return asyncapiFromContext(contextOf(board));
}

/** {@link asyncapi} of an analysed board. */
export function asyncapiFromContext(context: GenerateContext): string {
  const { analysis, board, names } = context;

  // Component keys: a message per event, and schemas `<message>Event` and `<message>Payload`.
  // `__proto__` is never a key: JavaScript YAML loaders would take it as the object's prototype.
  const schemaKeys = new IdentifierAllocator(["EventEnvelope", "MessageHeaders", "__proto__"]);
  const messageKeys = new Map<string, string>();
  for (const event of analysis.events) {
    const base = asciiKey(names.events.get(event.key)?.base ?? event.name);
    messageKeys.set(event.key, schemaKeys.allocate(base, (key) => [key, `${key}Event`, `${key}Payload`]));
  }
  const channelKeys = new IdentifierAllocator(["__proto__"]);
  const topics = topicsOf(context).map(({ topic, events }) => ({
    topic,
    events,
    key: channelKeys.allocate(asciiKey(topic), (key) => [key]),
  }));
  const channelOf = new Map(topics.map((entry) => [entry.topic, entry.key]));

  const channels: JsonSchema = {};
  for (const { topic, events, key } of topics) {
    const messages: JsonSchema = {};
    for (const event of events) {
      const message = messageKeys.get(event.key) ?? "";
      defineKey(messages, message, { $ref: `#/components/messages/${message}` });
    }
    defineKey(channels, key, {
      address: channelAddress(topic),
      title: topic,
      description: `Events published on topic ${topic}, keyed by ${PARTITION_KEY}.`,
      messages,
    });
  }

  const operationKeys = new IdentifierAllocator();
  const operations: JsonSchema = {};
  const messageRef = (event: EventInfo) => ({
    $ref: `#/channels/${channelOf.get(event.topic) ?? ""}/messages/${messageKeys.get(event.key) ?? ""}`,
  });
  for (const producer of producersOf(analysis.events)) {
    for (const [topic, events] of byTopic(producer.events)) {
      const channel = channelOf.get(topic) ?? "";
      const key = operationKeys.allocate(`${asciiKey(kebabCase(producer.ref.name))}.send.${channel}`, (k) => [k]);
      defineKey(operations, key, {
        action: "send",
        channel: { $ref: `#/channels/${channel}` },
        summary: `${oneLine(producer.ref.name)} (${KIND_META[producer.ref.kind].noun}) emits ${events.map((event) => oneLine(event.name)).join(", ")}.`,
        messages: events.map(messageRef),
      });
    }
  }
  const operationTraits: JsonSchema = {};
  const traitKeys = new IdentifierAllocator(["__proto__"]);
  for (const group of context.consumerGroups) {
    const trait = traitKeys.allocate(asciiKey(group.id), (k) => [k]);
    defineKey(operationTraits, trait, {
      description: retryDescription(group),
      bindings: { kafka: { groupId: { type: "string", enum: [group.id] }, bindingVersion: KAFKA_BINDING_VERSION } },
    });
    for (const [topic, events] of byTopic(group.events)) {
      const channel = channelOf.get(topic) ?? "";
      const key = operationKeys.allocate(`${asciiKey(group.id)}.receive.${channel}`, (k) => [k]);
      defineKey(operations, key, {
        action: "receive",
        channel: { $ref: `#/channels/${channel}` },
        summary: receiveSummary(context, group, events),
        messages: events.map(messageRef),
        traits: [{ $ref: `#/components/operationTraits/${trait}` }],
      });
    }
  }

  const messages: JsonSchema = {};
  const schemas: JsonSchema = { EventEnvelope: ENVELOPE, MessageHeaders: HEADERS };
  for (const event of analysis.events) {
    const key = messageKeys.get(event.key) ?? "";
    defineKey(schemas, `${key}Event`, {
      allOf: [
        { $ref: "#/components/schemas/EventEnvelope" },
        {
          properties: {
            eventType: { const: event.eventType },
            payload: { $ref: `#/components/schemas/${key}Payload` },
          },
        },
      ],
    });
    defineKey(schemas, `${key}Payload`, objectSchema(event.payload, { omitProtoKey: true }));
    defineKey(messages, key, messageOf(event, key));
  }

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
        [MESSAGE_TRAIT]: {
          contentType: "application/json",
          correlationId: { $ref: "#/components/correlationIds/correlationId" },
          headers: { $ref: "#/components/schemas/MessageHeaders" },
          bindings: {
            kafka: { key: { type: "string", description: `The ${PARTITION_KEY}.` }, bindingVersion: KAFKA_BINDING_VERSION },
          },
        },
      },
      operationTraits,
    },
  };
  return printYaml(document);
}

/**
 * `document` as YAML: no line folding, no anchors for repeated objects (every part reads on its
 * own), double quotes where a string needs quoting. A value that YAML cannot hold is skipped,
 * as JSON.stringify skips it (the document is built from JSON data, so there is none).
 */
export function printYaml(document: unknown): string {
  return dump(document, { lineWidth: -1, noRefs: true, quotingType: '"', skipInvalid: true });
}

function messageOf(event: EventInfo, key: string): JsonSchema {
  return {
    name: key,
    title: oneLine(event.name),
    summary: `Event ${event.eventType}, schema version ${event.version}${event.outcome === "failure" ? " (a failure event)" : ""}.`,
    ...(event.description?.trim() ? { description: event.description } : {}),
    payload: { $ref: `#/components/schemas/${key}Event` },
    traits: [{ $ref: `#/components/messageTraits/${MESSAGE_TRAIT}` }],
  };
}

/**
 * A topic as a channel address. Braces mark parameters in an AsyncAPI address, so a topic that
 * contains them has them replaced by parentheses (the `title` keeps the topic as typed).
 */
function channelAddress(topic: string): string {
  return topic.replace(/\{/gu, "(").replace(/\}/gu, ")");
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

function byTopic(events: readonly EventInfo[]): Map<string, EventInfo[]> {
  const topics = new Map<string, EventInfo[]>();
  for (const event of events) {
    const list = topics.get(event.topic);
    if (list) list.push(event);
    else topics.set(event.topic, [event]);
  }
  return topics;
}

/** `EmailService (service): Send confirmation (OrderPlaced); Send shipping notification (OrderShipped).` */
function receiveSummary(context: GenerateContext, group: ConsumerGroup, events: readonly EventInfo[]): string {
  const words = CATALOG_WORDS.en;
  // Action -> the events it is done for, so a read model reads "Update read model (A, B, C)".
  const actions = new Map<string, string[]>();
  for (const event of events) {
    for (const consumer of event.consumers) {
      if (consumer.kind !== group.kind || nameKey(consumer.name) !== nameKey(group.name)) continue;
      const action = consumerAction(context, consumer, words, oneLine);
      const list = actions.get(action) ?? [];
      if (!list.includes(event.name)) list.push(event.name);
      actions.set(action, list);
    }
  }
  const done = [...actions].map(([action, names]) => `${action} (${names.map(oneLine).join(", ")})`);
  return `${oneLine(group.name)} (${KIND_META[group.kind].noun}): ${done.join("; ")}.`;
}

function retryDescription(group: ConsumerGroup): string {
  const last = lastRetryDelayMs();
  return (
    `Consumer group ${group.id}: at-least-once delivery to an idempotent consumer (duplicates skipped by eventId); ` +
    `up to ${RETRY_POLICY.maxAttempts} attempts with exponential backoff from ${RETRY_POLICY.initialDelayMs} ms ` +
    `to ${last} ms and jitter, then the dead-letter queue ${deadLetterQueueName(group.id)}.`
  );
}
