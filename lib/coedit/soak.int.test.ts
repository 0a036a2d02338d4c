import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { NODE_KINDS } from "../model/kinds";
import { parseBoard } from "../model/parse";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { sleep, until } from "../realtime/testing/socketHarness";
import { seededRandom } from "../sim/hash";
import { connectPeer, insertBoard, startCoeditServer, type CoeditServer, type TestPeer } from "./testing/harness";

/**
 * The convergence soak: 8 editor stores, each with its co-editing session over a real socket.io
 * connection to one server on a real PostgreSQL database, make 500 random edits each through the
 * store's actions (add, move, rename, connect, delete, copy/paste and duplicate, undo and redo),
 * some of them offline (the socket disconnected mid-way, edits go on, then it reconnects). The log
 * is compacted every 200 updates while they edit. At the end every store shows the same board,
 * byte for byte, and so does the canonical board the server saved; after a restart of the server,
 * a fresh client and the stored board are still that board.
 *
 * The edits come from a seeded generator per client, printed below (COEDIT_SOAK_SEED=<seed>
 * replays the same edit choices; what the other clients' edits interleave with still depends on
 * timing, so a replay is close to, not exactly, the failed run). Edits are paced (small batches,
 * 40–110 ms apart): the test is about convergence, not about flooding the server.
 */

const CLIENTS = 8;
const EDITS = 500;
const COMPACT_AFTER = 200;
/** Above this many stickies a client deletes more than it adds (the board stays a board people draw). */
const CROWDED = 90;

const seed = process.env.COEDIT_SOAK_SEED ?? String(randomInt(1, 2 ** 31));

interface Tally {
  [op: string]: number;
}

describe("co-editing soak: 8 clients × 500 random edits, with disconnects, converge", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
  }, 60_000);
  afterAll(async () => {
    await db.drop();
  });

  it(`converges in every client, the server and after a restart (seed ${seed})`, async () => {
    console.log(`coedit soak seed: ${seed} (COEDIT_SOAK_SEED=${seed} to replay the edit choices)`);
    const warnings: string[] = [];
    let server: CoeditServer | null = await startCoeditServer(db, { compactAfter: COMPACT_AFTER, log: (line) => warnings.push(line) });
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const peers: TestPeer[] = [];
    const refusals: string[] = [];
    const tally: Tally = {};
    const text = (p: TestPeer) => serializeBoard(p.store.getState().board);
    try {
      for (let i = 0; i < CLIENTS; i++) {
        const peer = await connectPeer(server.url, board.id, orderFlowTemplate(), board.revision, `P${i}`);
        // A refused edit is a bug here (every edit is one a user can make): each is recorded.
        peer.store.subscribe((s, prev) => {
          if (s.saveMessage !== prev.saveMessage && s.saveMessage?.includes("refused")) refusals.push(`P${i}: ${s.saveMessage}`);
        });
        peers.push(peer);
      }
      await until("every client synced", () => peers.every((p) => p.session.live && p.store.getState().saveStatus === "saved"), 20_000);

      const started = Date.now();
      await Promise.all(peers.map((peer, i) => editRandomly(peer, seededRandom("coedit-soak", seed, i), tally)));
      const editing = Date.now() - started;

      await until(
        "every client reconnected, sent everything and saw it saved",
        () => peers.every((p) => p.socket.connected && p.session.pending === 0 && p.store.getState().saveStatus === "saved"),
        30_000,
      ).catch((err: Error) => {
        throw new Error(`${err.message} (seed ${seed}): ${peers.map((p, i) => `P${i} ${p.socket.connected ? "on" : "off"} pending ${p.session.pending} ${p.store.getState().saveStatus}`).join("; ")}`);
      });
      await until("every client shows the same board", () => peers.every((p) => text(p) === text(peers[0]!)), 20_000).catch(() => undefined);

      const texts = peers.map(text);
      for (let i = 1; i < CLIENTS; i++) expect(texts[i], `client P${i} differs from P0 (seed ${seed})`).toBe(texts[0]);
      const final = texts[0]!;
      // Every client's board is one the server would take.
      expect(() => parseBoard(peers[0]!.store.getState().board)).not.toThrow();

      // The canonical board (what GET, exports and runs read) is that board too.
      await server.hub.flush(board.id);
      const row = async () =>
        (
          await db.pool.query<{ document: unknown; revision: number; doc_snapshot_seq: string; doc_seq: string }>(
            `SELECT document, revision, doc_snapshot_seq, doc_seq FROM boards WHERE id = $1`,
            [board.id],
          )
        ).rows[0]!;
      const stored = await row();
      expect(serializeBoard(parseBoard(stored.document)), `stored board differs (seed ${seed})`).toBe(final);
      // The log was compacted while the clients edited: a snapshot, and no update it covers is left.
      const snapshotSeq = Number(stored.doc_snapshot_seq);
      expect(snapshotSeq).toBeGreaterThan(0);
      const { rows: logRows } = await db.pool.query<{ n: string; min: string | null }>(`SELECT count(*) AS n, min(seq) AS min FROM board_doc_updates WHERE board_id = $1`, [board.id]);
      const left = logRows[0]!;
      if (left.min !== null) expect(Number(left.min)).toBeGreaterThan(snapshotSeq);

      const nodes = peers[0]!.store.getState().board.nodes.length;
      console.log(
        `coedit soak: ${CLIENTS} × ${EDITS} edits in ${(editing / 1000).toFixed(1)} s (${JSON.stringify(tally)}); ` +
          `final board ${nodes} stickies, ${peers[0]!.store.getState().board.edges.length} edges; revision ${stored.revision}; ` +
          `log seq ${stored.doc_seq}, snapshot at ${snapshotSeq}, ${left.n} updates after it`,
      );
      expect(refusals, `refused edits (seed ${seed})`).toEqual([]);
      expect(warnings, `server warnings (seed ${seed})`).toEqual([]);
      // The soak did what it says: offline edits, undos, and edits of every sort were made.
      for (const op of ["add", "move", "rename", "connect", "delete", "paste", "duplicate", "undo", "offline"]) expect(tally[op] ?? 0, op).toBeGreaterThan(0);

      // Restart: everyone leaves, the server stops, a new one on the same database serves the board.
      for (const p of peers.splice(0)) p.close();
      await server.close();
      server = null;
      server = await startCoeditServer(db, { compactAfter: COMPACT_AFTER, log: (line) => warnings.push(line) });
      const fresh = await connectPeer(server.url, board.id, orderFlowTemplate(), board.revision, "Fresh");
      peers.push(fresh);
      await until("the fresh client synced", () => fresh.store.getState().saveStatus === "saved" && text(fresh) === final, 20_000).catch(() => undefined);
      expect(text(fresh), `fresh client after restart (seed ${seed})`).toBe(final);
      const after = await row();
      expect(serializeBoard(parseBoard(after.document))).toBe(final);
      expect(after.revision).toBe(stored.revision);
      expect(warnings).toEqual([]);
    } finally {
      for (const p of peers) p.close();
      await server?.close();
    }
  }, 120_000);
});

/**
 * `EDITS` random edits through the store's actions, in batches of 1–4 with a pause of 40–110 ms
 * between them (about 25 edits/s per client); one or two stretches of 15–60 edits are made
 * offline. An undo or redo ends its batch: the store shows the undone board after the current
 * task (the session applies it in a microtask).
 */
async function editRandomly(peer: TestPeer, random: () => number, tally: Tally): Promise<void> {
  const { store, socket } = peer;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const count = (op: string) => (tally[op] = (tally[op] ?? 0) + 1);
  const offline: { from: number; to: number }[] = [];
  for (let w = int(1, 2), from = int(20, 150); w > 0 && from < EDITS - 20; w--, from += int(100, 250)) offline.push({ from, to: from + int(15, 60) });

  let done = 0;
  while (done < EDITS) {
    if (offline.some((o) => o.from === done) && socket.connected) socket.disconnect();
    if (offline.some((o) => o.to <= done) && !offline.some((o) => o.from <= done && done < o.to) && !socket.connected) socket.connect();
    const batch = int(1, 4);
    for (let b = 0; b < batch && done < EDITS; b++) {
      done++;
      if (!socket.connected) count("offline");
      const s = store.getState();
      const nodes = s.board.nodes;
      const node = () => pick(nodes)!;
      const r = random();
      const crowded = nodes.length > CROWDED;
      if (nodes.length < 4 || (!crowded && r < 0.14)) {
        s.addNode(pick(NODE_KINDS)!, { x: int(-500, 3000), y: int(-500, 2000) }, `Added ${int(1, 9999)}`);
        count("add");
      } else if (r < 0.36) {
        const moves = new Map<string, { x: number; y: number }>();
        for (let k = int(1, 3); k > 0; k--) moves.set(node().id, { x: int(-500, 3000) + random(), y: int(-500, 2000) });
        s.moveNodes(moves);
        count("move");
      } else if (r < 0.5) {
        // A name within the limits, or the name of another sticky (names repeat on real boards).
        const name = random() < 0.8 ? `Name ${int(1, 99999)}${random() < 0.2 ? " ✓ é 名" : ""}` : node().name;
        s.patchNode(node().id, (n) => ({ ...n, name }), random() < 0.5 ? "rename" : undefined);
        count("rename");
      } else if (r < 0.64) {
        // A few tries: the grammar refuses many pairs of kinds (a refused pair changes nothing).
        for (let t = 0; t < 6; t++) if (s.connect(node().id, node().id).ok) break;
        count("connect");
      } else if (r < (crowded ? 0.84 : 0.72)) {
        const ids = new Set<string>();
        for (let k = int(1, crowded ? 4 : 2); k > 0; k--) ids.add(node().id);
        const edge = random() < 0.3 ? pick(s.board.edges) : undefined;
        s.select(ids, edge ? [edge.id] : []);
        store.getState().deleteSelection();
        count("delete");
      } else if (!crowded && r < 0.8) {
        const ids = new Set<string>();
        for (let k = int(1, 3); k > 0; k--) ids.add(node().id);
        s.select(ids);
        if (random() < 0.5) {
          store.getState().duplicateSelection();
          count("duplicate");
        } else {
          store.getState().copySelection();
          // Pasted now or later: the clipboard outlives the stickies it copied.
          if (random() < 0.7) store.getState().paste(random() < 0.5 ? { x: int(0, 2000), y: int(0, 1500) } : undefined);
          count("paste");
        }
      } else if (r < 0.95) {
        s.undo();
        count("undo");
        break;
      } else {
        s.redo();
        count("redo");
        break;
      }
    }
    await sleep(int(40, 110));
  }
  if (!socket.connected) socket.connect();
}
