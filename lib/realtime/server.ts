import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import { z } from "zod";
import { PROTOCOL_VERSION, SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "./protocol";
import type { RunFeed } from "./runFeed";
import { RunSubscription, type SubscriptionOptions } from "./runSubscription";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

const watchSchema = z.strictObject({
  runId: z.string().min(1).max(100),
  after: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
});
const unwatchSchema = z.strictObject({ runId: z.string().min(1).max(100) });

/** At most this many runs watched by one socket at once: a bound on what one client can cost. */
const MAX_WATCHES_PER_SOCKET = 20;

/**
 * Attaches socket.io to the app's http server (same port as Next). Every client message is
 * validated; a bad one gets an `error` event naming the field, and never crashes the server.
 */
export function attachRealtime(
  http: HttpServer,
  opts: { version: string; feed: () => RunFeed; subscription?: SubscriptionOptions; allowRequest?: ServerOptions["allowRequest"] },
): RealtimeServer {
  // allowRequest refuses a foreign Host or Origin at the handshake (cross-site WebSocket hijacking).
  const io: RealtimeServer = new Server(http, { path: SOCKET_PATH, serveClient: false, maxHttpBufferSize: 100_000, allowRequest: opts.allowRequest });
  io.on("connection", (socket) => {
    const watching = new Map<string, RunSubscription>();
    socket.emit("hello", { protocol: PROTOCOL_VERSION, version: opts.version });

    socket.on("run:watch", async (raw: unknown) => {
      const parsed = watchSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const where = issue.path.join(".") || "message";
        socket.emit("error", { code: "bad_request", message: `run:watch: ${where}: ${issue.message} (expected {runId: string, after: integer ≥ 0})` });
        return;
      }
      const { runId, after } = parsed.data;
      watching.get(runId)?.close();
      watching.delete(runId);
      if (watching.size >= MAX_WATCHES_PER_SOCKET) {
        socket.emit("error", { code: "bad_request", runId, message: `run:watch: at most ${MAX_WATCHES_PER_SOCKET} runs can be watched at once` });
        return;
      }
      try {
        const feed = opts.feed();
        const status = await feed.status(runId);
        if (!status) {
          socket.emit("error", { code: "unknown_run", runId, message: `No run with id "${runId}"` });
          return;
        }
        const sub = new RunSubscription(feed, runId, after, {
          trace: (msg) => socket.emit("trace", msg),
          status: (msg) => socket.emit("run:status", msg),
          error: (message) => socket.emit("error", { code: "internal", runId, message }),
        }, opts.subscription);
        watching.set(runId, sub);
        await sub.start(status);
      } catch (err) {
        socket.emit("error", { code: "internal", runId, message: err instanceof Error ? err.message : String(err) });
      }
    });

    socket.on("run:unwatch", (raw: unknown) => {
      const parsed = unwatchSchema.safeParse(raw);
      if (!parsed.success) {
        socket.emit("error", { code: "bad_request", message: "run:unwatch: expected {runId: string}" });
        return;
      }
      watching.get(parsed.data.runId)?.close();
      watching.delete(parsed.data.runId);
    });

    socket.on("disconnect", () => {
      for (const sub of watching.values()) sub.close();
      watching.clear();
    });
  });
  return io;
}
