import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { parseBoard } from "../model/parse";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { sleep, until } from "../realtime/testing/socketHarness";
import { readBoard } from "./boardDoc";
import { connectPeer, insertBoard, startCoeditServer, type CoeditServer, type TestPeer } from "./testing/harness";

/**
 * Co-editing over socket.io and real PostgreSQL: peers converge, undo is per user, a REST save
 * reaches open editors, a refused update resyncs its sender, and two servers share one board.
 */
describe("co-editing a board", () => {
  let db: TestDatabase;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
  }, 60_000);
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function server(): Promise<CoeditServer> {
    const s = await startCoeditServer(db);
    cleanups.push(() => s.close());
    return s;
  }
  async function peer(url: string, board: { id: string; revision: number }, name: string): Promise<TestPeer> {
    const p = await connectPeer(url, board.id, orderFlowTemplate(), board.revision, name);
    cleanups.push(() => p.close());
    await until(`${name} synced`, () => p.session.live && p.store.getState().saveStatus === "saved");
    return p;
  }
  const stored = async (id: string) => {
    const { rows } = await db.pool.query<{ document: unknown; revision: number }>(`SELECT document, revision FROM boards WHERE id = $1`, [id]);
    return { text: serializeBoard(parseBoard(rows[0]!.document)), revision: rows[0]!.revision };
  };
  const text = (p: TestPeer) => serializeBoard(p.store.getState().board);

  it("converges an add, a move, a rename, a connection and a delete made at once by three peers, in every peer and on the server", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const [a, b, c] = [await peer(s.url, board, "Ann"), await peer(s.url, board, "Bo"), await peer(s.url, board, "Cy")];
    const first = a.store.getState().board.nodes[0]!;
    const second = a.store.getState().board.nodes[1]!;
    const last = a.store.getState().board.nodes.at(-1)!;

    const added = a.store.getState().addNode("hotspot", { x: 900, y: 900 }, "Who pays?");
    b.store.getState().moveNodes(new Map([[first.id, { x: 11, y: 22 }]]));
    c.store.getState().patchNode(first.id, (n) => ({ ...n, name: "Renamed by Cy" }));
    a.store.getState().select([last.id]);
    a.store.getState().deleteSelection();
    b.store.getState().connect(second.id, added);

    await until("every peer saved", () => [a, b, c].every((p) => p.store.getState().saveStatus === "saved" && p.session.pending === 0), 20_000);
    await until("every peer shows the same board", () => text(a) === text(b) && text(b) === text(c));
    const merged = a.store.getState().board;
    const moved = merged.nodes.find((n) => n.id === first.id)!;
    expect(moved.position).toEqual({ x: 11, y: 22 });
    expect(moved.name).toBe("Renamed by Cy");
    expect(merged.nodes.some((n) => n.id === added)).toBe(true);
    expect(merged.nodes.some((n) => n.id === last.id)).toBe(false);
    await s.hub.flush(board.id);
    expect((await stored(board.id)).text).toBe(text(a));
    // Each saved revision is in the board's history with the names of those whose edits it holds.
    const { rows } = await db.pool.query<{ revision: number; authors: string[]; document: unknown }>(
      `SELECT revision, authors, document FROM board_revisions WHERE board_id = $1 ORDER BY revision`,
      [board.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(serializeBoard(parseBoard(rows.at(-1)!.document))).toBe(text(a));
    expect(rows.at(-1)!.revision).toBe((await stored(board.id)).revision);
    expect([...new Set(rows.flatMap((r) => r.authors))].sort()).toEqual(["Ann", "Bo", "Cy"]);
  });

  it("undoes only the user's own edit, never someone else's", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const [a, b] = [await peer(s.url, board, "Ann"), await peer(s.url, board, "Bo")];
    const [n1, n2] = a.store.getState().board.nodes;
    a.store.getState().patchNode(n1!.id, (n) => ({ ...n, name: "Ann's name" }));
    await until("B sees A's rename", () => b.store.getState().board.nodes.find((n) => n.id === n1!.id)!.name === "Ann's name");
    b.store.getState().patchNode(n2!.id, (n) => ({ ...n, name: "Bo's name" }));
    await until("A sees B's rename", () => a.store.getState().board.nodes.find((n) => n.id === n2!.id)!.name === "Bo's name");
    expect(a.store.getState().shared?.canUndo).toBe(true);
    a.store.getState().undo();
    await until("B sees A's undo", () => b.store.getState().board.nodes.find((n) => n.id === n1!.id)!.name === n1!.name);
    for (const p of [a, b]) expect(p.store.getState().board.nodes.find((n) => n.id === n2!.id)!.name).toBe("Bo's name");
    a.store.getState().redo();
    await until("B sees A's redo", () => b.store.getState().board.nodes.find((n) => n.id === n1!.id)!.name === "Ann's name");
  });

  it("undoes two different edits made one right after the other as two steps; typing on in one field stays one", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s.url, board, "Ann");
    const count = orderFlowTemplate().nodes.length;
    const hotspot = a.store.getState().addNode("hotspot", { x: 5, y: 5 });
    a.store.getState().addNode("event", { x: 50, y: 5 });
    const target = a.store.getState().board.nodes[0]!;
    for (const name of ["D", "Di", "Dis"]) a.store.getState().patchNode(target.id, (n) => ({ ...n, name }), `name:${target.id}`);
    // The session shows its undo in the store a microtask later.
    const nodes = () => a.store.getState().board.nodes;
    a.store.getState().undo();
    await until("the rename undone", () => nodes()[0]!.name === target.name);
    expect(nodes()).toHaveLength(count + 2);
    a.store.getState().undo();
    await until("the event undone", () => nodes().length === count + 1);
    expect(nodes().map((n) => n.id)).toContain(hotspot);
    a.store.getState().undo();
    await until("the hotspot undone", () => nodes().length === count);
  });

  it("applies a REST save at the current revision to open editors, and refuses a stale one", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s.url, board, "Ann");
    const next = { ...orderFlowTemplate(), name: "Saved by a script" };
    const { revision } = await s.hub.replace(board.id, board.revision, next);
    expect(revision).toBe(board.revision + 1);
    await until("the editor shows the script's save", () => a.store.getState().board.name === "Saved by a script");
    await expect(s.hub.replace(board.id, board.revision, orderFlowTemplate())).rejects.toMatchObject({ code: "conflict", current: revision });
    expect((await stored(board.id)).text).toBe(serializeBoard(parseBoard(next)));
  });

  it("refuses an update that would make the board invalid, and its sender shows the server's copy again", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const [a, b] = [await peer(s.url, board, "Ann"), await peer(s.url, board, "Bo")];
    const before = text(b);
    const target = a.store.getState().board.nodes[0]!;
    // A name of 300 characters: the store takes it (a buggy or hostile client), the server does not.
    a.store.getState().patchNode(target.id, (n) => ({ ...n, name: "x".repeat(300) }));
    await until("A is told and resynced", () => a.store.getState().saveStatus === "error" && a.store.getState().board.nodes[0]!.name === target.name);
    expect(a.store.getState().saveMessage).toMatch(/refused your last edit.*nodes\[0\]\.name: must be at most 120 characters/s);
    await sleep(200);
    expect(text(b)).toBe(before);
    // A keeps editing normally after the resync.
    a.store.getState().patchNode(target.id, (n) => ({ ...n, name: "Fine" }));
    await until("B sees A's next edit", () => b.store.getState().board.nodes[0]!.name === "Fine");
  });

  it("merges edits made offline on reconnect, and a server restart loses nothing it acknowledged", async () => {
    let s = await startCoeditServer(db);
    const port = new URL(s.url).port;
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s.url, board, "Ann");
    const b = await peer(s.url, board, "Bo");
    a.socket.io.opts.reconnection = false;
    a.socket.disconnect();
    const target = a.store.getState().board.nodes[2]!;
    a.store.getState().patchNode(target.id, (n) => ({ ...n, name: "Offline rename" }));
    a.store.getState().addNode("event", { x: 5, y: 5 }, "OfflineAdded");
    expect(a.store.getState().saveStatus).toBe("offline");
    expect(a.store.getState().saveMessage).toBe("Offline — 2 edits pending");
    b.store.getState().moveNodes(new Map([[target.id, { x: 1, y: 2 }]]));
    await until("B saved", () => b.store.getState().saveStatus === "saved");
    a.socket.connect();
    await until("A saved", () => a.store.getState().saveStatus === "saved");
    await until("both converge", () => text(a) === text(b));
    const merged = b.store.getState().board.nodes.find((n) => n.id === target.id)!;
    expect(merged).toMatchObject({ name: "Offline rename", position: { x: 1, y: 2 } });

    // Restart: the server goes away and a new one on the same database serves the board.
    await s.close();
    void port;
    s = await startCoeditServer(db);
    cleanups.push(() => s.close());
    const c = await peer(s.url, board, "Cy");
    expect(text(c)).toBe(text(a));
    expect((await stored(board.id)).text).toBe(text(a));
  });

  it("after a reconnect shows the others again at once, though their presence did not change meanwhile", async () => {
    const s = await server();
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s.url, board, "Ann");
    const b = await peer(s.url, board, "Bo");
    b.session.setPresence({ cursor: { x: 10, y: 20 } });
    const seesBo = () => a.session.getParticipants().some((p) => p.user.name === "Bo" && p.cursor?.x === 10 && p.cursor.y === 20);
    await until("Ann sees Bo's pointer", seesBo);
    a.socket.disconnect();
    await until("Ann offline, nobody else known", () => a.store.getState().saveStatus === "offline" && a.session.getParticipants().length === 0);
    a.socket.connect();
    await until("Ann saved", () => a.store.getState().saveStatus === "saved");
    // The join's answer holds Bo's presence; it used to be ignored (a clock already seen) until
    // Bo moved or renewed it, 15 s later.
    await until("Ann sees Bo again", seesBo, 2_000);
  });

  it("two servers on one database: edits made through one reach a peer on the other", async () => {
    const [s1, s2] = [await server(), await server()];
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s1.url, board, "Ann");
    const b = await peer(s2.url, board, "Bo");
    const added = a.store.getState().addNode("command", { x: 40, y: 40 }, "FromServerOne");
    const n0 = b.store.getState().board.nodes[0]!;
    b.store.getState().patchNode(n0.id, (n) => ({ ...n, name: "FromServerTwo" }));
    await until("B sees A's add", () => b.store.getState().board.nodes.some((n) => n.id === added), 10_000);
    await until("A sees B's rename", () => a.store.getState().board.nodes[0]!.name === "FromServerTwo", 10_000);
    await until("both saved", () => [a, b].every((p) => p.store.getState().saveStatus === "saved"));
    expect(text(a)).toBe(text(b));
    const state = await s1.hub.flush(board.id);
    expect((await stored(board.id)).revision).toBe(state.revision);
    expect((await stored(board.id)).text).toBe(text(a));
    void readBoard;
  });

  it("refuses a REST save over edits acknowledged but not saved as a revision yet, and tells an editor its board was deleted", async () => {
    const s = await startCoeditServer(db, { saveDelayMs: 5_000, maxSaveDelayMs: 10_000 });
    cleanups.push(() => s.close());
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const a = await peer(s.url, board, "Ann");
    const added = a.store.getState().addNode("hotspot", { x: 1, y: 1 }, "Acknowledged");
    await until("acknowledged", () => a.session.pending === 0 && a.store.getState().saveStatus === "saving");
    // The script read revision 1 before Ann's edit; the edit is stored but not a revision yet.
    await expect(s.hub.replace(board.id, board.revision, orderFlowTemplate())).rejects.toMatchObject({ code: "conflict" });
    await expect.poll(async () => (await stored(board.id)).revision, { timeout: 10_000 }).toBeGreaterThan(board.revision);
    expect((await stored(board.id)).text).toContain(added);

    await db.pool.query(`DELETE FROM boards WHERE id = $1`, [board.id]);
    a.store.getState().addNode("hotspot", { x: 2, y: 2 }, "Too late");
    await until("Ann is told", () => a.store.getState().saveStatus === "error");
    expect(a.store.getState().saveMessage).toMatch(/This board was deleted/);
  });
});

