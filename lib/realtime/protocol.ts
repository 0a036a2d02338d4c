import type { RunCounters, RunStatus, RunSummary, TraceItem } from "../contracts/runs";

/**
 * The socket.io wire protocol shared by server and client. Bump PROTOCOL_VERSION on any change
 * that an older client could misread; the server says its version in `hello`.
 */
export const PROTOCOL_VERSION = 1;
export const SOCKET_PATH = "/socket.io";

/**
 * What the server says when a message is refused; the socket stays open, except after
 * `slow_consumer`: the client let the server's buffer for it fill (it did not read), so the server
 * sends this and disconnects it (socket.io's "io server disconnect": no automatic reconnect).
 * `internal` never carries database text: the server logs the cause.
 * A new code is not a version change: clients show any code's `message` as it is.
 */
export interface ErrorMessage {
  code: "bad_request" | "unknown_run" | "internal" | "slow_consumer";
  message: string;
  runId?: string;
}

/** Spans of a run in seq order: never a gap, never a repeat, per socket. */
export interface TraceMessage {
  runId: string;
  items: TraceItem[];
}

export interface RunStatusMessage {
  runId: string;
  status: RunStatus;
  counters: RunCounters;
  summary: RunSummary | null;
}

/**
 * Start (or resume) watching a run: `runId` is a UUID, `after` is the last seq the client has
 * (0: none). One watch per run per socket: a second watch of the same run replaces the first and
 * goes on after what the first sent, so no seq comes twice. At most 20 runs per socket, counting
 * watches still being set up; more is a `bad_request`. `run:unwatch` stops it at once, even mid-set-up.
 */
export interface WatchRequest {
  runId: string;
  after: number;
}

// ---------------------------------------------------------------------------
// Co-editing: a board's Yjs document (lib/coedit/boardDoc.ts), synced with Yjs's own encoding
// (state vectors and updates, as Uint8Array) and presence as y-protocols awareness updates.
// ---------------------------------------------------------------------------

/** Why the server did not take a document message; the client shows `message` as it is. */
export interface DocRefusal {
  ok: false;
  /**
   * `refused`: the update would make the board invalid (or too large): the client drops its copy
   * and syncs again from the server's. `not_found`: no such board. `bad_request`: a malformed
   * message. `unavailable`: the database could not be reached; nothing was stored, send it again.
   */
  code: "refused" | "not_found" | "bad_request" | "unavailable" | "not_joined";
  message: string;
}

/**
 * `doc:join`: start co-editing a board. `stateVector` is what the client holds (Y.encodeStateVector;
 * an empty document's for a first join). The answer carries what the client lacks and the server's
 * state vector, from which the client sends what the server lacks as one `doc:update`.
 */
export interface DocJoinRequest {
  boardId: string;
  stateVector: Uint8Array;
}
export type DocJoinReply =
  | { ok: true; update: Uint8Array; stateVector: Uint8Array; revision: number; savedSeq: number; presence: Uint8Array }
  | DocRefusal;

/** A Yjs update to a board's document. Answered once it is stored (`seq`: its place in the board's log). */
export interface DocUpdateMessage {
  boardId: string;
  update: Uint8Array;
}
export type DocUpdateReply = { ok: true; seq: number } | DocRefusal;

/** The canonical board was saved: `revision`, covering the document's log up to `seq`. */
export interface DocSavedMessage {
  boardId: string;
  revision: number;
  seq: number;
}

/** A y-protocols awareness update: who is on the board, their cursor, selection and viewport. */
export interface PresenceMessage {
  boardId: string;
  update: Uint8Array;
}

export interface ServerToClientEvents {
  hello: (msg: { protocol: number; version: string }) => void;
  trace: (msg: TraceMessage) => void;
  "run:status": (msg: RunStatusMessage) => void;
  error: (msg: ErrorMessage) => void;
  "doc:update": (msg: DocUpdateMessage) => void;
  "doc:saved": (msg: DocSavedMessage) => void;
  presence: (msg: PresenceMessage) => void;
}

export interface ClientToServerEvents {
  "run:watch": (msg: WatchRequest) => void;
  "run:unwatch": (msg: { runId: string }) => void;
  "doc:join": (msg: DocJoinRequest, reply: (answer: DocJoinReply) => void) => void;
  "doc:update": (msg: DocUpdateMessage, reply: (answer: DocUpdateReply) => void) => void;
  "doc:leave": (msg: { boardId: string }) => void;
  /** Saves the canonical board now (not after the usual short delay); answers its revision. */
  "doc:flush": (msg: { boardId: string }, reply: (answer: { ok: true; revision: number; seq: number } | DocRefusal) => void) => void;
  presence: (msg: PresenceMessage) => void;
}
