import type { EventEmitter } from "node:events";
import type { Socket } from "socket.io";

/** How full one client's outgoing buffer is, and when it empties: what backpressure needs. */
export interface BufferProbe {
  /** Bytes queued for the client that the kernel has not taken yet (an estimate: string lengths). */
  bytes(): number;
  /** Calls `listener` whenever the transport has handed everything it was given to the kernel. */
  onDrain(listener: () => void): () => void;
}

/*
 * socket.io 4.8 / engine.io 6.6 do not expose buffered bytes, so this reads two internals (checked
 * in node_modules/engine.io/build/socket.js and transports/websocket.js, ws 8 lib/websocket.js):
 * - `conn.writeBuffer`: packets (`data`: the encoded socket.io packet, a string) waiting while the
 *   transport is not writable. A websocket transport stays unwritable until ws's write callback
 *   for its last frame runs, i.e. until the kernel took the bytes: a client that does not read
 *   makes this array grow, packet by packet.
 * - for the websocket transport, `transport.socket.bufferedAmount` (ws): frames written to the
 *   net.Socket that the kernel has not accepted yet.
 * The transport emits `drain` when its last frame is written, then `ready` (engine flushes
 * `writeBuffer`); on upgrade (polling -> websocket) the engine socket emits `upgrade` with the new one.
 */
interface EngineSocketInternals extends EventEmitter {
  writeBuffer?: { data?: unknown }[];
  transport?: EventEmitter & { name?: string; socket?: { bufferedAmount?: number } };
}

function packetBytes(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data && typeof (data as ArrayBufferLike).byteLength === "number") return (data as ArrayBufferLike).byteLength;
  return 0;
}

/** The probe over a socket.io server socket's engine connection. */
export function engineBufferProbe(socket: Socket): BufferProbe {
  const conn = socket.conn as unknown as EngineSocketInternals;
  return {
    bytes() {
      let total = 0;
      for (const packet of conn.writeBuffer ?? []) total += packetBytes(packet.data);
      const ws = conn.transport?.name === "websocket" ? conn.transport.socket : undefined;
      return total + (ws?.bufferedAmount ?? 0);
    },
    onDrain(listener) {
      let transport = conn.transport;
      transport?.on("drain", listener);
      const onUpgrade = (next: EngineSocketInternals["transport"]) => {
        transport?.off("drain", listener);
        transport = next;
        transport?.on("drain", listener);
        listener();
      };
      conn.on("upgrade", onUpgrade);
      return () => {
        transport?.off("drain", listener);
        conn.off("upgrade", onUpgrade);
      };
    },
  };
}

/**
 * Drops the connection now, discarding what is buffered. engine.io's own close waits for its
 * buffer to drain and ws's close waits 30 s for the peer's close frame; a client that never reads
 * would hold the buffer through both.
 */
export function terminateConnection(socket: Socket): void {
  const conn = socket.conn as unknown as EngineSocketInternals & { close(discard?: boolean): void };
  const ws = conn.transport?.name === "websocket" ? (conn.transport.socket as { terminate?: () => void } | undefined) : undefined;
  if (ws?.terminate) ws.terminate();
  else conn.close(true);
}
