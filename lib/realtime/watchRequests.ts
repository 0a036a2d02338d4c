import { z } from "zod";
import type { WatchRequest } from "./protocol";

/**
 * Run ids are UUIDs (the simulator makes them with randomUUID). Checking the shape here keeps
 * anything else (a NUL byte, 100 KB of text) away from PostgreSQL, whose error text would
 * otherwise reach the client.
 */
const runId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a run id (a UUID)");

const watchSchema = z.strictObject({
  runId,
  after: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
const unwatchSchema = z.strictObject({ runId });

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A client message checked, or the `bad_request` text naming the first bad field. */
export function parseMessage<T>(schema: z.ZodType<T>, event: string, expected: string, raw: unknown): Parsed<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join(".") || "message";
  return { ok: false, message: `${event}: ${where}: ${issue.message} (expected ${expected})` };
}

export const parseWatch = (raw: unknown): Parsed<WatchRequest> => parseMessage(watchSchema, "run:watch", "{runId: UUID, after: integer ≥ 0}", raw);
export const parseUnwatch = (raw: unknown): Parsed<{ runId: string }> => parseMessage(unwatchSchema, "run:unwatch", "{runId: UUID}", raw);
