import type { Socket } from "socket.io";
import type { DocHub, DocPeer } from "../coedit/docHub";
import { CoeditError } from "../coedit/errors";
import { docRequestParsers } from "./docRequests";
import type { ClientToServerEvents, DocRefusal, ServerToClientEvents } from "./protocol";

type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** Boards one socket may co-edit at once (a tab has one open; more is a misbehaving client). */
export const MAX_BOARDS_PER_SOCKET = 4;
/**
 * Refused updates one socket may send before it is disconnected: judging a refused update costs
 * the server a whole-board check (the app's own client sends one only when something is wrong, and
 * then resyncs), so a client that keeps sending them is cut off rather than allowed to slow the board.
 */
export const MAX_REFUSALS_PER_SOCKET = 20;

/**
 * One socket's co-editing: joins, updates, presence and flushes checked and handed to the hub,
 * each answered through socket.io's acknowledgement (never an exception on the socket). A
 * disconnect leaves every board, which removes the socket's presence.
 */
export function serveDocs(socket: RealtimeSocket, hub: DocHub, opts: { maxBytes: number; log: (line: string) => void }): void {
  const parse = docRequestParsers(opts.maxBytes);
  const joined = new Set<string>();
  let refusals = 0;
  const peer: DocPeer = {
    id: socket.id,
    update: (boardId, update) => socket.emit("doc:update", { boardId, update }),
    saved: (boardId, revision, seq) => socket.emit("doc:saved", { boardId, revision, seq }),
    presence: (boardId, update) => socket.emit("presence", { boardId, update }),
  };
  const refusal = (err: unknown): DocRefusal => {
    if (err instanceof CoeditError && err.code !== "conflict") return { ok: false, code: err.code, message: err.message };
    opts.log(`coedit: socket ${socket.id}: ${String(err instanceof Error ? err.message : err).replace(/\s+/g, " ").slice(0, 300)}`);
    return { ok: false, code: "unavailable", message: "The server could not store this edit right now (the server log has the cause); it is kept and sent again" };
  };
  /** The acknowledgement, or a stand-in that drops the answer when the client asked for none. */
  const answer = <T>(ack: unknown): ((value: T) => void) => (typeof ack === "function" ? (ack as (value: T) => void) : () => undefined);

  socket.on("doc:join", async (raw: unknown, ack: unknown) => {
    const done = answer(ack);
    const msg = parse.join(raw);
    if (!msg.ok) return done({ ok: false, code: "bad_request", message: msg.message });
    const { boardId, stateVector } = msg.value;
    if (!joined.has(boardId) && joined.size >= MAX_BOARDS_PER_SOCKET) {
      return done({ ok: false, code: "bad_request", message: `doc:join: at most ${MAX_BOARDS_PER_SOCKET} boards can be open on one connection` });
    }
    joined.add(boardId);
    try {
      const reply = await hub.join(boardId, peer, stateVector);
      if (socket.disconnected) hub.leave(boardId, peer);
      done({ ok: true, ...reply });
    } catch (err) {
      joined.delete(boardId);
      hub.leave(boardId, peer);
      done(refusal(err));
    }
  });

  socket.on("doc:update", async (raw: unknown, ack: unknown) => {
    const done = answer(ack);
    const msg = parse.update(raw);
    if (!msg.ok) return done({ ok: false, code: "bad_request", message: msg.message });
    try {
      done({ ok: true, seq: await hub.update(msg.value.boardId, peer, msg.value.update) });
    } catch (err) {
      done(refusal(err));
      if (err instanceof CoeditError && err.code === "refused" && ++refusals >= MAX_REFUSALS_PER_SOCKET) {
        opts.log(`coedit: socket ${socket.id} disconnected after ${refusals} refused updates`);
        socket.emit("error", { code: "bad_request", message: `Disconnected after ${refusals} refused edits: reload the page` });
        socket.disconnect(true);
      }
    }
  });

  socket.on("doc:flush", async (raw: unknown, ack: unknown) => {
    const done = answer(ack);
    const msg = parse.board("doc:flush", raw);
    if (!msg.ok) return done({ ok: false, code: "bad_request", message: msg.message });
    if (!joined.has(msg.value.boardId)) return done({ ok: false, code: "not_joined", message: "doc:flush: join the board first" });
    try {
      done({ ok: true, ...(await hub.flush(msg.value.boardId)) });
    } catch (err) {
      done(refusal(err));
    }
  });

  socket.on("presence", (raw: unknown) => {
    const msg = parse.presence(raw);
    if (!msg.ok) return void socket.emit("error", { code: "bad_request", message: msg.message });
    try {
      hub.presence(msg.value.boardId, peer, msg.value.update);
    } catch (err) {
      socket.emit("error", { code: "bad_request", message: err instanceof Error ? err.message : String(err) });
    }
  });

  socket.on("doc:leave", (raw: unknown) => {
    const msg = parse.board("doc:leave", raw);
    if (!msg.ok) return void socket.emit("error", { code: "bad_request", message: msg.message });
    joined.delete(msg.value.boardId);
    hub.leave(msg.value.boardId, peer);
  });

  socket.on("disconnect", () => {
    for (const boardId of joined) hub.leave(boardId, peer);
    joined.clear();
  });
}
