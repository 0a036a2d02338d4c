import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { orderFlowTemplate } from "../model/template";
import { docMaps, readBoard, writeBoard } from "./boardDoc";
import { checkUpdate } from "./checkUpdate";

/** The server's document of the Order board, and a client's copy of it. */
function serverAndClient() {
  const server = new Y.Doc();
  writeBoard(server, orderFlowTemplate());
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return { server, client };
}

/** What `edit` on the client's copy sends to the server. */
function updateFrom(client: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(client);
  edit();
  return Y.encodeStateAsUpdate(client, before);
}

describe("checkUpdate", () => {
  it("accepts a valid edit (a rename, an add, a delete) and leaves the server's document unchanged", () => {
    const { server, client } = serverAndClient();
    const board = readBoard(client);
    const update = updateFrom(client, () =>
      writeBoard(client, {
        ...board,
        nodes: [...board.nodes.slice(1).map((n, i) => (i === 0 ? { ...n, name: "Renamed" } : n)), { id: "hot-new", kind: "hotspot", name: "New", position: { x: 0, y: 0 } }],
        edges: board.edges.filter((e) => e.source !== board.nodes[0]!.id && e.target !== board.nodes[0]!.id),
      }),
    );
    const before = Y.encodeStateAsUpdate(server);
    expect(checkUpdate(server, update)).toBeNull();
    // Checked on a copy: nothing applied yet.
    expect(Buffer.from(Y.encodeStateAsUpdate(server)).equals(Buffer.from(before))).toBe(true);
  });

  it("refuses bytes that are not a Yjs update", () => {
    const { server } = serverAndClient();
    expect(checkUpdate(server, new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toBe("The edit is not a Yjs update of this board");
    expect(checkUpdate(server, new TextEncoder().encode('{"nodes": []}'))).toMatch(/not a Yjs update|depends on changes/);
  });

  it("refuses an update that writes a root type that is not part of a board", () => {
    const { server, client } = serverAndClient();
    const update = updateFrom(client, () => client.getMap("evil").set("payload", "<script>"));
    expect(checkUpdate(server, update)).toBe('The edit writes "evil", which is not part of a board');
    const other = serverAndClient();
    const text = updateFrom(other.client, () => other.client.getText("notes").insert(0, "x"));
    expect(checkUpdate(other.server, text)).toBe('The edit writes "notes", which is not part of a board');
  });

  it("refuses an update that makes a name 300 characters long, naming the field", () => {
    const { server, client } = serverAndClient();
    const board = readBoard(client);
    const update = updateFrom(client, () => writeBoard(client, { ...board, nodes: board.nodes.map((n, i) => (i === 2 ? { ...n, name: "x".repeat(300) } : n)) }));
    expect(checkUpdate(server, update)).toMatch(/^The edit would make the board invalid: .*nodes\[2\]\.name: must be at most 120 characters/s);
  });

  it("refuses a rename to a name that looks blank or holds a control character, naming the field; edits elsewhere on a board holding an older one pass", () => {
    for (const name of ["\u3000\u00a0\u200b", "\u200b", "Bell\u0007"]) {
      const { server, client } = serverAndClient();
      const board = readBoard(client);
      const id = board.nodes[2]!.id;
      const update = updateFrom(client, () => writeBoard(client, { ...board, nodes: board.nodes.map((n) => (n.id === id ? { ...n, name } : n)) }));
      expect(checkUpdate(server, update)).toMatch(new RegExp(`^The edit would make the board invalid: nodes "${id}" name: must not`, "u"));
    }
    // A board stored before the rules, with such a name: moving that sticky or renaming another still passes.
    const server = new Y.Doc();
    const template = orderFlowTemplate();
    writeBoard(server, { ...template, nodes: template.nodes.map((n, i) => (i === 0 ? { ...n, name: "\u200b" } : n)) });
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const board = readBoard(client);
    const update = updateFrom(client, () =>
      writeBoard(client, { ...board, nodes: board.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 5, y: 5 } } : i === 1 ? { ...n, name: "Renamed" } : n)) }),
    );
    expect(checkUpdate(server, update)).toBeNull();
  });

  it("refuses a saga step command or reply renamed to a name with a control character, as it refuses a sticky's", () => {
    const { server, client } = serverAndClient();
    const board = readBoard(client);
    const saga = board.nodes.find((n) => n.kind === "saga")!;
    const renamed = saga.kind === "saga" ? { ...saga, steps: saga.steps.map((step, j) => (j === 1 ? { ...step, action: { ...step.action, name: "Charge\nPayment" } } : step)) } : saga;
    const update = updateFrom(client, () => writeBoard(client, { ...board, nodes: board.nodes.map((n) => (n.id === saga.id ? renamed : n)) }));
    expect(checkUpdate(server, update)).toMatch(new RegExp(`^The edit would make the board invalid: nodes "${saga.id}" steps: steps\\[1\\]\\.action\\.name: must not contain control characters`));
  });

  it("refuses a sticky that is not a map", () => {
    const { server, client } = serverAndClient();
    const notMap = updateFrom(client, () => (docMaps(client).nodes as unknown as Y.Map<unknown>).set("hot-x", { kind: "hotspot" }));
    expect(checkUpdate(server, notMap)).toMatch(/makes sticky "hot-x" something other than a map/);
  });

  it("refuses an update that depends on changes the server lacks, and accepts it with them", () => {
    const { server, client } = serverAndClient();

    // Two edits on the client; only the second reaches the server.
    const sv = Y.encodeStateVector(client);
    docMaps(client).board.set("name", "First");
    const afterFirst = Y.encodeStateVector(client);
    docMaps(client).board.set("name", "Second");
    expect(checkUpdate(server, Y.encodeStateAsUpdate(client, afterFirst))).toMatch(/depends on changes the server does not have/);
    expect(checkUpdate(server, Y.encodeStateAsUpdate(client, sv))).toBeNull();
  });

  it("refuses an update over the byte limit", () => {
    const { server, client } = serverAndClient();
    const update = updateFrom(client, () => docMaps(client).board.set("description", "d".repeat(2000)));
    expect(checkUpdate(server, update, { maxBytes: 1000 })).toMatch(/too large \(\d+ bytes; at most 1000\)/);
    expect(checkUpdate(server, update)).toBeNull();
  });

  it("refuses a sticky or edge whose order is not a finite number: peers would read the board in different orders", () => {
    // Shown first: with orders that are not numbers, two documents holding the same maps (entered
    // in another order, as concurrent adds arrive) read different boards.
    const mark = (doc: Y.Doc) => doc.transact(() => docMaps(doc).nodes.forEach((m, id) => m.set("order", id.length % 2 ? "x" : id.length)));
    const board = orderFlowTemplate();
    const one = new Y.Doc();
    writeBoard(one, board);
    mark(one);
    const other = new Y.Doc();
    writeBoard(other, { ...board, nodes: [...board.nodes].reverse() });
    mark(other);
    expect(readBoard(one).nodes.map((n) => n.id)).not.toEqual(readBoard(other).nodes.map((n) => n.id));

    for (const order of ["x", null, NaN, Infinity, "3"]) {
      const { server, client } = serverAndClient();
      const id = readBoard(client).nodes[1]!.id;
      const update = updateFrom(client, () => docMaps(client).nodes.get(id)!.set("order", order));
      expect(checkUpdate(server, update)).toBe(`The edit gives sticky "${id}" an order that is not a number`);
    }
    const { server, client } = serverAndClient();
    const nodeWithout = updateFrom(client, () => docMaps(client).nodes.get(readBoard(client).nodes[0]!.id)!.delete("order"));
    expect(checkUpdate(server, nodeWithout)).toMatch(/an order that is not a number/);
    const edge = serverAndClient();
    const edgeId = readBoard(edge.client).edges[0]!.id;
    const badEdge = updateFrom(edge.client, () => docMaps(edge.client).edges.set(edgeId, { ...docMaps(edge.client).edges.get(edgeId)!, order: "first" }));
    expect(checkUpdate(edge.server, badEdge)).toBe(`The edit gives edge "${edgeId}" an order that is not a number`);
    // A number is fine, also a fraction or a negative one.
    const fine = serverAndClient();
    const fineUpdate = updateFrom(fine.client, () => docMaps(fine.client).nodes.get(readBoard(fine.client).nodes[0]!.id)!.set("order", -2.5));
    expect(checkUpdate(fine.server, fineUpdate)).toBeNull();
  });
});

describe("checkUpdate against what QA sent (issue 13 review)", () => {
  it("refuses a shared type inside a sticky or the board at once (a JSON walk over one never ends)", () => {
    const { server, client } = serverAndClient();
    const id = readBoard(client).nodes[0]!.id;
    expect(checkUpdate(server, updateFrom(client, () => docMaps(client).nodes.get(id)!.set("description", new Y.Map())))).toMatch(/description of sticky .* a shared type/);
    const again = serverAndClient();
    expect(checkUpdate(again.server, updateFrom(again.client, () => docMaps(again.client).nodes.get(id)!.set("name", new Y.Text("x"))))).toMatch(/name of sticky .* a shared type/);
    const third = serverAndClient();
    expect(checkUpdate(third.server, updateFrom(third.client, () => docMaps(third.client).board.set("name", new Y.Map())))).toMatch(/shared type/);
  });

  it("refuses keys a board does not have, edges that are not objects, and edges whose ends are not ids", () => {
    const a = serverAndClient();
    expect(checkUpdate(a.server, updateFrom(a.client, () => docMaps(a.client).board.set("junk", "x".repeat(1000))))).toMatch(/board key "junk"/);
    const b = serverAndClient();
    expect(checkUpdate(b.server, updateFrom(b.client, () => docMaps(b.client).edges.set("e-x", "text" as unknown as Record<string, unknown>)))).toMatch(/edge "e-x" something other than an object/);
    const c = serverAndClient();
    const node = readBoard(c.client).nodes[0]!.id;
    expect(checkUpdate(c.server, updateFrom(c.client, () => docMaps(c.client).edges.set("e-y", { source: node, target: 42, order: 99 })))).toMatch(/edge "e-y" a target that is not a sticky id/);
  });
});

describe("checkUpdate: frames and notes", () => {
  it("accepts adding a frame and a note, and refuses a frame below the minimum size or an id a sticky has", () => {
    const { server, client } = serverAndClient();
    const board = readBoard(client);
    const frame = { id: "frame-1", name: "Ordering", position: { x: 0, y: 0 }, size: { width: 400, height: 300 } };
    const add = updateFrom(client, () => writeBoard(client, { ...board, frames: [frame], notes: [{ id: "note-1", text: "Why?", position: { x: 1, y: 2 } }] }));
    expect(checkUpdate(server, add)).toBeNull();
    Y.applyUpdate(server, add);
    expect(readBoard(server).frames).toEqual([frame]);

    const tiny = updateFrom(client, () => docMaps(client).frames.get("frame-1")!.set("size", { width: 10, height: 300 }));
    expect(checkUpdate(server, tiny)).toMatch(/^The edit would make the board invalid: .*frames\[0\]\.size\.width/s);

    const fresh = serverAndClient();
    const b = readBoard(fresh.client);
    const clash = updateFrom(fresh.client, () => writeBoard(fresh.client, { ...b, frames: [{ ...frame, id: b.nodes[0]!.id }] }));
    expect(checkUpdate(fresh.server, clash)).toMatch(/^The edit would make the board invalid/);
  });

  it("refuses a frame that is not a map, or whose order is not a number", () => {
    const { server, client } = serverAndClient();
    const notMap = updateFrom(client, () => docMaps(client).frames.set("frame-x", "nope" as unknown as Y.Map<unknown>));
    expect(checkUpdate(server, notMap)).toBe('The edit makes frame "frame-x" something other than a map');
    const other = serverAndClient();
    const noOrder = updateFrom(other.client, () => {
      const m = new Y.Map<unknown>();
      docMaps(other.client).notes.set("note-x", m);
      m.set("text", "x");
      m.set("position", { x: 0, y: 0 });
    });
    expect(checkUpdate(other.server, noOrder)).toBe('The edit gives note "note-x" an order that is not a number');
  });
});
