import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderFlowTemplate } from "@/lib/model/template";
import { serializeBoard } from "@/lib/model/serialize";
import { wireTestServices } from "@/lib/services/testing/testServices";
import * as collection from "./route";
import * as item from "./[id]/route";

const req = (method: string, body?: unknown, raw?: string) =>
  new Request("http://test/api/boards", {
    method,
    headers: { "content-type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("boards API over real PostgreSQL", () => {
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    ({ teardown } = await wireTestServices(inject("pgUrl")));
  });
  afterAll(async () => teardown());

  async function create(board = orderFlowTemplate()) {
    const res = await collection.POST(req("POST", board), undefined);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; revision: number };
  }

  it("creates, lists, reads back exactly, saves with a revision and deletes", async () => {
    const { id, revision } = await create();
    expect(revision).toBe(1);

    const list = await (await collection.GET(req("GET"), undefined)).json();
    expect(list).toContainEqual(expect.objectContaining({ id, name: "Order flow", revision: 1, nodeCount: orderFlowTemplate().nodes.length }));

    const got = await (await item.GET(req("GET"), ctx(id))).json();
    expect(serializeBoard(got.board)).toBe(serializeBoard(orderFlowTemplate()));

    const renamed = { ...got.board, name: "주문 흐름 🚚" };
    const saved = await item.PUT(req("PUT", { revision: 1, board: renamed }), ctx(id));
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ revision: 2 });
    expect((await (await item.GET(req("GET"), ctx(id))).json()).board.name).toBe("주문 흐름 🚚");

    expect((await item.DELETE(req("DELETE"), ctx(id))).status).toBe(204);
    expect((await item.GET(req("GET"), ctx(id))).status).toBe(404);
  });

  it("refuses a stale revision with 409 and keeps the newer save", async () => {
    const { id } = await create();
    const board = orderFlowTemplate();
    expect((await item.PUT(req("PUT", { revision: 1, board: { ...board, name: "First" } }), ctx(id))).status).toBe(200);
    const stale = await item.PUT(req("PUT", { revision: 1, board: { ...board, name: "Second" } }), ctx(id));
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "conflict", message: expect.stringContaining("now revision 2") });
    expect((await (await item.GET(req("GET"), ctx(id))).json()).board.name).toBe("First");
  });

  it("refuses a revision the board has not reached with 400 naming revision, not as a conflict", async () => {
    const { id } = await create();
    const board = orderFlowTemplate();
    expect((await item.PUT(req("PUT", { revision: 1, board: { ...board, name: "First" } }), ctx(id))).status).toBe(200);
    const future = await item.PUT(req("PUT", { revision: 99, board: { ...board, name: "Second" } }), ctx(id));
    expect(future.status).toBe(400);
    const { error } = await future.json();
    expect(error).toMatchObject({ code: "invalid_request", message: expect.stringContaining("no revision 99") });
    expect(error.message).toContain("revision 2");
    expect(error.issues).toEqual([expect.objectContaining({ path: "revision" })]);
    expect((await (await item.GET(req("GET"), ctx(id))).json()).board.name).toBe("First");
  });

  it("refuses names that look empty and control characters in new text, naming the field as for a blank name", async () => {
    const board = orderFlowTemplate();
    for (const [name, message] of [["\u3000\u00a0\u200b", "must not be blank"], ["\u200b", "must not be blank"], ["Ring\u0007", "control characters"]] as const) {
      const res = await collection.POST(req("POST", { ...board, name }), undefined);
      expect(res.status).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe("invalid_board");
      expect(error.issues).toContainEqual({ path: "name", message: expect.stringContaining(message) });
    }
    const { id } = await create();
    const escaped = { ...board, nodes: board.nodes.map((n, i) => (i === 0 ? { ...n, name: "\u001b[31mRed" } : n)) };
    const res = await item.PUT(req("PUT", { revision: 1, board: escaped }), ctx(id));
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues).toContainEqual({ path: "nodes[0].name", message: expect.stringContaining("U+001B") });
  });

  it("refuses bad input with 4xx, a path and a reason, and changes nothing", async () => {
    const { id } = await create();
    const before = await (await item.GET(req("GET"), ctx(id))).json();

    const notJson = await collection.POST(req("POST", undefined, "{nope"), undefined);
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("not_json");

    const bad = orderFlowTemplate();
    bad.nodes[3] = { ...bad.nodes[3]!, name: "x".repeat(200) };
    const invalid = await item.PUT(req("PUT", { revision: before.revision, board: bad }), ctx(id));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()).error;
    expect(body.code).toBe("invalid_board");
    expect(body.issues).toContainEqual(expect.objectContaining({ path: "nodes[3].name" }));

    const huge = await collection.POST(req("POST", undefined, JSON.stringify({ pad: "x".repeat(6 * 1024 * 1024) })), undefined);
    expect(huge.status).toBe(413);

    const noRevision = await item.PUT(req("PUT", { board: orderFlowTemplate() }), ctx(id));
    expect(noRevision.status).toBe(400);
    expect((await noRevision.json()).error.issues[0].path).toBe("revision");

    // Past PostgreSQL's INTEGER range: a 400 naming revision, not the database's out-of-range error as a 500.
    for (const revision of [2 ** 31, 1e300]) {
      const outOfRange = await item.PUT(req("PUT", { revision, board: orderFlowTemplate() }), ctx(id));
      expect(outOfRange.status).toBe(400);
      expect((await outOfRange.json()).error.issues[0].path).toBe("revision");
    }

    expect((await item.GET(req("GET"), ctx("not-a-uuid"))).status).toBe(404);
    expect((await item.PUT(req("PUT", { revision: 1, board: orderFlowTemplate() }), ctx("00000000-0000-0000-0000-000000000000"))).status).toBe(404);

    const after = await (await item.GET(req("GET"), ctx(id))).json();
    expect(after).toEqual(before);
  });
});
