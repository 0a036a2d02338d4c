import type { SagaMessageInfo } from "../model/analyze";
import { DEFAULTS } from "../model/defaults";
import type { MessageKind } from "../model/topology";
import { eventTags, type GenerateContext } from "./context";
import { oneLine } from "./escape";
import { asciiKey, IdentifierAllocator } from "./identifiers";
import { defineKey, objectSchema, type JsonSchema } from "./payloadSchema";
import { sagaMessageUses, type SagaMessageUse } from "./sagaMessages";

/*
 * The AsyncAPI document's components (asyncapi.ts assembles the document): the component key of
 * every message, each message with its envelope and payload schemas, the envelopes and headers
 * they share, and the message traits. What travels, as opposed to where it travels
 * (asyncapiOperations.ts).
 */

export const KAFKA_BINDING_VERSION = "0.5.0";
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


/** The component key of each message, by kind and analysis key. */
export interface ComponentKeys {
  message(kind: MessageKind, key: string): string | undefined;
}

/**
 * The component key of every message: events, then step commands, then step replies, from the
 * contract names (identifiers.ts) made ASCII. A key `K` also takes its schemas, `KEvent` and
 * `KPayload` (events, replies) or `KCommand` and `KCommandPayload` (commands), so no two
 * messages' schemas meet. `__proto__` is never a key: JavaScript YAML loaders would take it as
 * the object's prototype.
 */
export function componentKeys(context: GenerateContext): ComponentKeys {
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

/** Every message (events, step commands, step replies) and the schemas of their envelopes and payloads. */
export function messageComponents(context: GenerateContext, keys: ComponentKeys): { messages: JsonSchema; schemas: JsonSchema } {
  const { analysis } = context;
  const uses = sagaMessageUses(context);
  const messages: JsonSchema = {};
  const schemas: JsonSchema = { EventEnvelope: ENVELOPE, CommandEnvelope: COMMAND_ENVELOPE, MessageHeaders: HEADERS, CommandHeaders: COMMAND_HEADERS };
  for (const event of analysis.events) {
    const key = keys.message("event", event.key) ?? "";
    defineKey(schemas, `${key}Event`, envelopeSchema("EventEnvelope", "eventType", event.eventType, `${key}Payload`));
    defineKey(schemas, `${key}Payload`, objectSchema(event.payload, { omitProtoKey: true }));
    defineKey(messages, key, {
      ...messageHeading(key, event.name),
      summary: `Event ${event.eventType}, schema version ${event.version}${event.outcome === "failure" ? " (a failure event)" : ""}.`,
      ...eventTags(context, event),
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
  return { messages, schemas };
}

/** The traits every event message and every command message has: content type, correlation id, headers and Kafka key. */
export function messageTraits(): JsonSchema {
  const kafkaKey = { key: { type: "string", description: `The ${DEFAULTS.partitionKey}.` }, bindingVersion: KAFKA_BINDING_VERSION };
  return {
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
  };
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

