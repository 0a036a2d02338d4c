import { describe, expect, it } from "vitest";
import { createEditorStore } from "../editor/store";
import { orderFlowTemplate } from "../model/template";
import { DocHub } from "./docHub";
import { CoeditSession } from "./session";
import { memoryLog } from "./testing/memoryLog";
import { MemoryNet } from "./testing/memoryNet";

/*
 * Undo while co-editing is the session's (Y.UndoManager), not the store's: the store's undo steps
 * must still be the steps undone. A new frame named at once (F, type, Enter) is one step of the
 * store's however long the typing took; Y.UndoManager alone merges only within its capture time.
 */

const BOARD = "00000000-0000-4000-8000-0000000000f1";
const settle = () => new Promise((r) => setImmediate(r));
/** Y.UndoManager reads the real clock (lib0 keeps its own Date.now): a short capture time, and real waits past it. */
const CAPTURE_MS = 5;
const pause = () => new Promise((r) => setTimeout(r, CAPTURE_MS * 6));

async function connected() {
  const { log } = memoryLog(orderFlowTemplate());
  const hub = new DocHub(log, null, { serverId: "s", saveDelayMs: 600_000, maxSaveDelayMs: 600_000, log: () => undefined });
  const net = new MemoryNet(hub);
  const link = net.link("c");
  let ids = 0;
  const store = createEditorStore({ boardId: BOARD, board: orderFlowTemplate(), revision: 1 }, { newId: (p) => `${p}-${++ids}`, now: () => Date.now() });
  const session = new CoeditSession(store, link.socket, { name: "C", color: "#1971c2" }, { sendEveryMs: 20, captureMs: CAPTURE_MS });
  session.start();
  link.connect();
  const deliver = async () => {
    for (let round = 0; round < 20; round++) {
      while (link.up.length > 0) link.up.shift()!();
      while (link.down.length > 0) link.down.shift()!();
      await settle();
    }
  };
  await deliver();
  expect(session.live).toBe(true);
  return { store, session, hub, deliver };
}

describe("co-editing undo follows the store's undo steps", () => {
  it("takes a new frame and the name typed for it away with one undo, however long the typing took", async () => {
    const { store, session, hub, deliver } = await connected();
    const before = store.getState().board;
    const id = store.getState().addFrame({ x: 0, y: -2000 });
    await deliver();
    // A workshop pace: the name is typed and confirmed well after Y.UndoManager's capture time.
    await pause();
    store.getState().patchFrame(id, (f) => ({ ...f, name: "Ordering" }));
    store.getState().endRename();
    await deliver();
    expect(store.getState().board.frames?.[0]?.name).toBe("Ordering");
    await pause();
    store.getState().undo();
    await deliver();
    expect(store.getState().board.frames).toBeUndefined();
    expect(store.getState().board.nodes).toEqual(before.nodes);
    session.stop();
    await hub.close();
  });

  it("still undoes two edits made one right after the other as two steps", async () => {
    const { store, session, hub, deliver } = await connected();
    const id = store.getState().addNode("event", { x: 0, y: -2000 });
    store.getState().endRename(false);
    await deliver();
    await pause();
    store.getState().patchNode(id, (n) => ({ ...n, name: "OrderShipped" }));
    await deliver();
    await pause();
    store.getState().undo();
    await deliver();
    expect(store.getState().board.nodes.find((n) => n.id === id)?.name).toBe("SomethingHappened");
    session.stop();
    await hub.close();
  });
});
