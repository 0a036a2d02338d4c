/**
 * Co-editing benchmark (issue 13): 20 clients, each making 10 edits/s for 30 s on a 200-sticky
 * board. Figures: remote-apply latency p50/p99 (target p99 ≤ 100 ms on loopback), the server's
 * CPU and memory, bytes stored per edit before and after compaction; each beside references
 * measured in the same run through a bare socket.io relay (no check, no database): a raw Yjs
 * update round trip (two clients at the same rate), and the same 20 clients and edits (where the
 * relay sends every update to every client as its own message, which can make this process, not
 * the relay, the bottleneck: its CPU row says so).
 *
 * How it is measured:
 * - The server runs in a child process of its own (bench/lib/coeditServer.ts: the app's DocHub
 *   with its defaults, pgDocLog and pgDocBus, socket.io through attachRealtime) on a throwaway
 *   embedded PostgreSQL with fsync on; its CPU and memory are that process's (process.cpuUsage,
 *   memoryUsage). PostgreSQL's CPU (postmaster and backends) is read from /proc on its own row.
 *   Also shown: the server's transactions (updates each, time) and its event-loop delay, which
 *   say whether it did the work or waited for the machine.
 * - The 20 editing clients are real socket.io clients speaking the doc:* protocol with a Yjs
 *   document each, in this process. An edit is a move or a rename of a random sticky, written to
 *   the sticky's map as writeBoard writes it, and sent at once as one update (a browser's session
 *   would wait up to 40 ms to batch). The edit's id is in the value (x of the position, or the
 *   name), so every client knows when it sees someone else's edit: remote-apply latency is from
 *   the edit to the moment another client's document has it, on this process's clock.
 * - Two more clients are browsers as the app has them (an editor store and a CoeditSession each)
 *   that only watch: "store" latency is from the edit to the moment their store shows it.
 *   A full session per editing client would not fit: 20 editor stores re-reading a 200-sticky
 *   board ~190 times a second each is 20 browsers' CPU on this machine's 2 cores.
 * - Bytes: the log's appended updates (counted in the server) per edit, and after compaction:
 *   the document state the log compacts to (snapshot + the updates after it, read back and
 *   encoded as one state) less the board's first state, per edit.
 *
 * `npm run bench -- coedit` runs it with the spec's figures; COEDIT_BENCH_SECONDS=10 shortens it.
 * `tsx bench/coedit.ts [seconds] [clients] [edits/s per client]` runs it on its own;
 * COEDIT_BENCH_PROFILE=<dir> makes the server write a V8 CPU profile there.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as hdr from "hdr-histogram-js";
import type pg from "pg";
import { io as connect } from "socket.io-client";
import * as Y from "yjs";
import { docMaps, writeBoard } from "../lib/coedit/boardDoc";
import { CoeditSession } from "../lib/coedit/session";
import { connectPool } from "../lib/db/database";
import { startEmbedded } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createEditorStore, type EditorStore } from "../lib/editor/store";
import type { Board, BoardNode } from "../lib/model/schema";
import type { RealtimeSocket } from "../lib/realtime/client";
import { SOCKET_PATH, type DocJoinReply, type DocUpdateReply } from "../lib/realtime/protocol";
import { seededRandom } from "../lib/sim/hash";
import { bigBoard } from "./lib/bigBoard";
import type { ChildMessage, ParentMessage } from "./lib/coeditServer";

export interface CoeditRow {
  figure: string;
  measured: string;
  reference: string;
}

export interface CoeditBenchOptions {
  /** Seconds of editing against the co-editing server (default 30). */
  seconds?: number;
  /** Editing clients (default 20). */
  clients?: number;
  /** Edits per second per client (default 10). */
  rate?: number;
  /** Watching clients with a real editor store and session (default 2). */
  observers?: number;
}

const now = () => performance.timeOrigin + performance.now();
const LOCAL = { bench: "local" };
const REMOTE = { bench: "remote" };
/** Edit ids start here, so no position on the board is mistaken for one. */
const CODE_BASE = 1_000_000;

/** An editing client: a socket, a Yjs document of the board, the protocol's join and updates. */
class EditingClient {
  readonly doc = new Y.Doc();
  readonly socket: RealtimeSocket;
  sent = 0;
  acked = 0;
  refused = 0;
  private boardId = "";

  constructor(url: string, private readonly seen: (code: number, at: number) => void) {
    this.socket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], forceNew: true, reconnection: false });
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL) return;
      this.sent++;
      this.socket.emit("doc:update", { boardId: this.boardId, update }, (reply: DocUpdateReply) => (reply.ok ? this.acked++ : this.refused++));
    });
    const nodes = docMaps(this.doc).nodes;
    nodes.observeDeep((events, tr) => {
      if (tr.origin !== REMOTE) return;
      const at = now();
      for (const e of events) {
        if (e.target === nodes || !(e.target instanceof Y.Map)) continue;
        for (const key of (e as Y.YMapEvent<unknown>).keysChanged) {
          const code = codeOf(key, e.target.get(key));
          if (code !== null) this.seen(code, at);
        }
      }
    });
    this.socket.on("doc:update", (msg) => Y.applyUpdate(this.doc, toBytes(msg.update), REMOTE));
  }

  async join(boardId: string): Promise<void> {
    this.boardId = boardId;
    if (!this.socket.connected) await new Promise<void>((resolve, reject) => (this.socket.once("connect", () => resolve()), this.socket.once("connect_error", reject)));
    const reply = await new Promise<DocJoinReply>((resolve, reject) =>
      this.socket.timeout(60_000).emit("doc:join", { boardId, stateVector: Y.encodeStateVector(this.doc) }, (err: Error | null, r: DocJoinReply) => (err ? reject(err) : resolve(r))),
    );
    if (!reply.ok) throw new Error(`join refused: ${reply.message}`);
    Y.applyUpdate(this.doc, toBytes(reply.update), REMOTE);
  }

  /** A move or a rename of sticky `id`, carrying `code`: the one key writeBoard would set. */
  edit(id: string, code: number, move: boolean, y: number): void {
    const node = docMaps(this.doc).nodes.get(id);
    if (!node) return;
    this.doc.transact(() => (move ? node.set("position", { x: code, y }) : node.set("name", `E${code}`)), LOCAL);
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

function codeOf(key: string, value: unknown): number | null {
  if (key === "position" && typeof value === "object" && value !== null) {
    const x = (value as { x?: unknown }).x;
    return typeof x === "number" && x >= CODE_BASE ? x : null;
  }
  if (key === "name" && typeof value === "string" && /^E\d{7,}$/.test(value)) return Number(value.slice(1));
  return null;
}

function codesOfNode(node: BoardNode): number[] {
  return [codeOf("position", node.position), codeOf("name", node.name)].filter((c): c is number => c !== null);
}

/** A browser as the app has it: an editor store whose board is the co-edited document (CoeditSession). */
function watchingBrowser(url: string, boardId: string, board: Board, revision: number) {
  const socket: RealtimeSocket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], forceNew: true, reconnection: false });
  const store: EditorStore = createEditorStore({ boardId, board, revision }, { newId: (p) => `${p}-${Math.random().toString(36).slice(2)}`, now: () => Date.now() });
  const session = new CoeditSession(store, socket, { name: "Watcher", color: "#1971c2" });
  session.start();
  return {
    store,
    close() {
      session.stop();
      socket.close();
    },
  };
}

async function insertBoard(pool: pg.Pool, board: Board): Promise<{ id: string; revision: number }> {
  const { rows } = await pool.query<{ id: string; revision: number }>(
    `INSERT INTO boards (id, name, document, node_count) VALUES (gen_random_uuid(), $1, $2, $3) RETURNING id, revision`,
    [board.name, JSON.stringify(board), board.nodes.length],
  );
  return rows[0]!;
}

const toBytes = (data: Uint8Array | ArrayBuffer) => (data instanceof Uint8Array ? data : new Uint8Array(data));

/** The server child: started, asked for figures, closed. */
class ServerChild {
  private readonly waiting: ((m: ChildMessage) => void)[] = [];
  /** What every stats answer brought since `resetSamples`. */
  transactions: { appends: number; ms: number }[] = [];
  loopDelays: { p50: number; p99: number; max: number }[] = [];
  private constructor(private readonly child: ChildProcess, readonly url: string) {
    child.on("message", (m: ChildMessage) => this.waiting.shift()?.(m));
  }

  static async start(mode: "hub" | "relay", env: Record<string, string>): Promise<ServerChild> {
    const entry = fileURLToPath(new URL("./lib/coeditServer.ts", import.meta.url));
    // COEDIT_BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there (node --cpu-prof).
    const profile = process.env.COEDIT_BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.COEDIT_BENCH_PROFILE] : [];
    const child = fork(entry, [], { execArgv: ["--import", "tsx", ...profile], env: { ...process.env, ...env, BENCH_MODE: mode }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const ready = await new Promise<ChildMessage>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`the ${mode} server exited (${code}) before it was ready`)));
    });
    if (ready.type !== "ready") throw new Error(`unexpected first message from the ${mode} server: ${ready.type}`);
    return new ServerChild(child, ready.url);
  }

  private ask(message: ParentMessage): Promise<ChildMessage> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.send(message);
    });
  }

  async stats() {
    const m = await this.ask({ type: "stats" });
    if (m.type !== "stats") throw new Error(`expected stats, got ${m.type}`);
    this.transactions.push(...m.transactions);
    this.loopDelays.push(m.loopDelay);
    return m;
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.child.once("exit", r));
    await this.ask({ type: "close" });
    await exited;
  }
}

interface PhaseResult {
  seconds: number;
  sent: number;
  acked: number;
  refused: number;
  yjs: hdr.Histogram;
  store: hdr.Histogram;
  /** Deliveries seen / expected (each measured edit to every other editing client). */
  delivered: { seen: number; expected: number };
  cpuPercent: number;
  clientCpuPercent: number;
  /** PostgreSQL's CPU while editing, % of one core (null: not measured). */
  pgCpuPercent: number | null;
  rss: { start: number; peak: number };
  /** Transactions that appended while editing: updates in each, and time (ms). */
  transactions: { appends: number; ms: number }[];
  /** The server's event-loop delay, worst 1-second window's p99 and max (ms). */
  loopDelay: { p99: number; max: number };
  heapUsed: number;
  warnings: string[];
  /** Whether every client ended with every update (within 2 minutes of the last edit). */
  settled: boolean;
}

/** One phase: clients join `server`, edit at `rate` for `seconds` (the first second unmeasured), then settle. */
async function runPhase(server: ServerChild, boardId: string, board: Board, revision: number, opts: Required<CoeditBenchOptions>, seed: string, pgCpu: () => number | null = () => null): Promise<PhaseResult> {
  const sentAt = new Map<number, { at: number; client: number }>();
  let measureFrom = Infinity;
  const yjs = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  const store = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3 });
  let seenCount = 0;
  const record = (histogram: hdr.Histogram, code: number, at: number, by: number) => {
    const sent = sentAt.get(code);
    if (!sent || sent.client === by || sent.at < measureFrom) return false;
    histogram.recordValue(Math.max(1, Math.round((at - sent.at) * 1000)));
    return true;
  };

  const clients: EditingClient[] = [];
  for (let i = 0; i < opts.clients; i++) {
    const seen = new Set<number>();
    clients.push(
      new EditingClient(server.url, (code, at) => {
        if (seen.has(code)) return;
        seen.add(code);
        if (record(yjs, code, at, i)) seenCount++;
      }),
    );
  }
  await Promise.all(clients.map((c) => c.join(boardId)));
  const observers: ReturnType<typeof watchingBrowser>[] = [];
  for (let o = 0; o < opts.observers; o++) {
    const peer = watchingBrowser(server.url, boardId, board, revision);
    const seen = new Set<number>();
    peer.store.subscribe((s, prev) => {
      if (s.board === prev.board) return;
      const at = now();
      const before = new Map(prev.board.nodes.map((n) => [n.id, n]));
      for (const n of s.board.nodes) {
        if (before.get(n.id) === n) continue;
        for (const code of codesOfNode(n)) {
          if (seen.has(code)) continue;
          seen.add(code);
          record(store, code, at, -1);
        }
      }
    });
    observers.push(peer);
  }
  const deadline = Date.now() + 30_000;
  while (observers.some((p) => p.store.getState().saveStatus !== "saved") && Date.now() < deadline) await sleep(20);

  const ids = board.nodes.map((n) => n.id);
  const intervalMs = 1000 / opts.rate;
  const startCpu = (await server.stats()).cpu;
  const startRss = (await server.stats()).memory.rss;
  server.transactions = [];
  server.loopDelays = [];
  let peakRss = startRss;
  const sampler = setInterval(() => void server.stats().then((s) => (peakRss = Math.max(peakRss, s.memory.rss))), 1000);
  const clientCpu = process.cpuUsage();
  const pgStart = pgCpu();
  const t0 = now();
  measureFrom = t0 + 1000;
  let nextCode = CODE_BASE;
  // Each client edits on its own schedule (a random phase in the interval), catching up if late.
  await Promise.all(
    clients.map(async (client, i) => {
      const random = seededRandom("coedit-bench", seed, i);
      let due = t0 + random() * intervalMs;
      const end = t0 + opts.seconds * 1000;
      while (due < end) {
        const wait = due - now();
        if (wait > 0) await sleep(wait);
        const code = nextCode++;
        sentAt.set(code, { at: now(), client: i });
        client.edit(ids[Math.floor(random() * ids.length)]!, code, random() < 0.7, Math.round(random() * 3000));
        due += intervalMs;
      }
    }),
  );
  const seconds = (now() - t0) / 1000;
  const cpu = (await server.stats()).cpu;
  const client = process.cpuUsage(clientCpu);
  const pgEnd = pgCpu();
  clearInterval(sampler);
  const transactions = server.transactions;
  const loopDelay = { p99: Math.max(0, ...server.loopDelays.map((d) => d.p99)), max: Math.max(0, ...server.loopDelays.map((d) => d.max)) };
  // Settle: every edit answered, and every client holding the same document (all edits reached everyone).
  const settle = Date.now() + 120_000;
  const sameState = () => {
    const first = Buffer.from(Y.encodeStateVector(clients[0]!.doc));
    return clients.every((c) => first.equals(Buffer.from(Y.encodeStateVector(c.doc))));
  };
  while ((clients.some((c) => c.acked + c.refused < c.sent) || !sameState()) && Date.now() < settle) await sleep(100);
  const settled = sameState();
  await sleep(500);
  const last = await server.stats();
  for (const c of clients) c.close();
  for (const p of observers) p.close();

  const measured = [...sentAt.values()].filter((s) => s.at >= measureFrom).length;
  const busy = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
  return {
    seconds,
    sent: clients.reduce((n, c) => n + c.sent, 0),
    acked: clients.reduce((n, c) => n + c.acked, 0),
    refused: clients.reduce((n, c) => n + c.refused, 0),
    yjs,
    store,
    delivered: { seen: seenCount, expected: measured * (opts.clients - 1) },
    cpuPercent: ((busy(cpu) - busy(startCpu)) / seconds) * 100,
    clientCpuPercent: (busy(client) / seconds) * 100,
    pgCpuPercent: pgStart === null || pgEnd === null ? null : ((pgEnd - pgStart) / seconds) * 100,
    rss: { start: startRss, peak: Math.max(peakRss, last.memory.rss) },
    transactions,
    loopDelay,
    heapUsed: last.memory.heapUsed,
    warnings: last.warnings,
    settled,
  };
}

function transactionFigure(list: readonly { appends: number; ms: number }[]): string {
  if (list.length === 0) return "none";
  const times = list.map((t) => t.ms).sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  const appends = list.reduce((n, t) => n + t.appends, 0);
  return `${list.length} (${(appends / list.length).toFixed(1)} / ${Math.max(...list.map((t) => t.appends))} updates; ${at(50).toFixed(1)} / ${at(99).toFixed(1)} ms)`;
}

/**
 * CPU seconds used so far by the PostgreSQL cluster in `dataDir` (Linux /proc): the postmaster,
 * the backends it reaped, and those still running. null where /proc is not there.
 */
function postgresCpuSeconds(dataDir: string): number | null {
  try {
    const ticks = 100; // USER_HZ on Linux
    const stat = (pid: string) => fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    const pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    const postmaster = pids.find((pid) => {
      try {
        const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return /postgres$/.test(argv[0] ?? "") && argv.some((a) => a.includes(dataDir));
      } catch {
        return false;
      }
    });
    if (!postmaster) return null;
    // Fields after the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    const own = stat(postmaster);
    let total = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
    for (const pid of pids) {
      try {
        const f = stat(pid);
        if (f[1] === postmaster) total += Number(f[11]) + Number(f[12]);
      } catch {
        // Gone meanwhile.
      }
    }
    return total / ticks;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (h: hdr.Histogram, p: number) => (h.totalCount === 0 ? "—" : `${(h.getValueAtPercentile(p) / 1000).toFixed(1)} ms`);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Bytes in the board's log now, and what it compacts to (one state, as the snapshot holds it). */
async function storedBytes(pool: pg.Pool, boardId: string) {
  const { rows: b } = await pool.query<{ snapshot: Buffer | null; snapshot_seq: string; revision: number; json: number }>(
    `SELECT doc_snapshot AS snapshot, doc_snapshot_seq AS snapshot_seq, revision, octet_length(document::text) AS json FROM boards WHERE id = $1`,
    [boardId],
  );
  const { rows: u } = await pool.query<{ update: Buffer }>(`SELECT update FROM board_doc_updates WHERE board_id = $1 ORDER BY seq`, [boardId]);
  const doc = new Y.Doc({ gc: true });
  const row = b[0]!;
  if (row.snapshot) Y.applyUpdate(doc, new Uint8Array(row.snapshot));
  for (const r of u) Y.applyUpdate(doc, new Uint8Array(r.update));
  const compacted = Y.encodeStateAsUpdate(doc).byteLength;
  doc.destroy();
  return {
    snapshot: row.snapshot?.byteLength ?? 0,
    snapshotSeq: Number(row.snapshot_seq),
    logRows: u.length,
    logBytes: u.reduce((n, r) => n + r.update.byteLength, 0),
    compacted,
    revision: row.revision,
    json: row.json,
  };
}

export async function runCoeditBench(options: CoeditBenchOptions = {}): Promise<CoeditRow[]> {
  const opts: Required<CoeditBenchOptions> = {
    seconds: options.seconds ?? Number(process.env.COEDIT_BENCH_SECONDS ?? 30),
    clients: options.clients ?? 20,
    rate: options.rate ?? 10,
    observers: options.observers ?? 2,
  };
  const board = bigBoard(40);
  const seed = "bench";
  const loadBefore = os.loadavg();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-bench-coedit-"));
  const pgServer = await startEmbedded({ dataDir, persistent: false });
  const pool = await connectPool(pgServer.url, 5);
  try {
    await migrate(pool);
    const initialState = (() => {
      const d = new Y.Doc();
      writeBoard(d, board);
      return Y.encodeStateAsUpdate(d).byteLength;
    })();

    // The reference: the same clients and edits through a bare relay, for a third of the time (≥ 5 s).
    const relay = await ServerChild.start("relay", { BENCH_BOARD: JSON.stringify(board) });
    const refSeconds = Math.max(5, Math.round(opts.seconds / 3));
    let ref: PhaseResult;
    let raw: PhaseResult;
    try {
      // A raw Yjs update round trip: two clients at the same rate each, one watching browser.
      raw = await runPhase(relay, "00000000-0000-4000-8000-000000000000", board, 1, { ...opts, clients: 2, observers: 1, seconds: refSeconds }, seed);
      // The same 20 clients through the relay (every update to every client as its own message).
      ref = await runPhase(relay, "00000000-0000-4000-8000-000000000000", board, 1, { ...opts, seconds: refSeconds }, seed);
    } finally {
      await relay.close();
    }

    const { id: boardId, revision } = await insertBoard(pool, board);
    const hub = await ServerChild.start("hub", { BENCH_PG_URL: pgServer.url });
    let run: PhaseResult;
    let appended: { count: number; bytes: number };
    try {
      run = await runPhase(hub, boardId, board, revision, opts, seed, () => postgresCpuSeconds(dataDir));
      appended = (await hub.stats()).appended;
    } finally {
      await hub.close();
    }
    const stored = await storedBytes(pool, boardId);
    const loadAfter = os.loadavg();
    // The log's first append is the board's first state, not an edit.
    const editUpdates = appended.count - 1;
    const editBytes = appended.bytes - initialState;
    const rate = (p: PhaseResult) => `${p.sent} edits in ${p.seconds.toFixed(1)} s = ${Math.round(p.sent / p.seconds)} edits/s (${opts.clients} clients × ${opts.rate}/s asked)`;
    const rows: CoeditRow[] = [
      { figure: "edits made (each sent at once as one update)", measured: `${rate(run)}; ${run.acked} acknowledged, ${run.refused} refused`, reference: `relay: ${rate(ref)}` },
      { figure: "remote-apply latency p50, another client's Yjs document", measured: ms(run.yjs, 50), reference: `raw round trip: ${ms(raw.yjs, 50)}; relay: ${ms(ref.yjs, 50)}` },
      { figure: "remote-apply latency p99, another client's Yjs document", measured: ms(run.yjs, 99), reference: `≤ 100 ms; raw round trip: ${ms(raw.yjs, 99)}; relay: ${ms(ref.yjs, 99)}` },
      { figure: "remote-apply latency max, another client's Yjs document", measured: ms(run.yjs, 100), reference: `raw round trip: ${ms(raw.yjs, 100)}; relay: ${ms(ref.yjs, 100)}` },
      {
        figure: `remote-apply latency p50 / p99 / max, editor store of a browser session (${opts.observers} watching)`,
        measured: `${ms(run.store, 50)} / ${ms(run.store, 99)} / ${ms(run.store, 100)}`,
        reference: `≤ 100 ms p99; raw round trip: ${ms(raw.store, 50)} / ${ms(raw.store, 99)} / ${ms(raw.store, 100)}; relay: ${ms(ref.store, 50)} / ${ms(ref.store, 99)} / ${ms(ref.store, 100)}`,
      },
      { figure: "edits seen by every other client (measured part)", measured: `${run.delivered.seen} of ${run.delivered.expected} (${((run.delivered.seen / Math.max(1, run.delivered.expected)) * 100).toFixed(2)}%: a concurrent edit of the same key that lost is never seen); every client ended with every update: ${run.settled ? "yes" : "NO"}`, reference: `relay: ${((ref.delivered.seen / Math.max(1, ref.delivered.expected)) * 100).toFixed(2)}%, ${ref.settled ? "yes" : "NO"}` },
      { figure: "server CPU while editing (child process, user + system; PostgreSQL not included)", measured: `${run.cpuPercent.toFixed(0)}% of one core`, reference: `relay: ${ref.cpuPercent.toFixed(0)}%` },
      { figure: "PostgreSQL CPU while editing (postmaster and backends, /proc)", measured: run.pgCpuPercent === null ? "not measured" : `${run.pgCpuPercent.toFixed(0)}% of one core`, reference: "relay: none (no database)" },
      { figure: "server memory (child process RSS: before editing → peak; JS heap used at the end)", measured: `${mib(run.rss.start)} → ${mib(run.rss.peak)}; heap ${mib(run.heapUsed)}`, reference: `relay: ${mib(ref.rss.start)} → ${mib(ref.rss.peak)}` },
      {
        figure: "server: transactions while editing (updates in each: mean / max; time p50 / p99)",
        measured: transactionFigure(run.transactions),
        reference: "—",
      },
      { figure: "server event-loop delay (worst 1 s window: p99 / max)", measured: `${run.loopDelay.p99.toFixed(0)} / ${run.loopDelay.max.toFixed(0)} ms`, reference: `relay: ${ref.loopDelay.p99.toFixed(0)} / ${ref.loopDelay.max.toFixed(0)} ms` },
      { figure: "clients' CPU (this process: editing clients and watching sessions)", measured: `${run.clientCpuPercent.toFixed(0)}% of one core`, reference: `relay: ${ref.clientCpuPercent.toFixed(0)}% (every update a message to every client: above ~100% this process, not the relay, sets its latency)` },
      { figure: "bytes stored per edit before compaction (log updates appended)", measured: `${(editBytes / Math.max(1, editUpdates)).toFixed(0)} B (${editUpdates} updates, ${(editBytes / 2 ** 20).toFixed(2)} MiB)`, reference: `canonical board JSON: ${(stored.json / 1024).toFixed(0)} KiB` },
      {
        figure: "bytes stored per edit after compaction (compacted state − board's first state, per edit)",
        measured: `${((stored.compacted - initialState) / Math.max(1, editUpdates)).toFixed(1)} B (state ${(initialState / 1024).toFixed(0)} → ${(stored.compacted / 1024).toFixed(0)} KiB)`,
        reference: `in the database now: snapshot ${(stored.snapshot / 1024).toFixed(0)} KiB (to seq ${stored.snapshotSeq}) + ${stored.logRows} updates ${(stored.logBytes / 1024).toFixed(0)} KiB`,
      },
      { figure: "canonical board saves (revisions) during the run", measured: `${stored.revision - revision}`, reference: "—" },
      { figure: "server warnings", measured: run.warnings.length ? run.warnings.slice(0, 3).join(" | ") : "none", reference: "none" },
      { figure: "load average (1, 5, 15 min) before → after", measured: `${loadBefore.map((l) => l.toFixed(2)).join(", ")} → ${loadAfter.map((l) => l.toFixed(2)).join(", ")}`, reference: `${os.cpus().length} cores` },
    ];
    return rows;
  } finally {
    await pool.end();
    await pgServer.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [seconds, clients, rate] = process.argv.slice(2).map(Number);
  console.table(await runCoeditBench({ seconds: seconds || undefined, clients: clients || undefined, rate: rate || undefined }));
  process.exit(0);
}
