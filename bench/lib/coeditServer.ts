/**
 * The server half of the co-editing benchmark (bench/coedit.ts), run in a child process of its
 * own so that its CPU and memory are its own: `process.cpuUsage()` here is the server's only.
 *
 * BENCH_MODE=hub: the app's co-editing server as server.ts wires it (DocHub with the app's
 * defaults, pgDocLog and pgDocBus on BENCH_PG_URL, socket.io through attachRealtime), with the
 * log's appends counted. BENCH_MODE=relay: the reference, a bare socket.io server that passes
 * each Yjs update on to every other socket and acknowledges it (no check, no database).
 *
 * The parent talks to it over IPC: "ready" (with the url) once listening; "stats" (CPU, memory,
 * appends) and "close" on request.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Server } from "socket.io";
import * as Y from "yjs";
import { pgDocBus } from "../../lib/boards/pgDocBus";
import { pgDocLog } from "../../lib/boards/pgDocLog";
import { writeBoard } from "../../lib/coedit/boardDoc";
import { DocHub } from "../../lib/coedit/docHub";
import type { DocLog } from "../../lib/coedit/ports";
import { connectPool } from "../../lib/db/database";
import type { Board } from "../../lib/model/schema";
import { SOCKET_PATH } from "../../lib/realtime/protocol";
import { noRunsFeed } from "../../lib/realtime/runtimeFeed";
import { attachRealtime } from "../../lib/realtime/server";

export type ParentMessage = { type: "stats" } | { type: "close" };
export type ChildMessage =
  | { type: "ready"; url: string }
  | {
      type: "stats";
      cpu: NodeJS.CpuUsage;
      memory: NodeJS.MemoryUsage;
      appended: { count: number; bytes: number };
      /** Transactions that appended, and how long each took (ms), since the last stats. */
      transactions: { appends: number; ms: number }[];
      /** The event loop's delay since the last stats (ms): p50, p99, max. */
      loopDelay: { p50: number; p99: number; max: number };
      warnings: string[];
    }
  | { type: "closed" };

const send = (message: ChildMessage) => process.send?.(message);
const appended = { count: 0, bytes: 0 };
const transactions: { appends: number; ms: number }[] = [];
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const warnings: string[] = [];

/** pgDocLog, counting what is appended (updates, and the first state of the board) and timing the transactions that append. */
function countingLog(inner: DocLog): DocLog {
  return {
    async transaction(fn) {
      const started = performance.now();
      let appends = 0;
      const result = await inner.transaction((tx) =>
        fn({
          ...tx,
          append: async (boardId, update) => {
            const seq = await tx.append(boardId, update);
            appends++;
            appended.count++;
            appended.bytes += update.byteLength;
            return seq;
          },
          appendAll: async (boardId, updates) => {
            const seqs = await tx.appendAll(boardId, updates);
            appends += updates.length;
            appended.count += updates.length;
            appended.bytes += updates.reduce((n, u) => n + u.byteLength, 0);
            return seqs;
          },
        }),
      );
      if (appends > 0) transactions.push({ appends, ms: performance.now() - started });
      return result;
    },
  };
}

async function startHub(): Promise<{ url: string; close(): Promise<void> }> {
  const url = process.env.BENCH_PG_URL!;
  const pool = await connectPool(url, 20);
  const db = { url, pool };
  let hub: DocHub | null = null;
  const bus = pgDocBus(db, () => hub?.resync(), (line) => warnings.push(line));
  // The app's defaults (server.ts passes only the server id).
  hub = new DocHub(countingLog(pgDocLog(db)), bus, { serverId: randomUUID(), log: (line) => warnings.push(line) });
  const http = createServer();
  const io = attachRealtime(http, { version: "bench", feed: () => noRunsFeed, docs: hub, log: (line) => warnings.push(line) });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  const h = hub;
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((r) => io.close(() => r()));
      await h.close();
      await bus.close();
      await pool.end();
    },
  };
}

/** The reference: every update passed on as it came, acknowledged at once; joins get the board's first state. */
async function startRelay(): Promise<{ url: string; close(): Promise<void> }> {
  const board = JSON.parse(process.env.BENCH_BOARD!) as Board;
  const doc = new Y.Doc();
  writeBoard(doc, board);
  const initial = Y.encodeStateAsUpdate(doc);
  const http = createServer();
  const io = new Server(http, { path: SOCKET_PATH, serveClient: false, maxHttpBufferSize: 5 * 1024 * 1024 });
  let seq = 0;
  io.on("connection", (socket) => {
    socket.on("doc:join", (_msg: unknown, ack: (reply: unknown) => void) =>
      ack({ ok: true, update: initial, stateVector: Y.encodeStateVector(doc), revision: 1, savedSeq: 0, presence: new Uint8Array(0) }),
    );
    socket.on("doc:update", (msg: { boardId: string; update: Uint8Array }, ack: (reply: unknown) => void) => {
      socket.broadcast.emit("doc:update", msg);
      ack({ ok: true, seq: ++seq });
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

const server = process.env.BENCH_MODE === "relay" ? await startRelay() : await startHub();
process.on("message", (message: ParentMessage) => {
  if (message.type === "stats") {
    const loopDelay = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.reset();
    send({ type: "stats", cpu: process.cpuUsage(), memory: process.memoryUsage(), appended: { ...appended }, transactions: transactions.splice(0), loopDelay, warnings: warnings.splice(0) });
  } else if (message.type === "close") {
    void server.close().then(() => {
      send({ type: "closed" });
      process.exit(0);
    });
  }
});
send({ type: "ready", url: server.url });
