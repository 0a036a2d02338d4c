import type { Board } from "../model/schema";
import { contextOf, type GenerateContext } from "./context";
import { defineKey, objectSchema, type JsonSchema } from "./payloadSchema";

/** The dialect of the `jsonschema` format. */
export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/**
 * The `jsonschema` format: one JSON Schema (draft 2020-12) document whose `$defs` hold the
 * payload schema of every event (`OrderPlacedPayload`) and then every command
 * (`PlaceOrderCommandPayload`), keyed by the same names as the TypeScript contracts, in board
 * order, with the event's name, description, event type, topic and schema version.
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
  const document = {
    $schema: JSON_SCHEMA_DIALECT,
    title: `${board.name.trim()}: event and command payloads`,
    ...(board.description?.trim() ? { description: board.description } : {}),
    $defs: defs,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
