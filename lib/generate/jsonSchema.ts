import type { Board } from "../model/schema";
import { contextOf, type GenerateContext } from "./context";
import { defineKey, objectSchema, type JsonSchema } from "./payloadSchema";
import { sagaMessageUses } from "./sagaMessages";

/** The dialect of the `jsonschema` format. */
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/**
 * The `jsonschema` format: one JSON Schema (draft 2020-12) document whose `$defs` hold the
 * payload schema of every event (`OrderPlacedPayload`), then every command
 * (`PlaceOrderCommandPayload`), then every saga step command that is not a command of the board
 * (`ReserveInventoryCommandPayload`; one that is has the board command's entry), then every step
 * reply (`InventoryReservedPayload`), keyed by the same names as the TypeScript contracts, in
 * board order, with the message's name, description, type and where it travels.
 */
export function jsonSchema(board: Board): string {
  return jsonSchemaFromContext(contextOf(board));
}

/** {@link jsonSchema} of an analysed board. */
export function jsonSchemaFromContext(context: GenerateContext): string {
  const { analysis, names, board } = context;
  const defs: JsonSchema = {};
  for (const event of analysis.events) {
    const key = names.events.get(event.key)?.payload;
    if (!key) continue;
    defineKey(defs, key, {
      title: event.name,
      ...(event.description?.trim() ? { description: event.description } : {}),
      $comment: `Payload of event ${event.eventType} (schema version ${event.version}), published on topic ${event.topic}.`,
      ...objectSchema(event.payload),
    });
  }
  for (const command of analysis.commands) {
    const key = names.commands.get(command.key)?.payload;
    if (!key) continue;
    defineKey(defs, key, {
      title: command.name,
      ...(command.description?.trim() ? { description: command.description } : {}),
      $comment: `Payload of command ${names.commands.get(command.key)?.base ?? command.name}.`,
      ...objectSchema(command.payload),
    });
  }
  const uses = sagaMessageUses(context);
  const channelsOf = (message: (typeof analysis.sagaCommands)[number]) =>
    [...new Set((uses.get(message) ?? []).flatMap((use) => (use.channel === null ? [] : [use.channel])))].join(", ");
  for (const command of analysis.sagaCommands) {
    const key = command.onBoard ? undefined : names.sagaCommands.get(command.key)?.payload;
    if (!key) continue;
    const channels = channelsOf(command);
    defineKey(defs, key, {
      title: command.name,
      ...(command.description?.trim() ? { description: command.description } : {}),
      $comment: `Payload of command ${command.type}, sent by a saga step to its participant${channels ? ` on ${channels}` : ""}.`,
      ...objectSchema(command.payload),
    });
  }
  for (const reply of analysis.sagaReplies) {
    const key = names.sagaReplies.get(reply.key)?.payload;
    if (!key) continue;
    const channels = channelsOf(reply);
    defineKey(defs, key, {
      title: reply.name,
      ...(reply.description?.trim() ? { description: reply.description } : {}),
      $comment: `Payload of reply ${reply.type}, sent by a participant${channels ? ` on ${channels}` : ""} to the saga step that awaits it.`,
      ...objectSchema(reply.payload),
    });
  }
  const document = {
    $schema: JSON_SCHEMA_DIALECT,
    title: `${board.name.trim()}: event, command and saga message payloads`,
    ...(board.description?.trim() ? { description: board.description } : {}),
    $defs: defs,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
