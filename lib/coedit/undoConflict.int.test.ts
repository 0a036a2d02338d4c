import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { parseBoard } from "../model/parse";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { sleep, until } from "../realtime/testing/socketHarness";
import { connectPeer, insertBoard, startCoeditServer, type CoeditServer, type TestPeer } from "./testing/harness";

/**
 * Undo after a conflict, through the session: two people move the same sticky at once, and the
 * one whose move won undoes it. Yjs's undo alone leaves the sticky with no position (yjs#514):
 * the store would hold a board the canvas cannot draw, and the server would refuse the edit (the
 * session then drops its copy and shows an error). With undoStep the sticky goes back to where it
 * was before that person's move, everywhere, and nothing is refused.
 */
describe("undo of an edit that won a conflict", () => {
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

  it("brings the sticky back to its place before the undone move, in both peers and on the server", async () => {
    const s: CoeditServer = await startCoeditServer(db);
    cleanups.push(() => s.close());
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const peer = async (name: string): Promise<TestPeer> => {
      const p = await connectPeer(s.url, board.id, orderFlowTemplate(), board.revision, name);
      cleanups.push(() => p.close());
      await until(`${name} synced`, () => p.session.live && p.store.getState().saveStatus === "saved");
      return p;
    };
    const [a, b] = [await peer("Ann"), await peer("Bo")];
    const target = orderFlowTemplate().nodes[3]!;
    const positionIn = (p: TestPeer) => p.store.getState().board.nodes.find((n) => n.id === target.id)?.position;

    // Concurrent moves: B moves while offline, A online; B's reconnect merges them.
    b.socket.disconnect();
    a.store.getState().moveNodes(new Map([[target.id, { x: 1000, y: 0 }]]));
    b.store.getState().moveNodes(new Map([[target.id, { x: 2000, y: 0 }]]));
    await until("A saved", () => a.store.getState().saveStatus === "saved");
    b.socket.connect();
    await until("both saved and the same", () => [a, b].every((p) => p.store.getState().saveStatus === "saved") && serializeBoard(a.store.getState().board) === serializeBoard(b.store.getState().board));
    // The winner (Yjs orders a conflict by client id) undoes its move.
    const winner = positionIn(a)!.x === 1000 ? a : b;
    const other = winner === a ? b : a;
    winner.store.getState().undo();

    await until("the undo reached the other peer", () => positionIn(other)?.x === target.position.x || other.store.getState().saveStatus === "error" || winner.store.getState().saveStatus === "error");
    await until("both saved", () => [a, b].every((p) => p.store.getState().saveStatus !== "saving"));
    await sleep(100);
    for (const p of [a, b]) {
      expect(p.store.getState().saveMessage).toBeNull();
      expect(p.store.getState().saveStatus).toBe("saved");
      expect(positionIn(p)).toEqual(target.position);
    }
    expect(serializeBoard(a.store.getState().board)).toBe(serializeBoard(b.store.getState().board));
    await s.hub.flush(board.id);
    const { rows } = await db.pool.query<{ document: unknown }>(`SELECT document FROM boards WHERE id = $1`, [board.id]);
    expect(serializeBoard(parseBoard(rows[0]!.document))).toBe(serializeBoard(a.store.getState().board));
  });
});
