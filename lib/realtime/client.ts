import type { Socket } from "socket.io-client";
import type { TraceItem } from "../contracts/runs";
import type { ClientToServerEvents, ErrorMessage, RunStatusMessage, ServerToClientEvents } from "./protocol";

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunWatchHandlers {
  items(items: TraceItem[]): void;
  status(status: RunStatusMessage): void;
  error?(error: ErrorMessage): void;
  /** The connection dropped or came back. */
  connection?(connected: boolean): void;
}

/**
 * Watches one run over a socket: asks for the spans after the last seq it holds, and asks again
 * with that seq after every reconnect, so a dropped connection loses nothing. Repeats are the
 * server's to prevent (never a seq twice per socket, a resumed watch starts after `after`) and
 * the run view store's to absorb: this passes batches on as they come, so a test of the protocol
 * sees what the server really sent.
 */
export function watchRun(socket: RealtimeSocket, runId: string, handlers: RunWatchHandlers, after = 0) {
  let last = after;
  const onTrace = (msg: { runId: string; items: TraceItem[] }) => {
    if (msg.runId !== runId || msg.items.length === 0) return;
    last = Math.max(last, msg.items[msg.items.length - 1]!.seq);
    handlers.items(msg.items);
  };
  const onStatus = (msg: RunStatusMessage) => {
    if (msg.runId === runId) handlers.status(msg);
  };
  const onError = (msg: ErrorMessage) => {
    if (!msg.runId || msg.runId === runId) handlers.error?.(msg);
  };
  const onConnect = () => {
    handlers.connection?.(true);
    socket.emit("run:watch", { runId, after: last });
  };
  const onDisconnect = () => handlers.connection?.(false);

  socket.on("trace", onTrace);
  socket.on("run:status", onStatus);
  socket.on("error", onError);
  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  if (socket.connected) onConnect();

  return {
    get lastSeq() {
      return last;
    },
    /**
     * Asks again for the spans after the last seq held: the server's watch of a run ends with
     * the run, so spans a run gains after that (a dead letter replayed) come only when asked.
     * Offline, the watch sent on reconnect asks the same.
     */
    resume() {
      if (socket.connected) socket.emit("run:watch", { runId, after: last });
    },
    stop() {
      socket.off("trace", onTrace);
      socket.off("run:status", onStatus);
      socket.off("error", onError);
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      if (socket.connected) socket.emit("run:unwatch", { runId });
    },
  };
}
