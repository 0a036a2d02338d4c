import type * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEditorStore, type EditorStore } from "../editor/store";
import { NODE_KINDS } from "../model/kinds";
import { parseBoard } from "../model/parse";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { seededRandom } from "../sim/hash";
import { DocHub } from "./docHub";
import { CoeditSession } from "./session";
import { memoryLog } from "./testing/memoryLog";
import { MemoryNet, type MemoryLink } from "./testing/memoryNet";

/**
 * The soak's property, fast and reproducible: editor stores with their sessions, the real hub and
 * socket handlers, an in-memory log and network whose deliveries, timers and disconnects a seeded
 * generator decides. Every run of a seed is the same run, so a failure names its seed and replays.
 * At the end every store shows the same board, byte for byte, and so does the hub's saved one.
 */

const BOARD = "00000000-0000-4000-8000-0000000000f0";
const START = Date.UTC(2026, 0, 1);
const settle = () => new Promise((r) => setImmediate(r));

/** Session timers on a clock the test moves. */
function virtualTimers() {
  let now = 0;
  let next = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => (due.set(++next, { at: now + ms, fn }), next),
      clearTimeout: (h: unknown) => void due.delete(h as number),
    },
    pending: () => due.size,
    advance(ms: number) {
      now += ms;
      // Y.UndoManager merges edits by Date.now(): the same clock.
      vi.setSystemTime(START + now);
      for (;;) {
        const ready = [...due.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!ready) return;
        due.delete(ready[0]);
        ready[1].fn();
      }
    },
  };
}

/**
 * Yjs picks client ids at random, and they decide which of two concurrent writes wins: the test
 * gives the session's document (and its presence) an id of its own, so that a seed is the same
 * run every time. Before `start`, while nothing is written yet.
 */
function pinClientId(session: CoeditSession, id: number): void {
  const { doc, awareness } = (session as unknown as { replica: { doc: Y.Doc; awareness: Awareness } }).replica;
  const old = doc.clientID;
  doc.clientID = id;
  awareness.clientID = id;
  for (const map of [awareness.states, awareness.meta] as Map<number, unknown>[]) {
    const value = map.get(old);
    map.delete(old);
    if (value !== undefined) map.set(id, value);
  }
}

interface Client {
  store: EditorStore;
  session: CoeditSession;
  link: MemoryLink;
}

async function run(seed: number, clients = 5, steps = 600) {
  const random = seededRandom("session-fuzz", seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const { log, row, state } = memoryLog(orderFlowTemplate());
  const hub = new DocHub(log, null, { serverId: "s", saveDelayMs: 600_000, maxSaveDelayMs: 600_000, compactAfter: 40, log: (line) => warnings.push(line) });
  const warnings: string[] = [];
  const net = new MemoryNet(hub);
  const clock = virtualTimers();
  const peers: Client[] = [];
  const refusals: string[] = [];
  const done = { edits: 0, undos: 0, deliveries: 0, disconnects: 0 };
  for (let i = 0; i < clients; i++) {
    const link = net.link(`c${i}`);
    let ids = 0;
    const store = createEditorStore({ boardId: BOARD, board: orderFlowTemplate(), revision: 1 }, { newId: (p) => `${p}-c${i}n${++ids}`, now: () => 0 });
    const session = new CoeditSession(store, link.socket, { name: `C${i}`, color: "#1971c2" }, { sendEveryMs: 20, captureMs: 600, retryMs: 300, timers: clock.timers });
    pinClientId(session, 1000 + i);
    session.start();
    link.connect();
    store.subscribe((s, prev) => {
      if (s.saveMessage !== prev.saveMessage && s.saveMessage?.includes("refused")) refusals.push(`C${i}: ${s.saveMessage}`);
    });
    peers.push({ store, session, link });
  }

  const edit = (c: Client) => {
    const s = c.store.getState();
    const nodes = s.board.nodes;
    const node = () => pick(nodes)!;
    const r = random();
    if (nodes.length < 4 || r < 0.15) s.addNode(pick(NODE_KINDS)!, { x: int(0, 2000), y: int(0, 2000) }, `Added ${int(1, 999)}`);
    else if (r < 0.35) s.moveNodes(new Map([[node().id, { x: int(0, 2000), y: int(0, 2000) }]]));
    else if (r < 0.5) s.patchNode(node().id, (n) => ({ ...n, name: `Name ${int(1, 999)}` }));
    else if (r < 0.6) s.connect(node().id, node().id);
    else if (r < 0.7) {
      s.select([node().id, node().id]);
      c.store.getState().deleteSelection();
    } else if (r < 0.74) {
      s.select([node().id, node().id]);
      c.store.getState().duplicateSelection();
    } else if (r < 0.78) {
      s.select([node().id, node().id, node().id]);
      c.store.getState().copySelection();
      if (random() < 0.6) c.store.getState().paste();
    } else if (r < 0.93) {
      s.undo();
      done.undos++;
    } else s.redo();
  };

  for (let step = 0; step < steps; step++) {
    const r = random();
    const c = pick(peers)!;
    if (r < 0.45) {
      edit(c);
      done.edits++;
    } else if (r < 0.8) {
      // Deliver a few messages of one link, one direction.
      const link = pick(net.links)!;
      const queue = random() < 0.5 ? "up" : "down";
      for (let k = int(1, 4); k > 0 && link[queue].length > 0; k--, done.deliveries++) link[queue].shift()!();
    } else if (r < 0.93) clock.advance(int(5, 60));
    else if (c.link.connected) {
      c.link.disconnect();
      done.disconnects++;
    } else c.link.connect();
    await settle();
  }

  // Everyone back online; deliver everything and run every timer until nothing moves.
  for (const p of peers) p.link.connect();
  for (let round = 0; round < 400; round++) {
    for (const link of net.links) {
      while (link.up.length > 0) link.up.shift()!();
      while (link.down.length > 0) link.down.shift()!();
    }
    clock.advance(1000);
    await settle();
    await hub.flush(BOARD);
    await settle();
    const quiet = net.inFlight() === 0 && peers.every((p) => p.session.pending === 0 && p.store.getState().saveStatus === "saved");
    if (quiet && round > 3) break;
  }
  await hub.flush(BOARD);
  const texts = peers.map((p) => serializeBoard(p.store.getState().board));
  const stored = serializeBoard(parseBoard(row.document));
  const status = peers.map((p, i) => `C${i} ${p.link.connected ? "on" : "off"} pending ${p.session.pending} ${p.store.getState().saveStatus} ${p.store.getState().saveMessage ?? ""}`);
  const valid = peers.every((p) => {
    try {
      parseBoard(p.store.getState().board);
      return true;
    } catch {
      return false;
    }
  });
  for (const p of peers) p.session.stop();
  await hub.close();
  return { texts, stored, warnings, status, refusals, valid, done, compactedTo: row.snapshotSeq, transactions: state.transactions };
}

describe("co-editing sessions over an in-memory network, seeded", () => {
  let undoFailures: unknown[][] = [];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(START);
    // undoStep says so on the console when Yjs's undo throws halfway; here that fails the test.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    undoFailures = warn.mock.calls;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  async function converges(seed: number, clients?: number, steps?: number) {
    const result = await run(seed, clients, steps);
    const { texts, stored, warnings, status, refusals, valid, done } = result;
    for (let i = 1; i < texts.length; i++) expect(texts[i], `seed ${seed}: client ${i} vs 0 (${status.join("; ")})`).toBe(texts[0]);
    expect(stored, `seed ${seed}: the saved board`).toBe(texts[0]);
    expect(valid, `seed ${seed}: every board valid`).toBe(true);
    expect(warnings, `seed ${seed}: hub warnings`).toEqual([]);
    expect(refusals, `seed ${seed}: refused edits`).toEqual([]);
    expect(undoFailures, `seed ${seed}: undo failed halfway`).toEqual([]);
    // The run did what it says.
    expect(done.edits).toBeGreaterThan(100);
    expect(done.undos).toBeGreaterThan(10);
    expect(done.deliveries).toBeGreaterThan(100);
    expect(done.disconnects).toBeGreaterThan(5);
    expect(result.compactedTo).toBeGreaterThan(0);
    return result;
  }

  it.each(Array.from({ length: 6 }, (_, i) => i + 1))("5 clients, 1,500 steps: converge for seed %i", async (seed) => {
    await converges(seed, 5, 1500);
  }, 30_000);

  // In this run Yjs's undo threw halfway (redoItem read `redone` of a struct that garbage
  // collection had replaced) while the sessions' documents still collected garbage. Since the
  // session starts a new undo step with each of the store's (3e66108), the same seed no longer
  // reaches that state even with garbage collection on (nor did 230 other seeds of this size or
  // larger): it stays as a larger convergence run, and no longer shows that bug by itself.
  it("8 clients, 2,500 steps: converge for seed 2038, with no undo failing halfway", async () => {
    await converges(2038, 8, 2500);
  }, 60_000);
});
