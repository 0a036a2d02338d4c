import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { PROTOCOL_VERSION, SOCKET_PATH, type ClientToServerEvents, type ServerToClientEvents } from "./protocol";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** Attaches socket.io to the app's http server (same port as Next) and greets each client. */
export function attachRealtime(http: HttpServer, version: string): RealtimeServer {
  const io: RealtimeServer = new Server(http, {
    path: SOCKET_PATH,
    serveClient: false,
    // Bound what one client can push at us; bad payloads get an `error` event, never a crash.
    maxHttpBufferSize: 1_000_000,
  });
  io.on("connection", (socket) => {
    socket.emit("hello", { protocol: PROTOCOL_VERSION, version });
    socket.on("ping", (ack) => {
      if (typeof ack === "function") ack({ ok: true, at: Date.now() });
    });
  });
  return io;
}
