import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { Board } from "../model/schema";
import { serializeBoard } from "../model/serialize";
import { createOrderSagaTemplate, emptyBoard, orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { docMaps, hasBoard, readBoard, sameJson, writeBoard } from "./boardDoc";

/** A fresh document holding `board`. */
function docOf(board: Board): Y.Doc {
  const doc = new Y.Doc();
  writeBoard(doc, board);
  return doc;
}

/** A second peer's copy of `doc` (its own client id), as a join would give it. */
function peerOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** Each document gets what the other lacks, as the server relays it. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const forB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const forA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, forB);
  Y.applyUpdate(a, forA);
}

/** Counts the document's update events while `fn` runs. */
function updatesDuring(doc: Y.Doc, fn: () => void): number {
  let count = 0;
  const onUpdate = () => count++;
  doc.on("update", onUpdate);
  try {
    fn();
  } finally {
    doc.off("update", onUpdate);
  }
  return count;
}

const text = (doc: Y.Doc) => serializeBoard(readBoard(doc));

/** Boards built with the test builders: every kind, optional keys, labels, a saga with steps. */
const builtBoards: Record<string, () => Board> = {
  "an empty board": () => emptyBoard("Nothing yet"),
  "every kind, labels and optional keys": () =>
    testBoard(
      [
        sticky("actor", "actor-1", "Customer", { description: "buys things" }),
        sticky("command", "cmd-1", "PlaceOrder", { payload: [{ name: "orderId", type: "uuid", required: true }] }),
        sticky("aggregate", "agg-1", "Order", { commandChannel: "orders.commands" }),
        sticky("event", "evt-1", "OrderPlaced", { payload: [{ name: "lines", type: "array", items: { type: "object", fields: [{ name: "sku", type: "string" }] } }], topic: "orders", version: 2 }),
        sticky("policy", "pol-1", "WhenPlaced", { position: { x: -40.5, y: 1e6 } }),
        sticky("readModel", "rm-1", "OrderView", { fields: [{ name: "id", type: "uuid" }] }),
        sticky("service", "svc-1", "Mailer", { action: "Send", consistency: "strong" }),
        sticky("externalSystem", "ext-1", "Bank"),
        sticky("hotspot", "hot-1", "Who pays?"),
      ],
      [arrow("actor-1", "cmd-1"), arrow("cmd-1", "agg-1", "e-labelled"), arrow("agg-1", "evt-1"), arrow("evt-1", "pol-1"), arrow("evt-1", "rm-1"), arrow("pol-1", "svc-1")].map((e) =>
        e.id === "e-labelled" ? { ...e, label: "handles" } : e,
      ),
      { description: "built with testBoards", settings: { eventTypeStyle: "screaming" } },
    ),
  "a saga and its participants": () =>
    testBoard(
      [
        sticky("saga", "saga-1", "OrderSaga", { steps: [sagaStep("s1", "svc-1", "Reserve", { compensation: "Release" }), sagaStep("s2", "agg-1", "Approve", { failure: null, timeoutMs: 5000 })] }),
        sticky("service", "svc-1", "Inventory", { action: "Reserve" }),
        sticky("aggregate", "agg-1", "Order"),
      ],
      [arrow("saga-1", "svc-1"), arrow("saga-1", "agg-1")],
    ),
};

describe("writeBoard / readBoard", () => {
  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ...Object.entries(builtBoards),
  ])("round-trips %s byte for byte", (_name, make) => {
    const board = make();
    const doc = docOf(board);
    expect(hasBoard(doc)).toBe(true);
    expect(serializeBoard(readBoard(doc))).toBe(serializeBoard(board));
    // And through the wire: a peer that only has the encoded state reads the same board.
    expect(serializeBoard(readBoard(peerOf(doc)))).toBe(serializeBoard(board));
  });

  it("an empty document holds no board until one is written", () => {
    const doc = new Y.Doc();
    expect(hasBoard(doc)).toBe(false);
    writeBoard(doc, emptyBoard("x"));
    expect(hasBoard(doc)).toBe(true);
  });

  it("writes nothing when nothing changed (no update event), also for an equal copy of the board", () => {
    const board = orderFlowTemplate();
    const doc = docOf(board);
    expect(updatesDuring(doc, () => writeBoard(doc, board))).toBe(0);
    expect(updatesDuring(doc, () => writeBoard(doc, orderFlowTemplate()))).toBe(0);
    expect(updatesDuring(doc, () => writeBoard(doc, readBoard(doc)))).toBe(0);
    // The check is not vacuous: a real change is one update.
    const moved = { ...board, nodes: board.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 1, y: 2 } } : n)) };
    expect(updatesDuring(doc, () => writeBoard(doc, moved))).toBe(1);
    expect(updatesDuring(doc, () => writeBoard(doc, moved))).toBe(0);
  });

  it("writes only the key that changed: a move leaves the name's item alone", () => {
    const board = orderFlowTemplate();
    const doc = docOf(board);
    const before = Y.encodeStateVector(doc);
    const target = board.nodes[3]!;
    writeBoard(doc, { ...board, nodes: board.nodes.map((n) => (n.id === target.id ? { ...n, position: { x: 7, y: 8 } } : n)) });
    const diff = Y.decodeUpdate(Y.encodeStateAsUpdate(doc, before));
    // One new item (the position), one deleted (the old position).
    expect(diff.structs).toHaveLength(1);
    expect(diff.ds.clients.size).toBe(1);
  });

  it("removes a key the board no longer has, and an edge's label", () => {
    const board = builtBoards["every kind, labels and optional keys"]!();
    const doc = docOf(board);
    const next: Board = {
      ...board,
      description: undefined,
      nodes: board.nodes.map((n) => (n.id === "actor-1" ? { ...n, description: undefined } : n)),
      edges: board.edges.map((e) => (e.id === "e-labelled" ? { id: e.id, source: e.source, target: e.target } : e)),
    };
    writeBoard(doc, next);
    const read = readBoard(doc);
    expect("description" in read).toBe(false);
    expect("description" in read.nodes.find((n) => n.id === "actor-1")!).toBe(false);
    expect("label" in read.edges.find((e) => e.id === "e-labelled")!).toBe(false);
    expect(serializeBoard(read)).toBe(serializeBoard(next));
  });

  it("reads a reordered board back in its new order", () => {
    const board = orderFlowTemplate();
    const doc = docOf(board);
    const reordered: Board = { ...board, nodes: [...board.nodes].reverse(), edges: [...board.edges].reverse() };
    writeBoard(doc, reordered);
    expect(serializeBoard(readBoard(doc))).toBe(serializeBoard(reordered));
    // A peer that only has the encoded state agrees.
    expect(serializeBoard(readBoard(peerOf(doc)))).toBe(serializeBoard(reordered));
    // Reordered together with an added sticky placed in the middle.
    const extra = sticky("hotspot", "hot-mid", "In the middle");
    const withMiddle: Board = { ...reordered, nodes: [reordered.nodes[0]!, extra, ...reordered.nodes.slice(1)] };
    writeBoard(doc, withMiddle);
    expect(serializeBoard(readBoard(doc))).toBe(serializeBoard(withMiddle));
  });

  it("appends new stickies after the existing ones, in board order", () => {
    const board = orderFlowTemplate();
    const doc = docOf(board);
    const added = [sticky("hotspot", "zz-first", "First"), sticky("hotspot", "aa-second", "Second")];
    const next = { ...board, nodes: [...board.nodes, ...added] };
    writeBoard(doc, next);
    expect(readBoard(doc).nodes.map((n) => n.id)).toEqual(next.nodes.map((n) => n.id));
  });
});

describe("concurrent edits of two documents", () => {
  /** Two peers of one board, an edit on each made without seeing the other's, then exchanged. */
  function concurrently(base: Board, editA: (b: Board) => Board, editB: (b: Board) => Board) {
    const a = docOf(base);
    const b = peerOf(a);
    writeBoard(a, editA(readBoard(a)));
    writeBoard(b, editB(readBoard(b)));
    exchange(a, b);
    expect(text(a)).toBe(text(b));
    // Byte-identical state too, not only the same board read from it.
    expect(Buffer.from(Y.encodeStateAsUpdate(a)).equals(Buffer.from(Y.encodeStateAsUpdate(b)))).toBe(true);
    return readBoard(a);
  }
  const addSticky = (id: string, name: string) => (b: Board): Board => ({ ...b, nodes: [...b.nodes, sticky("hotspot", id, name)] });

  it("gives concurrent adds the same order on both peers, whichever applies first", () => {
    const base = orderFlowTemplate();
    const merged = concurrently(base, addSticky("hot-b", "From A"), addSticky("hot-a", "From B"));
    expect(merged.nodes.slice(-2).map((n) => n.id)).toEqual(["hot-a", "hot-b"]);
    // The same two adds, the other way round (ids swapped between the peers): still sorted by id.
    const swapped = concurrently(base, addSticky("hot-a", "From A"), addSticky("hot-b", "From B"));
    expect(swapped.nodes.slice(-2).map((n) => n.id)).toEqual(["hot-a", "hot-b"]);
    // And a third document that receives B's update before A's reads the same.
    const a = docOf(base);
    const b = peerOf(a);
    const c = peerOf(a);
    const sv = Y.encodeStateVector(a);
    writeBoard(a, addSticky("hot-x", "x")(readBoard(a)));
    writeBoard(b, addSticky("hot-y", "y")(readBoard(b)));
    Y.applyUpdate(c, Y.encodeStateAsUpdate(b, sv));
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a, sv));
    exchange(a, b);
    expect(text(c)).toBe(text(a));
  });

  it("merges a move and a rename of the same sticky", () => {
    const base = orderFlowTemplate();
    const id = base.nodes[2]!.id;
    const merged = concurrently(
      base,
      (b) => ({ ...b, nodes: b.nodes.map((n) => (n.id === id ? { ...n, position: { x: 5, y: 6 } } : n)) }),
      (b) => ({ ...b, nodes: b.nodes.map((n) => (n.id === id ? { ...n, name: "Renamed" } : n)) }),
    );
    expect(merged.nodes.find((n) => n.id === id)).toMatchObject({ name: "Renamed", position: { x: 5, y: 6 } });
  });

  it("picks one of two concurrent renames, the same on both peers", () => {
    const base = orderFlowTemplate();
    const id = base.nodes[2]!.id;
    const rename = (name: string) => (b: Board): Board => ({ ...b, nodes: b.nodes.map((n) => (n.id === id ? { ...n, name } : n)) });
    const merged = concurrently(base, rename("By A"), rename("By B"));
    expect(["By A", "By B"]).toContain(merged.nodes.find((n) => n.id === id)!.name);
  });

  it("keeps a sticky deleted when another peer moved it at the same time", () => {
    const base = orderFlowTemplate();
    const victim = base.nodes[4]!.id;
    const merged = concurrently(
      base,
      (b) => ({ ...b, nodes: b.nodes.filter((n) => n.id !== victim), edges: b.edges.filter((e) => e.source !== victim && e.target !== victim) }),
      (b) => ({ ...b, nodes: b.nodes.map((n) => (n.id === victim ? { ...n, position: { x: 999, y: 999 } } : n)) }),
    );
    expect(merged.nodes.some((n) => n.id === victim)).toBe(false);
    expect(merged.edges.some((e) => e.source === victim || e.target === victim)).toBe(false);
  });

  it("leaves out an edge to a sticky deleted at the same time, on both peers", () => {
    const base = testBoard([sticky("command", "cmd-1", "Place"), sticky("aggregate", "agg-1", "Order"), sticky("hotspot", "hot-1", "Doomed")], [arrow("cmd-1", "agg-1")]);
    const a = docOf(base);
    const b = peerOf(a);
    writeBoard(a, { ...base, nodes: base.nodes.filter((n) => n.id !== "hot-1") });
    writeBoard(b, { ...base, edges: [...base.edges, arrow("agg-1", "hot-1", "e-to-doomed")] });
    exchange(a, b);
    expect(text(a)).toBe(text(b));
    // The edge is still in the document (nobody deleted it) but not on the board.
    expect(docMaps(a).edges.has("e-to-doomed")).toBe(true);
    const read = readBoard(a);
    expect(read.edges.map((e) => e.id)).toEqual(["cmd-1--agg-1"]);
    expect(read.nodes.map((n) => n.id)).toEqual(["cmd-1", "agg-1"]);
  });

  it("converges many interleaved edits of three peers exchanged in different orders", () => {
    const base = orderFlowTemplate();
    const docs = [docOf(base)];
    docs.push(peerOf(docs[0]!), peerOf(docs[0]!));
    // A small seeded generator: the same edits every run.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      docs.forEach((doc, p) => {
        const board = readBoard(doc);
        const pick = board.nodes[Math.floor(random() * board.nodes.length)];
        const r = random();
        let next: Board;
        if (!pick || r < 0.3) next = addSticky(`n${p}-${round}`, `Added ${p}/${round}`)(board);
        else if (r < 0.55) next = { ...board, nodes: board.nodes.map((n) => (n.id === pick.id ? { ...n, position: { x: round, y: p } } : n)) };
        else if (r < 0.75) next = { ...board, nodes: board.nodes.map((n) => (n.id === pick.id ? { ...n, name: `N${p}-${round}` } : n)) };
        else if (r < 0.9) next = { ...board, nodes: board.nodes.filter((n) => n.id !== pick.id), edges: board.edges.filter((e) => e.source !== pick.id && e.target !== pick.id) };
        else next = { ...board, nodes: [...board.nodes].reverse() };
        writeBoard(doc, next);
      });
      // Exchange only now and then, in a different pairing each time.
      if (round % 3 === 2) {
        const [x, y] = round % 2 ? [0, 1] : [2, 1];
        exchange(docs[x]!, docs[y]!);
      }
    }
    exchange(docs[0]!, docs[1]!);
    exchange(docs[1]!, docs[2]!);
    exchange(docs[0]!, docs[1]!);
    const texts = docs.map(text);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
  });
});

describe("sameJson", () => {
  it("ignores key order and undefined keys, not values", () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
  });
});

describe("frames and notes in the shared document", () => {
  const framed = () =>
    testBoard([sticky("event", "evt", "OrderPlaced", { position: { x: 100, y: 100 } })], [], {
      frames: [
        { id: "f-1", name: "Ordering", description: "Takes orders", color: "#ebfbee", position: { x: 0, y: 0 }, size: { width: 600, height: 400 } },
        { id: "f-2", name: "Payment", position: { x: 700, y: 0 }, size: { width: 300, height: 300 } },
      ],
      notes: [{ id: "n-1", text: "Who approves?\nAsk finance.", position: { x: 40, y: 300 } }],
    });

  it("carries frames and notes through the document, byte for byte, and leaves them out when there are none", () => {
    const board = framed();
    expect(text(docOf(board))).toBe(serializeBoard(board));
    expect(text(peerOf(docOf(board)))).toBe(serializeBoard(board));
    const doc = docOf(board);
    writeBoard(doc, { ...board, frames: undefined, notes: undefined });
    expect("frames" in readBoard(doc)).toBe(false);
    expect("notes" in readBoard(doc)).toBe(false);
    expect(docMaps(doc).frames.size).toBe(0);
  });

  it("merges one person moving a frame with another renaming it, and a note edited while a frame is added", () => {
    const a = docOf(framed());
    const b = peerOf(a);
    const board = readBoard(a);
    writeBoard(a, { ...board, frames: board.frames!.map((f) => (f.id === "f-1" ? { ...f, position: { x: 50, y: 20 } } : f)) });
    writeBoard(b, {
      ...board,
      frames: [...board.frames!.map((f) => (f.id === "f-1" ? { ...f, name: "Sales" } : f)), { id: "f-3", name: "Shipping", position: { x: 0, y: 500 }, size: { width: 200, height: 200 } }],
      notes: [{ ...board.notes![0]!, text: "Finance approves." }],
    });
    exchange(a, b);
    expect(text(a)).toBe(text(b));
    const merged = readBoard(a);
    expect(merged.frames!.map((f) => [f.id, f.name, f.position])).toEqual([
      ["f-1", "Sales", { x: 50, y: 20 }],
      ["f-2", "Payment", { x: 700, y: 0 }],
      ["f-3", "Shipping", { x: 0, y: 500 }],
    ]);
    expect(merged.notes![0]!.text).toBe("Finance approves.");
  });

  it("writes only the frame that changed", () => {
    const doc = docOf(framed());
    const board = readBoard(doc);
    const payment = docMaps(doc).frames.get("f-2")!;
    const changes: string[] = [];
    payment.observe((e) => changes.push(...e.keysChanged));
    writeBoard(doc, { ...board, frames: board.frames!.map((f) => (f.id === "f-2" ? { ...f, size: { width: 320, height: 300 } } : f)) });
    expect(changes).toEqual(["size"]);
    expect(updatesDuring(doc, () => writeBoard(doc, readBoard(doc)))).toBe(0);
  });
});
