import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions, type Socket } from "socket.io";
import { engineBufferProbe, terminateConnection } from "./engineBuffer";
import { PROTOCOL_VERSION, SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "./protocol";
import type { RunFeed } from "./runFeed";
import type { SubscriptionOptions } from "./runSubscription";
import { SocketGate, type FlowLimits, type Overflow } from "./socketGate";
import { SocketWatches } from "./socketWatches";
import { parseUnwatch, parseWatch } from "./watchRequests";
import { DEFAULT_MAX_STORE_READS, limitStoreReads } from "./storeReadLimit";
import type { DocHub } from "../coedit/docHub";
import { DEFAULT_UPDATE_LIMITS } from "../coedit/checkUpdate";
import { serveDocs } from "./docSocket";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface RealtimeLimits extends FlowLimits {
  /**
   * How long a slow consumer's connection may take to deliver the `slow_consumer` error before it
   * is dropped with whatever is still buffered (default 5 s).
   */
  graceMs?: number;
}

export interface RealtimeOptions {
  version: string;
  feed: () => RunFeed;
  subscription?: SubscriptionOptions;
  /** Per-socket limits; the defaults (DEFAULT_FLOW_LIMITS) suit the app. */
  limits?: RealtimeLimits;
  /** Where server-side causes go, one line each (default: console.error). */
  log?: (line: string) => void;
  /** Checked at every handshake: server.ts refuses a foreign Host or Origin here (requestGuard). */
  allowRequest?: ServerOptions["allowRequest"];
  /**
   * Connections (engine.io sessions, pending handshakes included) the server holds at once; past
   * it a handshake is refused. The per-socket limits bound one socket; this bounds them all.
   */
  maxConnections?: number;
  /** Store reads (status, span pages) of all sockets at once (default DEFAULT_MAX_STORE_READS). */
  maxStoreReads?: number;
  /** Headers on socket.io's own HTTP answers (the app's security headers). */
  headers?: Readonly<Record<string, string>>;
  /** Co-editing: boards' shared documents (none: the socket serves runs only). */
  docs?: DocHub;
}

/** Sessions at once by default: a team's tabs, with room; 64 × the 8 MiB send cap bounds memory. */
export const DEFAULT_MAX_CONNECTIONS = 64;

/** Figures of a running realtime server, for tests and diagnostics. */
export interface RealtimeStats {
  /** Subscriptions open across all sockets (set-up ones included). */
  openSubscriptions: number;
  /** Sockets cut off as slow consumers since the server started. */
  slowConsumers: number;
}

const stats = new WeakMap<RealtimeServer, RealtimeStats>();

/** The live figures of a server made by attachRealtime. */
export function realtimeStats(io: RealtimeServer): Readonly<RealtimeStats> {
  const s = stats.get(io);
  if (!s) throw new Error("realtimeStats: not a server made by attachRealtime");
  return s;
}

/**
 * Attaches socket.io to the app's http server (same port as Next). Every client message is
 * validated; a bad one gets an `error` event naming the field, and never crashes the server.
 * What one socket can cost is bounded: 20 watches, one store read at a time, and a send buffer
 * past which it is cut off as a slow consumer.
 */
export function attachRealtime(http: HttpServer, opts: RealtimeOptions): RealtimeServer {
  const maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const feed = limitStoreReads(opts.feed, opts.maxStoreReads ?? DEFAULT_MAX_STORE_READS);
  let io: RealtimeServer | undefined = undefined;
  // At the handshake: the server-wide cap first, then opts.allowRequest (server.ts refuses a
  // foreign Host or Origin there: cross-site WebSocket hijacking).
  const allowRequest: ServerOptions["allowRequest"] = (req, callback) => {
    if (io && io.engine.clientsCount >= maxConnections) {
      callback(`Too many live connections (${maxConnections}): close another Stormflow tab and reload`, false);
      return;
    }
    if (opts.allowRequest) opts.allowRequest(req, callback);
    else callback(null, true);
  };
  // A co-editing update may be as large as a REST save (a board edited offline, sent on reconnect).
  const maxHttpBufferSize = opts.docs ? DEFAULT_UPDATE_LIMITS.maxBytes + 64 * 1024 : 100_000;
  io = new Server(http, { path: SOCKET_PATH, serveClient: false, maxHttpBufferSize, allowRequest });
  if (opts.headers) {
    const headers = opts.headers;
    // engine.io answers its own requests (handshake, polling): they carry the app's headers too.
    io.engine.on("headers", (out: Record<string, string>) => Object.assign(out, headers));
  }
  const counters: RealtimeStats = { openSubscriptions: 0, slowConsumers: 0 };
  stats.set(io, counters);
  const log = opts.log ?? ((line: string) => console.error(line));
  const graceMs = opts.limits?.graceMs ?? 5000;

  io.on("connection", (socket: RealtimeSocket) => {
    const gate = new SocketGate(engineBufferProbe(socket), opts.limits ?? {}, (overflow) => {
      counters.slowConsumers++;
      cutOff(socket, overflow, graceMs, log);
    });
    const internal = (runId: string, cause: unknown) => {
      // Database text stays in the server log: it can name tables, values and the server itself.
      log(`realtime: run ${runId}: ${String(cause instanceof Error ? cause.message : cause).replace(/\s+/g, " ")}`);
      socket.emit("error", { code: "internal", runId, message: `Reading run ${runId} failed on the server (the server log has the cause); watch it again to retry` });
    };
    const watches = new SocketWatches(feed, gate, (runId) => ({
      trace: (msg) => socket.emit("trace", msg),
      status: (msg) => socket.emit("run:status", msg),
      error: (message) => internal(runId, message),
    }), counters, opts.subscription);
    socket.emit("hello", { protocol: PROTOCOL_VERSION, version: opts.version });
    if (opts.docs) serveDocs(socket, opts.docs, { maxBytes: DEFAULT_UPDATE_LIMITS.maxBytes, log });

    socket.on("run:watch", async (raw: unknown) => {
      const parsed = parseWatch(raw);
      if (!parsed.ok) {
        socket.emit("error", { code: "bad_request", message: parsed.message });
        return;
      }
      const { runId, after } = parsed.value;
      const outcome = await watches.watch(runId, after);
      if (outcome.kind === "refused") socket.emit("error", { code: "bad_request", runId, message: `run:watch: ${outcome.message}` });
      else if (outcome.kind === "unknown") socket.emit("error", { code: "unknown_run", runId, message: `No run with id "${runId}"` });
      else if (outcome.kind === "failed") internal(runId, outcome.cause);
    });

    socket.on("run:unwatch", (raw: unknown) => {
      const parsed = parseUnwatch(raw);
      if (!parsed.ok) {
        socket.emit("error", { code: "bad_request", message: parsed.message });
        return;
      }
      watches.unwatch(parsed.value.runId);
    });

    socket.on("disconnect", () => {
      watches.close();
      gate.close();
    });
  });
  return io;
}

/**
 * Tells a client that let its buffer overflow why, then disconnects it. The error goes out after
 * what is already buffered, so a client that reads again sees it; one that never does is dropped
 * after `graceMs` with its buffer.
 */
function cutOff(socket: RealtimeSocket, overflow: Overflow, graceMs: number, log: (line: string) => void): void {
  const why = overflow.kind === "buffer" ? "its buffer passed the limit" : "its buffer stayed full with nothing read";
  log(`realtime: socket ${socket.id} cut off as a slow consumer: ${why} (${overflow.bytes} bytes buffered)`);
  socket.emit("error", {
    code: "slow_consumer",
    message: `The server disconnected this client because it did not read what was sent (${why}, ${Math.round(overflow.bytes / 1024)} KiB waiting). Reconnect to resume after the last seq received.`,
  });
  socket.disconnect(true);
  const timer = setTimeout(() => terminateConnection(socket), graceMs);
  timer.unref();
  socket.conn.once("close", () => clearTimeout(timer));
}
