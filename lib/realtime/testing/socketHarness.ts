import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect } from "socket.io-client";
import type { RealtimeSocket } from "../client";
import { SOCKET_PATH, type ErrorMessage, type RunStatusMessage } from "../protocol";
import type { RunFeed } from "../runFeed";
import { attachRealtime, type RealtimeOptions, type RealtimeServer } from "../server";

/** attachRealtime on an ephemeral http server on 127.0.0.1, as the app runs it. */
export async function startRealtime(opts: RealtimeOptions): Promise<{ io: RealtimeServer; url: string; close(): Promise<void> }> {
  const http = createServer();
  const io = attachRealtime(http, opts);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return {
    io,
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

/** A client that records every trace item, status and error as it arrives, repeats included. */
export interface RecordingClient {
  socket: RealtimeSocket;
  seqs: Map<string, number[]>;
  statuses: RunStatusMessage[];
  errors: ErrorMessage[];
  disconnectReason: string | null;
  received(runId: string): number[];
}

export async function recordingClient(url: string): Promise<RecordingClient> {
  const socket: RealtimeSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, forceNew: true });
  const client: RecordingClient = {
    socket,
    seqs: new Map(),
    statuses: [],
    errors: [],
    disconnectReason: null,
    received: (runId) => client.seqs.get(runId) ?? [],
  };
  socket.on("trace", (msg) => {
    const list = client.seqs.get(msg.runId) ?? [];
    for (const item of msg.items) list.push(item.seq);
    client.seqs.set(msg.runId, list);
  });
  socket.on("run:status", (msg) => client.statuses.push(msg));
  socket.on("error", (msg) => client.errors.push(msg));
  socket.on("disconnect", (reason) => (client.disconnectReason = reason));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return client;
}

/** Counts the feed's store reads (all, and at most how many at once) around any feed. */
export function countingFeed(inner: RunFeed) {
  const counts = { status: 0, readTrace: 0, inFlight: 0, maxInFlight: 0, watch: 0 };
  const track = async <T>(read: () => Promise<T>): Promise<T> => {
    counts.inFlight++;
    counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    try {
      return await read();
    } finally {
      counts.inFlight--;
    }
  };
  const feed: RunFeed = {
    status: (runId) => (counts.status++, track(() => inner.status(runId))),
    readTrace: (runId, after, limit) => (counts.readTrace++, track(() => inner.readTrace(runId, after, limit))),
    watch: (runId, listener) => (counts.watch++, inner.watch(runId, listener)),
  };
  return { feed, counts };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 20 ms until it holds; throws with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
