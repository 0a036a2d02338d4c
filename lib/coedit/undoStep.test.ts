import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { parseBoard } from "../model/parse";
import type { Board } from "../model/schema";
import { serializeBoard } from "../model/serialize";
import { orderFlowTemplate } from "../model/template";
import { seededRandom } from "../sim/hash";
import { docMaps, readBoard, writeBoard } from "./boardDoc";
import { undoStep } from "./undoStep";

const LOCAL = { local: true };
const REPAIR = { repair: true };

/** A peer as the session has one: a document and an undo manager of its own edits. */
function peer(base: Y.Doc, clientID: number) {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  const { board, nodes, edges } = docMaps(doc);
  const undo = new Y.UndoManager([board, nodes, edges], { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
  const edit = (change: (b: Board) => Board) => writeBoard(doc, change(readBoard(doc)), LOCAL);
  return { doc, undo, edit };
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const moveTo = (id: string, x: number) => (b: Board): Board => ({ ...b, nodes: b.nodes.map((n) => (n.id === id ? { ...n, position: { x, y: 0 } } : n)) });
const node = (doc: Y.Doc, id: string) => readBoard(doc).nodes.find((n) => n.id === id);

describe("undoStep", () => {
  function concurrentMoves() {
    const base = new Y.Doc();
    writeBoard(base, orderFlowTemplate());
    const id = orderFlowTemplate().nodes[1]!.id;
    // The higher client id wins a conflict: B's move wins, and it is B who undoes it.
    const a = peer(base, 1);
    const b = peer(base, 2);
    a.edit(moveTo(id, 100));
    b.edit(moveTo(id, 200));
    sync(a.doc, b.doc);
    expect(node(b.doc, id)!.position.x).toBe(200);
    return { a, b, id, original: orderFlowTemplate().nodes[1]!.position };
  }

  it("shows the Yjs bug it repairs: undoing a move that won over a concurrent one leaves the sticky with no position", () => {
    const { b, id } = concurrentMoves();
    b.undo.undo();
    expect(node(b.doc, id)!.position).toBeUndefined();
    expect(() => parseBoard(readBoard(b.doc))).toThrow(/not valid/);
  });

  it("brings the position back to what it was before the user's move, on both peers", () => {
    const { a, b, id, original } = concurrentMoves();
    const sent: unknown[] = [];
    b.doc.on("update", (_u: Uint8Array, origin: unknown) => sent.push(origin));
    expect(undoStep(b.undo, "undo", REPAIR)).toBe(true);
    expect(node(b.doc, id)!.position).toEqual(original);
    // The undo and its repair are two updates; both go to the server.
    expect(sent).toEqual([b.undo, REPAIR]);
    sync(a.doc, b.doc);
    expect(serializeBoard(readBoard(a.doc))).toBe(serializeBoard(readBoard(b.doc)));
    expect(() => parseBoard(readBoard(a.doc))).not.toThrow();
    // The repair is not an undo step of its own: nothing is left to undo.
    expect(b.undo.canUndo()).toBe(false);
  });

  it("changes nothing else: a plain undo with no conflict is Yjs's own", () => {
    const base = new Y.Doc();
    writeBoard(base, orderFlowTemplate());
    const a = peer(base, 1);
    const id = orderFlowTemplate().nodes[2]!.id;
    a.edit(moveTo(id, 5));
    let updates = 0;
    a.doc.on("update", () => updates++);
    expect(undoStep(a.undo, "undo", REPAIR)).toBe(true);
    expect(updates).toBe(1);
    expect(serializeBoard(readBoard(a.doc))).toBe(serializeBoard(orderFlowTemplate()));
    expect(undoStep(a.undo, "redo", REPAIR)).toBe(true);
    expect(node(a.doc, id)!.position.x).toBe(5);
    expect(undoStep(a.undo, "redo", REPAIR)).toBe(false);
  });

  it("keeps a value someone else deleted after the user's edit deleted", () => {
    const base = new Y.Doc();
    writeBoard(base, { ...orderFlowTemplate(), description: "first" });
    const a = peer(base, 1);
    const b = peer(base, 2);
    a.edit((x) => ({ ...x, description: "by A" }));
    sync(a.doc, b.doc);
    b.edit((x) => ({ ...x, description: "by B" }));
    sync(a.doc, b.doc);
    b.edit((x) => ({ ...x, description: undefined }));
    sync(a.doc, b.doc);
    undoStep(a.undo, "undo", REPAIR);
    expect(readBoard(a.doc).description).toBeUndefined();
  });

  it("leaves every board valid over random concurrent edits, undos and redos of three peers", () => {
    for (let s = 0; s < 40; s++) {
      const random = seededRandom("undo-step", s);
      const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
      const base = new Y.Doc();
      writeBoard(base, orderFlowTemplate());
      const peers = [peer(base, 10), peer(base, 20), peer(base, 30)];
      for (let stepNo = 0; stepNo < 60; stepNo++) {
        const p = peers[int(0, 2)]!;
        const board = readBoard(p.doc);
        const n = board.nodes[int(0, board.nodes.length - 1)];
        const r = random();
        if (r < 0.3 && n) p.edit(moveTo(n.id, int(0, 9)));
        else if (r < 0.45 && n) p.edit((b) => ({ ...b, nodes: b.nodes.map((x) => (x.id === n.id ? { ...x, name: `n${int(0, 9)}` } : x)) }));
        else if (r < 0.55 && n) p.edit((b) => ({ ...b, nodes: b.nodes.filter((x) => x.id !== n.id), edges: b.edges.filter((e) => e.source !== n.id && e.target !== n.id) }));
        else if (r < 0.65) p.edit((b) => ({ ...b, nodes: [...b.nodes, { id: `h${stepNo}`, kind: "hotspot", name: "h", position: { x: 0, y: 0 } }] }));
        else {
          undoStep(p.undo, r < 0.9 ? "undo" : "redo", REPAIR);
          expect(() => parseBoard(readBoard(p.doc)), `seed ${s}, step ${stepNo}`).not.toThrow();
        }
        if (random() < 0.4) sync(peers[int(0, 2)]!.doc, peers[int(0, 2)]!.doc);
      }
      sync(peers[0]!.doc, peers[1]!.doc);
      sync(peers[1]!.doc, peers[2]!.doc);
      sync(peers[0]!.doc, peers[1]!.doc);
      const texts = peers.map((p) => serializeBoard(readBoard(p.doc)));
      expect(texts[1], `seed ${s}`).toBe(texts[0]);
      expect(texts[2], `seed ${s}`).toBe(texts[0]);
      expect(() => parseBoard(readBoard(peers[0]!.doc)), `seed ${s}`).not.toThrow();
    }
  }, 30_000);

  it("when Yjs's undo throws halfway, keeps what it did, puts back the values it emptied, and does not throw", () => {
    const base = new Y.Doc();
    writeBoard(base, orderFlowTemplate());
    const a = peer(base, 1);
    const [first, second] = orderFlowTemplate().nodes;
    a.edit(moveTo(first!.id, 5));
    // An undo that deletes a position and a whole sticky, then throws (as redoItem can).
    a.undo.undo = () => {
      a.doc.transact(() => {
        docMaps(a.doc).nodes.get(first!.id)!.delete("position");
        docMaps(a.doc).nodes.delete(second!.id);
      }, a.undo);
      throw new TypeError("Cannot read properties of undefined (reading 'redone')");
    };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const sent: unknown[] = [];
      a.doc.on("update", (_u: Uint8Array, origin: unknown) => sent.push(origin));
      expect(undoStep(a.undo, "undo", REPAIR)).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/undo failed halfway \(Cannot read properties of undefined \(reading 'redone'\)\)/));
      // The position is back (the value it had just before), the deleted sticky stays deleted.
      expect(node(a.doc, first!.id)!.position).toEqual({ x: 5, y: 0 });
      expect(node(a.doc, second!.id)).toBeUndefined();
      expect(() => parseBoard(readBoard(a.doc))).not.toThrow();
      expect(sent).toEqual([a.undo, REPAIR]);
    } finally {
      warn.mockRestore();
    }
  });
});
