import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import type { Board } from "../model/schema";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { docMaps, readBoard, writeBoard } from "./boardDoc";
import { DocHub, type DocPeer } from "./docHub";
import { memoryLog } from "./testing/memoryLog";

function recordingPeer(id: string) {
  const received: Uint8Array[] = [];
  const peer: DocPeer = { id, update: (_b, u) => received.push(u), saved: () => undefined, presence: () => undefined };
  return { peer, received };
}

/** A client of the board: its own copy from the join, edits sent as updates. */
async function client(hub: DocHub, boardId: string, id: string) {
  const { peer, received } = recordingPeer(id);
  const doc = new Y.Doc();
  const joined = await hub.join(boardId, peer, Y.encodeStateVector(doc));
  Y.applyUpdate(doc, joined.update);
  const edit = (change: (b: Board) => Board): Uint8Array => {
    const sv = Y.encodeStateVector(doc);
    writeBoard(doc, change(readBoard(doc)));
    return Y.encodeStateAsUpdate(doc, sv);
  };
  return { peer, received, doc, edit };
}

const rename = (index: number, name: string) => (b: Board): Board => ({ ...b, nodes: b.nodes.map((n, i) => (i === index ? { ...n, name } : n)) });
const BOARD = "00000000-0000-4000-8000-000000000001";

describe("DocHub: updates that arrive together", () => {
  it("stores updates that wait for a busy board in one transaction, answering each with its own seq, in order, and sends them on as one", async () => {
    const { log, state, stored } = memoryLog(orderFlowTemplate());
    const hub = new DocHub(log, null, { serverId: "s1", saveDelayMs: 10_000 });
    const clients = await Promise.all(["a", "b", "c", "d", "e"].map((id) => client(hub, BOARD, id)));
    const before = state.transactions;
    // Ten edits that arrive in one go (as a socket delivers what queued up) are taken together.
    const sends = clients.flatMap((c, k) => [0, 1].map((j) => c.edit(rename(k * 2 + j, `Name ${k}.${j}`)))).map((u, i) => ({ u, c: clients[Math.floor(i / 2)]! }));
    const seqs = await Promise.all(sends.map(({ u, c }) => hub.update(BOARD, c.peer, u)));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(10);
    expect(state.transactions - before).toBe(1);
    expect(state.appendsPerTransaction.at(-1)).toBe(10);
    // Sent on as one message per client for the batch (not one per update and client).
    for (const c of clients) expect(c.received).toHaveLength(1);
    // And what arrives while a transaction is under way waits for the next one, all together.
    const busy = sends.slice(0, 4).map(({ c }, i) => hub.update(BOARD, c.peer, c.edit(rename(i, `Again ${i}`))));
    await Promise.resolve();
    const queued = sends.slice(4).map(({ c }, i) => hub.update(BOARD, c.peer, c.edit(rename(4 + i, `Again ${4 + i}`))));
    await Promise.all([...busy, ...queued]);
    expect(state.appendsPerTransaction.slice(-2)).toEqual([4, 6]);
    // Stored in the order they came.
    expect(stored().slice(-20, -10).map((s) => s.seq)).toEqual(seqs);
    // Everyone else got every edit, and the server's board has them all.
    const server = new Y.Doc();
    for (const s of stored()) Y.applyUpdate(server, s.update);
    for (const c of clients) for (const u of c.received) Y.applyUpdate(c.doc, u);
    for (const c of clients) expect(serializeBoard(readBoard(c.doc))).toBe(serializeBoard(readBoard(server)));
    expect(readBoard(server).nodes.slice(0, 10).map((n) => n.name)).toEqual(sends.map((_, i) => `Again ${i}`));
    expect(readBoard(server).nodes.slice(10, 11).map((n) => n.name)).toEqual([orderFlowTemplate().nodes[10]!.name]);
    await hub.close();
  });

  it("refuses only the bad update of a batch; the ones before and after it are stored", async () => {
    const { log, stored } = memoryLog(orderFlowTemplate());
    const hub = new DocHub(log, null, { serverId: "s1", saveDelayMs: 10_000 });
    const [a, b, c] = await Promise.all(["a", "b", "c"].map((id) => client(hub, BOARD, id)));
    const first = hub.update(BOARD, a!.peer, a!.edit(rename(0, "First")));
    const good = hub.update(BOARD, a!.peer, a!.edit(rename(1, "Before the bad one")));
    const bad = hub.update(BOARD, b!.peer, b!.edit(rename(2, "x".repeat(300))));
    const after = hub.update(BOARD, c!.peer, c!.edit(rename(3, "After the bad one")));
    await expect(first).resolves.toBeGreaterThan(0);
    await expect(good).resolves.toBeGreaterThan(0);
    await expect(bad).rejects.toMatchObject({ code: "refused", message: expect.stringMatching(/nodes\[2\]\.name: must be at most 120/) });
    await expect(after).resolves.toBeGreaterThan(await good);
    const server = new Y.Doc();
    for (const s of stored()) Y.applyUpdate(server, s.update);
    expect(readBoard(server).nodes.slice(0, 4).map((n) => n.name)).toEqual(["First", "Before the bad one", orderFlowTemplate().nodes[2]!.name, "After the bad one"]);
    await hub.close();
  });

  it("answers a batch whose transaction failed with the failure, and checks the next update against what was stored", async () => {
    const { log, state } = memoryLog(orderFlowTemplate());
    const hub = new DocHub(log, null, { serverId: "s1", saveDelayMs: 10_000, log: () => undefined });
    const a = await client(hub, BOARD, "a");
    // The sticky is added in an update that is never stored...
    const lost = a.edit((b) => ({ ...b, nodes: [...b.nodes, { id: "hot-lost", kind: "hotspot", name: "Lost", position: { x: 0, y: 0 } }] }));
    state.failNext = true;
    await expect(hub.update(BOARD, a.peer, lost)).rejects.toThrow("the database went away");
    // ...so an update that renames it depends on something the server does not have.
    const dependent = a.edit((b) => ({ ...b, nodes: b.nodes.map((n) => (n.id === "hot-lost" ? { ...n, name: "Renamed" } : n)) }));
    await expect(hub.update(BOARD, a.peer, dependent)).rejects.toMatchObject({ code: "refused", message: expect.stringMatching(/depends on changes the server does not have/) });
    // Sent again (as the session does after a failure), both are stored.
    await expect(hub.update(BOARD, a.peer, Y.mergeUpdates([lost, dependent]))).resolves.toBeGreaterThan(0);
    await hub.close();
  });

  it("checks an update against what another server stored meanwhile, read under the board's lock first", async () => {
    const { log } = memoryLog(orderFlowTemplate());
    const one = new DocHub(log, null, { serverId: "s1", saveDelayMs: 10_000 });
    const two = new DocHub(log, null, { serverId: "s2", saveDelayMs: 10_000 });
    const a = await client(one, BOARD, "a");
    const b = await client(two, BOARD, "b");
    // Server one checks something first (its checker now holds a copy).
    await one.update(BOARD, a.peer, a.edit(rename(0, "Warm")));
    // B adds a sticky through server two; A has it too (say A was on server two before a reconnect)...
    const added = b.edit((x) => ({ ...x, nodes: [...x.nodes, { id: "hot-new", kind: "hotspot", name: "New", position: { x: 0, y: 0 } }] }));
    await two.update(BOARD, b.peer, added);
    Y.applyUpdate(a.doc, added);
    // ...and renames it through server one, which reads the log under the lock before storing.
    const rename2 = a.edit((x) => ({ ...x, nodes: x.nodes.map((n) => (n.id === "hot-new" ? { ...n, name: "Renamed" } : n)) }));
    // Server one has had no bus message about B's update, but it reads the log under the board's
    // lock before checking: what depends on B's update passes at once, and B's update is applied too.
    await expect(one.update(BOARD, a.peer, rename2)).resolves.toBeGreaterThan(0);
    expect(readBoard(a.doc).nodes.find((n) => n.id === "hot-new")?.name).toBe("Renamed");
    expect(docMaps(a.doc).nodes.get("hot-new")!.get("name")).toBe("Renamed");
    await one.close();
    await two.close();
  });
});

describe("DocHub: saving the canonical board", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves while people keep editing, at most maxSaveDelayMs after the first unsaved update", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { log, state, row } = memoryLog(orderFlowTemplate());
    const hub = new DocHub(log, null, { serverId: "s1", saveDelayMs: 150, maxSaveDelayMs: 500 });
    const a = await client(hub, BOARD, "a");
    // An edit every 100 ms for 2 s: never a pause of 150 ms.
    for (let i = 0; i < 20; i++) {
      await hub.update(BOARD, a.peer, a.edit(rename(0, `Name ${i}`)));
      await vi.advanceTimersByTimeAsync(100);
    }
    // Saved about every 500 ms while the edits went on (a save only every 150 ms pause would be none).
    expect(state.saves).toBeGreaterThanOrEqual(3);
    expect(state.saves).toBeLessThanOrEqual(5);
    // And the last edit is saved shortly after it.
    await vi.advanceTimersByTimeAsync(200);
    expect((row.document as Board).nodes[0]!.name).toBe("Name 19");
    await hub.close();
  });

  it("still saves once shortly after the last of a quick burst of edits", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { log, state } = memoryLog(orderFlowTemplate());
    const hub = new DocHub(log, null, { serverId: "s1", saveDelayMs: 150, maxSaveDelayMs: 2000 });
    const a = await client(hub, BOARD, "a");
    for (let i = 0; i < 5; i++) await hub.update(BOARD, a.peer, a.edit(rename(0, `Burst ${i}`)));
    await vi.advanceTimersByTimeAsync(140);
    expect(state.saves).toBe(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(state.saves).toBe(1);
    await hub.close();
  });
});
