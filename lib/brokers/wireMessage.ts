import type { Message } from "../sim/ports/records";

/**
 * A message as a broker hands it back, or null when it is not one this adapter published (a
 * broker is shared: anything may sit on a run's queue). Only what the run relies on before its
 * handlers look at the payload is checked: ids, routing and headers.
 */
export function parseWireMessage(text: string): Message | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const m = value as Record<string, unknown>;
  const headers = m.headers;
  const strings = ["messageId", "topic", "key", "eventType", "eventName"].every((k) => typeof m[k] === "string");
  if (!strings || typeof headers !== "object" || headers === null || Array.isArray(headers)) return null;
  if (typeof (headers as Record<string, unknown>).correlationId !== "string") return null;
  return value as Message;
}
