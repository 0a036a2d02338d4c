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

export interface ServerToClientEvents {
  hello: (msg: { protocol: number; version: string }) => void;
  trace: (msg: TraceMessage) => void;
  "run:status": (msg: RunStatusMessage) => void;
  error: (msg: ErrorMessage) => void;
}

export interface ClientToServerEvents {
  "run:watch": (msg: WatchRequest) => void;
  "run:unwatch": (msg: { runId: string }) => void;
}
