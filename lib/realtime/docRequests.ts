import { z } from "zod";
import type { DocJoinRequest, DocUpdateMessage, PresenceMessage } from "./protocol";
import { parseMessage as parse, type Parsed } from "./watchRequests";

const boardId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a board id (a UUID)");

/** socket.io hands binary over as a Buffer (Node) or an ArrayBuffer; anything else is refused. */
const bytes = (max: number) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, { error: "must be binary (a Uint8Array)" })
    .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
    .refine((v) => v.byteLength <= max, { error: `must be at most ${max} bytes` });

/** The document and presence messages, checked; `maxBytes` is the update limit (the REST body's). */
export function docRequestParsers(maxBytes: number) {
  const join = z.strictObject({ boardId, stateVector: bytes(64 * 1024) });
  const update = z.strictObject({ boardId, update: bytes(maxBytes) });
  const presence = z.strictObject({ boardId, update: bytes(16 * 1024) });
  const board = z.strictObject({ boardId });
  return {
    join: (raw: unknown): Parsed<DocJoinRequest> => parse(join, "doc:join", "{boardId: UUID, stateVector: binary}", raw),
    update: (raw: unknown): Parsed<DocUpdateMessage> => parse(update, "doc:update", "{boardId: UUID, update: binary}", raw),
    presence: (raw: unknown): Parsed<PresenceMessage> => parse(presence, "presence", "{boardId: UUID, update: binary}", raw),
    board: (event: string, raw: unknown): Parsed<{ boardId: string }> => parse(board, event, "{boardId: UUID}", raw),
  };
}
