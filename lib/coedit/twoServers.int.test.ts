import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { parseBoard } from "../model/parse";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { runFeedOf } from "../realtime/runtimeFeed";
import { recordingClient, until } from "../realtime/testing/socketHarness";
import { createPostgresRuntime, type Runtime } from "../runtime/runtime";
import { RunService } from "../runtime/runService";
import { connectPeer, insertBoard, startCoeditServer, type CoeditServer, type TestPeer } from "./testing/harness";

/**
 * Two app servers on one PostgreSQL, as behind a load balancer: each has its own socket.io, its
 * own co-editing hub and its own runtime. A browser on each edits the same board and sees the
 * other's edits; a run started through one streams live to a browser on the other.
 */
describe("two app servers on one database", () => {
  let db: TestDatabase;
  const runtimes: Runtime[] = [];
  const servers: CoeditServer[] = [];
  const peers: TestPeer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgUrl"));
    for (let i = 0; i < 2; i++) {
      const runtime = createPostgresRuntime(db.pool);
      runtimes.push(runtime);
      servers.push(await startCoeditServer(db, {}, runFeedOf(new RunService(runtime))));
    }
  }, 60_000);
  afterAll(async () => {
    for (const p of peers) p.close();
    for (const s of servers) await s.close();
    for (const r of runtimes) await r.close();
    await db.drop();
  });

  it("edits made on either server reach the browser on the other, and a run started on one streams to the other", async () => {
    const board = await insertBoard(db.pool, orderFlowTemplate());
    const [one, two] = servers as [CoeditServer, CoeditServer];
    const a = await connectPeer(one.url, board.id, orderFlowTemplate(), board.revision, "Ann");
    const b = await connectPeer(two.url, board.id, orderFlowTemplate(), board.revision, "Bo");
    peers.push(a, b);
    await until("both synced", () => [a, b].every((p) => p.session.live && p.store.getState().saveStatus === "saved"));

    // Presence crosses servers too.
    await until("A sees Bo", () => a.session.getParticipants().some((p) => p.user.name === "Bo"));
    await until("B sees Ann", () => b.session.getParticipants().some((p) => p.user.name === "Ann"));

    const added = a.store.getState().addNode("policy", { x: 700, y: 80 }, "Whenever paid");
    const target = b.store.getState().board.nodes[3]!;
    b.store.getState().moveNodes(new Map([[target.id, { x: -40, y: -40 }]]));
    await until("B shows A's add", () => b.store.getState().board.nodes.some((n) => n.id === added));
    await until("A shows B's move", () => a.store.getState().board.nodes.find((n) => n.id === target.id)!.position.x === -40);
    await until("both saved", () => [a, b].every((p) => p.store.getState().saveStatus === "saved" && p.session.pending === 0));
    const shown = serializeBoard(a.store.getState().board);
    expect(serializeBoard(b.store.getState().board)).toBe(shown);
    const { rows } = await db.pool.query<{ document: unknown; revision: number }>(`SELECT document, revision FROM boards WHERE id = $1`, [board.id]);
    expect(serializeBoard(parseBoard(rows[0]!.document))).toBe(shown);
    // Both browsers know the revision the board was saved as: a run started from either runs what they show.
    expect(a.store.getState().revision).toBe(rows[0]!.revision);
    expect(b.store.getState().revision).toBe(rows[0]!.revision);

    // A run started through server one, watched by a browser on server two.
    const watcher = await recordingClient(two.url);
    try {
      const { runId } = await new RunService(runtimes[0]!).start(parseBoard(rows[0]!.document), { command: "PlaceOrder", count: 20, concurrency: 4, seed: "two-servers", timeScale: 0 }, board.id);
      watcher.socket.emit("run:watch", { runId, after: 0 });
      await until("the run ends on server two's socket", () => watcher.statuses.some((s) => s.runId === runId && s.status !== "running"), 60_000);
      await until("every span arrived", () => {
        const last = watcher.statuses.findLast((s) => s.runId === runId)!;
        return watcher.received(runId).length === last.counters.spans;
      }, 20_000);
      const seqs = watcher.received(runId);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      expect(seqs.length).toBeGreaterThan(100);
      expect(watcher.statuses.findLast((s) => s.runId === runId)!.status).toBe("completed");
    } finally {
      watcher.socket.close();
    }
  });
});
