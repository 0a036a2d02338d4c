import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { LIMITS } from "../model/limits";
import { createEditorStore } from "./store";

function makeStore() {
  let n = 0;
  let t = 0;
  const clock = { advance: (ms: number) => (t += ms) };
  const store = createEditorStore(
    { boardId: "b1", board: orderFlowTemplate(), revision: 1 },
    { newId: (p) => `${p}-${++n}`, now: () => t },
  );
  return { store, clock };
}

describe("editor store", () => {
  it("adds a sticky as one undo step, and undo/redo round-trip the board", () => {
    const { store } = makeStore();
    const before = store.getState().board;
    const id = store.getState().addNode("event", { x: 10.4, y: 20.6 });
    expect(id).toBe("evt-1");
    const added = store.getState().board;
    expect(added.nodes.at(-1)).toMatchObject({ id, kind: "event", position: { x: 10, y: 21 }, payload: [] });
    store.getState().undo();
    expect(store.getState().board).toBe(before);
    expect(store.getState().selectedNodes.has(id)).toBe(false);
    store.getState().redo();
    expect(store.getState().board).toBe(added);
  });

  it("connects along the grammar and refuses the rest with the reason", () => {
    const { store } = makeStore();
    const ok = store.getState().connect("cmd-ship-order", "agg-order-place");
    expect(ok.ok).toBe(true);
    const refused = store.getState().connect("evt-order-placed", "cmd-ship-order");
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining("policy") });
    const again = store.getState().connect("cmd-ship-order", "agg-order-place");
    expect(again.ok).toBe(false);
    expect(store.getState().past).toHaveLength(1);
  });

  it("merges typing into one undo step, but not across the merge window", () => {
    const { store, clock } = makeStore();
    const rename = (name: string) => store.getState().patchNode("evt-order-placed", (n) => ({ ...n, name }), "name:evt-order-placed");
    rename("O");
    clock.advance(200);
    rename("Or");
    clock.advance(200);
    rename("Ord");
    expect(store.getState().past).toHaveLength(1);
    clock.advance(5000);
    rename("Orde");
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().board.nodes.find((n) => n.id === "evt-order-placed")!.name).toBe("OrderPlaced");
  });

  it("records a drag's final positions as one step, and a drag that moved nothing as none", () => {
    const { store } = makeStore();
    const start = store.getState().board;
    const at = start.nodes.find((n) => n.id === "actor-customer")!.position;
    store.getState().moveNodes(new Map([["actor-customer", { x: at.x, y: at.y }]]));
    expect(store.getState().past).toEqual([]);
    store.getState().moveNodes(new Map([["actor-customer", { x: at.x + 40, y: at.y }], ["evt-order-placed", { x: 5, y: 5 }]]));
    expect(store.getState().past).toEqual([start]);
    store.getState().undo();
    expect(store.getState().board).toBe(start);
  });

  it("cascades a paste that would land exactly on an earlier copy", () => {
    const { store } = makeStore();
    store.getState().select(["evt-order-placed"]);
    store.getState().copySelection();
    store.getState().paste({ x: 1000, y: 1000 });
    store.getState().paste({ x: 1000, y: 1000 });
    store.getState().paste({ x: 1000, y: 1000 });
    const pasted = store.getState().board.nodes.slice(-3).map((n) => n.position);
    expect(pasted).toEqual([{ x: 1000, y: 1000 }, { x: 1024, y: 1024 }, { x: 1048, y: 1048 }]);
  });

  it("deletes the selection with its edges, and paste/duplicate insert fresh ids", () => {
    const { store } = makeStore();
    const edgesBefore = store.getState().board.edges.length;
    store.getState().select(["evt-order-placed"]);
    store.getState().deleteSelection();
    const b = store.getState().board;
    expect(b.nodes.some((n) => n.id === "evt-order-placed")).toBe(false);
    expect(b.edges.some((e) => e.source === "evt-order-placed" || e.target === "evt-order-placed")).toBe(false);
    expect(b.edges.length).toBeLessThan(edgesBefore);

    store.getState().select(["cmd-ship-order", "agg-order-ship"]);
    store.getState().duplicateSelection();
    const dup = store.getState().board;
    const fresh = dup.nodes.slice(-2);
    expect(fresh.map((n) => n.kind)).toEqual(["command", "aggregate"]);
    expect(dup.edges.at(-1)).toMatchObject({ source: fresh[0]!.id, target: fresh[1]!.id });
    expect([...store.getState().selectedNodes]).toEqual(fresh.map((n) => n.id));
  });
});

describe("editor store: saga steps", () => {
  it("choosing a participant connects the saga in the same undo step", () => {
    const { store } = makeStore();
    const start = store.getState().board;
    const saga = start.nodes.find((n) => n.kind === "saga")!;
    store.getState().addSagaStep(saga.id, {
      id: "step-new",
      type: "retriable",
      action: { name: "NotifyCustomer", payload: [] },
      replies: { success: { name: "CustomerNotified", payload: [] } },
    });
    const added = store.getState().board;
    expect(added.edges).toBe(start.edges);
    const index = saga.kind === "saga" ? saga.steps.length : -1;

    store.getState().addNode("service", { x: 0, y: 0 }, "NotificationService");
    const svc = store.getState().board.nodes.at(-1)!.id;
    store.getState().setStepParticipant(saga.id, index, svc);
    const after = store.getState().board;
    const step = after.nodes.find((n) => n.id === saga.id);
    expect(step?.kind === "saga" && step.steps[index]!.participant).toBe(svc);
    expect(after.edges.at(-1)).toMatchObject({ source: saga.id, target: svc });
    expect(store.getState().past).toHaveLength(3);

    store.getState().undo();
    expect(store.getState().board.edges.some((e) => e.target === svc)).toBe(false);
    const undone = store.getState().board.nodes.find((n) => n.id === saga.id);
    expect(undone?.kind === "saga" && undone.steps[index]!.participant).toBeUndefined();
  });
});

describe("fast capture", () => {
  it("names a new sticky with its kind's default that no sticky of the kind has yet, and opens its name", () => {
    const { store } = makeStore();
    const a = store.getState().addNode("event", { x: 0, y: 0 });
    expect(store.getState().renaming).toBe(a);
    store.getState().endRename();
    const b = store.getState().addNode("event", { x: 0, y: 100 });
    const c = store.getState().addNode("policy", { x: 0, y: 200 });
    const d = store.getState().addNode("policy", { x: 0, y: 300 });
    const name = (id: string) => store.getState().board.nodes.find((n) => n.id === id)!.name;
    expect([name(a), name(b), name(c), name(d)]).toEqual(["SomethingHappened", "SomethingHappened2", "Whenever…", "Whenever… 2"]);
    expect(store.getState().renaming).toBe(d);
  });

  it("adds the grammar's next sticky to the right, connected, selected and open to type, in one undo step", () => {
    const { store } = makeStore();
    const before = store.getState().board;
    const actor = store.getState().addNode("actor", { x: 0, y: 0 }, "Clerk");
    const chain = [actor];
    for (let i = 0; i < 5; i++) chain.push(store.getState().addNext(chain.at(-1)!)!);
    const board = store.getState().board;
    const nodes = chain.map((id) => board.nodes.find((n) => n.id === id)!);
    expect(nodes.map((n) => n.kind)).toEqual(["actor", "command", "aggregate", "event", "policy", "command"]);
    expect(nodes.map((n) => n.position)).toEqual([0, 240, 480, 720, 960, 1200].map((x) => ({ x, y: 0 })));
    for (let i = 1; i < chain.length; i++) expect(board.edges.some((e) => e.source === chain[i - 1] && e.target === chain[i])).toBe(true);
    // Two commands: the second gets a name of its own.
    expect(nodes[5]!.name).toBe("DoSomething2");
    expect(store.getState().selectedNodes).toEqual(new Set([chain.at(-1)]));
    expect(store.getState().renaming).toBe(chain.at(-1));
    // A second next of the same sticky goes below the first instead of on top of it.
    const second = store.getState().addNext(chain[3]!)!;
    expect(store.getState().board.nodes.find((n) => n.id === second)!.position).toEqual({ x: 960, y: 110 });
    // One undo takes back the sticky and its edge together.
    store.getState().undo();
    expect(store.getState().board.nodes.some((n) => n.id === second)).toBe(false);
    expect(store.getState().board.edges.some((e) => e.target === second)).toBe(false);
    for (let i = 0; i < chain.length; i++) store.getState().undo();
    expect(store.getState().board).toBe(before);
  });

  it("has no next for a hotspot or an unknown sticky", () => {
    const { store } = makeStore();
    const hotspot = store.getState().addNode("hotspot", { x: 0, y: 0 });
    const count = store.getState().board.nodes.length;
    expect(store.getState().addNext(hotspot)).toBeNull();
    expect(store.getState().addNext("nope")).toBeNull();
    expect(store.getState().board.nodes.length).toBe(count);
  });
});

describe("typing a new sticky's name before its input has the focus", () => {
  it("keeps the keys for the name: the first replaces the default, Backspace takes one back, Enter keeps it, Escape drops it", () => {
    const { store } = makeStore();
    const id = store.getState().addNode("command", { x: 0, y: 0 });
    for (const key of ["P", "l", "a", "c", "e", "X"]) store.getState().typeIntoRename(key);
    store.getState().typeIntoRename(null);
    expect(store.getState().renameBuffer).toBe("Place");
    store.getState().endRename(true);
    const name = (nodeId: string) => store.getState().board.nodes.find((n) => n.id === nodeId)!.name;
    expect(name(id)).toBe("Place");
    expect(store.getState()).toMatchObject({ renaming: null, renameBuffer: null });

    const other = store.getState().addNode("command", { x: 0, y: 100 });
    store.getState().typeIntoRename("Z");
    store.getState().endRename(false);
    expect(name(other)).toBe("DoSomething");
    // Backspace on the untouched default clears it; an empty name is not saved.
    const third = store.getState().addNode("event", { x: 0, y: 200 });
    store.getState().typeIntoRename(null);
    expect(store.getState().renameBuffer).toBe("");
    store.getState().endRename(true);
    expect(name(third)).toBe("SomethingHappened");
    // Nothing pending: keys are ignored.
    store.getState().typeIntoRename("x");
    expect(store.getState().renameBuffer).toBeNull();
  });
});

describe("editor store: frames and notes", () => {
  const frames = (store: ReturnType<typeof makeStore>["store"]) => store.getState().board.frames ?? [];

  it("draws a frame around the selected stickies, named uniquely, selected and open to type", () => {
    const { store } = makeStore();
    store.getState().select(["cmd-place-order", "agg-order-place"]);
    const sizes = new Map([["cmd-place-order", { width: 180, height: 80 }], ["agg-order-place", { width: 200, height: 100 }]]);
    const id = store.getState().addFrame({ x: 0, y: 0 }, (i) => sizes.get(i));
    expect(id).toBe("frame-1");
    const frame = frames(store)[0]!;
    expect(frame.name).toBe("Context");
    const board = store.getState().board;
    const cmd = board.nodes.find((n) => n.id === "cmd-place-order")!.position;
    expect(frame.position.x).toBeLessThan(cmd.x);
    expect(frame.position.y).toBeLessThan(cmd.y);
    expect(store.getState().selectedNodes).toEqual(new Set([id]));
    expect(store.getState().renaming).toBe(id);
    // Typed ahead, then Enter: the frame takes the name.
    for (const ch of "Ordering") store.getState().typeIntoRename(ch);
    store.getState().endRename(true);
    expect(frames(store)[0]!.name).toBe("Ordering");
    // A second frame on the empty canvas gets the next free default name, at the pointer.
    store.getState().select([]);
    store.getState().addFrame({ x: 3000, y: 40 });
    store.getState().endRename(false);
    expect(frames(store)[1]).toMatchObject({ name: "Context", position: { x: 3000, y: 40 } });
    store.getState().select([]);
    store.getState().addFrame({ x: 4000, y: 40 });
    expect(frames(store)[2]!.name).toBe("Context 2");
  });

  it("moves a frame with its contents as one undo step", () => {
    const { store } = makeStore();
    store.getState().select(["cmd-place-order"]);
    const id = store.getState().addFrame({ x: 0, y: 0 });
    store.getState().endRename(false);
    const before = store.getState().board;
    const frame = frames(store)[0]!;
    const cmd = before.nodes.find((n) => n.id === "cmd-place-order")!.position;
    store.getState().moveNodes(new Map([[id, { x: frame.position.x + 300, y: frame.position.y + 50 }]]));
    expect(store.getState().board.nodes.find((n) => n.id === "cmd-place-order")!.position).toEqual({ x: cmd.x + 300, y: cmd.y + 50 });
    expect(store.getState().past.at(-1)).toBe(before);
    store.getState().undo();
    expect(store.getState().board).toBe(before);
  });

  it("resizes within the limits, deletes a frame alone, undoably, and refuses invalid edits", () => {
    const { store } = makeStore();
    store.getState().select(["cmd-place-order"]);
    const id = store.getState().addFrame({ x: 0, y: 0 });
    store.getState().endRename(false);
    store.getState().resizeFrame(id, { x: 10, y: 20 }, { width: 5, height: 500 });
    expect(frames(store)[0]).toMatchObject({ position: { x: 10, y: 20 }, size: { width: LIMITS.frameMinSize, height: 500 } });
    const withFrame = store.getState().board;
    store.getState().patchFrame(id, (f) => ({ ...f, name: "   " }));
    store.getState().patchFrame(id, (f) => ({ ...f, color: "red" }));
    store.getState().patchFrame(id, (f) => ({ ...f, size: { width: 10, height: 10 } }));
    expect(store.getState().board).toBe(withFrame);
    store.getState().patchFrame(id, (f) => ({ ...f, color: "#ebfbee", description: "Takes orders" }));
    expect(frames(store)[0]).toMatchObject({ color: "#ebfbee", description: "Takes orders" });
    const nodes = store.getState().board.nodes;
    store.getState().select([id]);
    store.getState().deleteSelection();
    expect(store.getState().board.frames).toBeUndefined();
    expect(store.getState().board.nodes).toBe(nodes);
    store.getState().undo();
    expect(frames(store).map((f) => f.id)).toEqual([id]);
  });

  it("adds a note open to type, keeps multi-line text, refuses a blank one, and deletes it undoably", () => {
    const { store } = makeStore();
    const id = store.getState().addNote({ x: 12.3, y: 45.6 });
    expect(id).toBe("note-1");
    expect(store.getState().board.notes).toEqual([{ id, text: "Note", position: { x: 12, y: 46 } }]);
    expect(store.getState().renaming).toBe(id);
    store.getState().endRename(false);
    store.getState().patchNote(id, (n) => ({ ...n, text: "Who approves?\nAsk finance." }));
    expect(store.getState().board.notes![0]!.text).toBe("Who approves?\nAsk finance.");
    const edited = store.getState().board;
    store.getState().patchNote(id, (n) => ({ ...n, text: " \n " }));
    store.getState().patchNote(id, (n) => ({ ...n, text: "x".repeat(LIMITS.descriptionLength + 1) }));
    expect(store.getState().board).toBe(edited);
    store.getState().select([id]);
    store.getState().deleteSelection();
    expect(store.getState().board.notes).toBeUndefined();
    store.getState().undo();
    expect(store.getState().board).toBe(edited);
    expect(store.getState().selectedNodes.has(id)).toBe(false);
  });

  it("copies and pastes frames and notes with the stickies: new ids, offset, one undo step, all selected", () => {
    const { store } = makeStore();
    store.getState().select(["cmd-place-order", "agg-order-place"]);
    const frameId = store.getState().addFrame({ x: 0, y: 0 });
    store.getState().endRename(false);
    const noteId = store.getState().addNote({ x: 5000, y: 5000 });
    store.getState().endRename(false);
    const before = store.getState().board;
    const frame = before.frames![0]!;
    // The frame alone is selected: it is copied with what it holds (its two stickies, their edge), and the note.
    store.getState().select([frameId, noteId]);
    store.getState().copySelection();
    store.getState().paste();
    const after = store.getState().board;
    expect(store.getState().past.at(-1)).toBe(before);
    expect(after.frames).toHaveLength(2);
    expect(after.notes).toHaveLength(2);
    const frameCopy = after.frames![1]!;
    const noteCopy = after.notes![1]!;
    expect(frameCopy.id).not.toBe(frameId);
    expect(noteCopy.id).not.toBe(noteId);
    // One offset for everything pasted: 40 px down-right, cascaded on while a copy would land exactly on a sticky.
    const dx = frameCopy.position.x - frame.position.x;
    expect(dx).toBeGreaterThanOrEqual(40);
    expect(frameCopy).toMatchObject({ name: frame.name, size: frame.size, position: { x: frame.position.x + dx, y: frame.position.y + dx } });
    expect(noteCopy).toMatchObject({ text: before.notes![0]!.text, position: { x: 5000 + dx, y: 5000 + dx } });
    const newNodes = after.nodes.slice(before.nodes.length);
    expect(newNodes.map((n) => n.name).sort()).toEqual(["Order", "PlaceOrder"]);
    for (const copy of newNodes) {
      const original = before.nodes.find((n) => n.name === copy.name && n.kind === copy.kind)!;
      expect(copy.position).toEqual({ x: original.position.x + dx, y: original.position.y + dx });
    }
    expect(after.edges.length).toBe(before.edges.length + 1);
    const ids = [...after.nodes, ...after.edges, ...after.frames!, ...after.notes!].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(store.getState().selectedNodes).toEqual(new Set([frameCopy.id, ...newNodes.map((n) => n.id), noteCopy.id]));
    // A second paste lands further on, not on the first copy.
    store.getState().paste();
    expect(store.getState().board.frames![2]!.position).not.toEqual(frameCopy.position);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().board).toBe(before);
    // Pasted at the pointer: the first item (here the frame) goes there.
    store.getState().select([frameId]);
    store.getState().copySelection();
    store.getState().paste({ x: 9000.4, y: 100 });
    expect(store.getState().board.frames![1]!.position).toEqual({ x: 9000, y: 100 });
    // Duplicate (Ctrl+D) takes a note alone too.
    store.getState().select([noteId]);
    store.getState().duplicateSelection();
    expect(store.getState().board.notes!.map((n) => n.position)).toEqual([{ x: 5000, y: 5000 }, { x: 5040, y: 5040 }]);
  });

  it("selects every sticky, frame and note (Ctrl+A)", () => {
    const { store } = makeStore();
    const frameId = store.getState().addFrame({ x: -3000, y: 0 });
    const noteId = store.getState().addNote({ x: -3000, y: 900 });
    store.getState().endRename(false);
    store.getState().selectAll();
    const board = store.getState().board;
    expect(store.getState().selectedNodes).toEqual(new Set([frameId, ...board.nodes.map((n) => n.id), noteId]));
  });

  it("takes a new sticky, frame or note and the name typed at once away with one undo", () => {
    const { store, clock } = makeStore();
    const before = store.getState().board;
    // Typed before the field had the focus, ended by Enter (endRename(true)).
    const frameId = store.getState().addFrame({ x: 0, y: 0 });
    clock.advance(3000);
    for (const ch of "Ordering") store.getState().typeIntoRename(ch);
    store.getState().endRename(true);
    expect(store.getState().board.frames![0]).toMatchObject({ id: frameId, name: "Ordering" });
    expect(store.getState().past).toEqual([before]);
    store.getState().undo();
    expect(store.getState().board).toBe(before);
    // Typed into the field: saved while the name is still open (useInlineEdit), then closed.
    const stickyId = store.getState().addNode("event", { x: 0, y: 0 });
    clock.advance(3000);
    store.getState().patchNode(stickyId, (n) => ({ ...n, name: "OrderShipped" }));
    store.getState().endRename();
    const noteId = store.getState().addNote({ x: 0, y: 500 });
    store.getState().patchNote(noteId, (n) => ({ ...n, text: "Who ships?" }));
    store.getState().endRename();
    expect(store.getState().past).toHaveLength(2);
    store.getState().undo();
    expect(store.getState().board.notes).toBeUndefined();
    expect(store.getState().board.nodes.find((n) => n.id === stickyId)?.name).toBe("OrderShipped");
    store.getState().undo();
    expect(store.getState().board).toBe(before);
  });

  it("keeps a later rename of a new item, once its name was closed, a step of its own", () => {
    const { store } = makeStore();
    const id = store.getState().addNode("event", { x: 0, y: 0 });
    store.getState().endRename(false);
    const created = store.getState().board;
    store.getState().patchNode(id, (n) => ({ ...n, name: "OrderShipped" }));
    // Enter/F2 later on: a rename, not part of the creation.
    store.getState().startRename(id);
    store.getState().patchNode(id, (n) => ({ ...n, name: "OrderDelivered" }));
    store.getState().endRename();
    expect(store.getState().past).toHaveLength(3);
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().board).toBe(created);
  });

  it("takes what an input method typed for a new name as a whole (the capture field's text), within the name's limit", () => {
    const { store } = makeStore();
    store.getState().setRenameBuffer("주");
    expect(store.getState().renameBuffer).toBeNull();
    const id = store.getState().addFrame({ x: 0, y: -3000 });
    store.getState().setRenameBuffer("주");
    store.getState().setRenameBuffer("주문");
    store.getState().setRenameBuffer("x".repeat(LIMITS.nameLength + 5));
    expect(store.getState().renameBuffer).toBe("x".repeat(LIMITS.nameLength));
    store.getState().setRenameBuffer("주문");
    store.getState().endRename(true);
    expect(store.getState().board.frames!.find((f) => f.id === id)!.name).toBe("주문");
  });

  it("names new frames and notes with the words it is given (the UI's language), unique", () => {
    const { store } = makeStore();
    store.getState().addFrame({ x: 0, y: -3000 }, undefined, "컨텍스트");
    store.getState().endRename(false);
    store.getState().select([]);
    store.getState().addFrame({ x: 1000, y: -3000 }, undefined, "컨텍스트");
    store.getState().endRename(false);
    store.getState().addNote({ x: 0, y: -4000 }, "메모");
    expect(store.getState().board.frames!.map((f) => f.name)).toEqual(["컨텍스트", "컨텍스트 2"]);
    expect(store.getState().board.notes!.map((n) => n.text)).toEqual(["메모"]);
  });
});
