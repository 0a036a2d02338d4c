import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { orderFlowTemplate } from "@/lib/model/template";
import type { Services } from "@/lib/services/registry";
import { wireTestServices } from "@/lib/services/testing/testServices";
import * as exportRoute from "./boards/[id]/export/route";
import * as boardRuns from "./boards/[id]/runs/route";
import * as item from "./boards/[id]/route";
import * as boards from "./boards/route";
import * as replay from "./runs/[runId]/dlq/[messageId]/replay/route";
import * as dlq from "./runs/[runId]/dlq/route";
import * as readModels from "./runs/[runId]/read-models/route";
import * as run from "./runs/[runId]/route";
import * as stop from "./runs/[runId]/stop/route";
import * as trace from "./runs/[runId]/trace/route";
import * as streamEvents from "./streams/[streamId]/events/route";
import * as streams from "./streams/route";

/**
 * Bad input on every route, over real PostgreSQL: text PostgreSQL cannot store (NUL, unpaired
 * surrogates), prototype keys at any depth and unknown wrapper keys are 400s naming the place,
 * never a database error as a 500, and nothing is stored.
 */
const req = (url: string, method = "GET", body?: unknown, raw?: string) =>
  new Request(`http://test${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

type Board = ReturnType<typeof orderFlowTemplate>;
const BAD = [
  ["NUL", "\u0000"],
  ["a lone high surrogate", "\ud800"],
  ["a lone low surrogate", "\udfff"],
] as const;

async function errorOf(res: Response, status = 400): Promise<{ code: string; message: string; issues: { path: string; message: string }[] }> {
  expect(res.status).toBe(status);
  return ((await res.json()) as { error: { code: string; message: string; issues: { path: string; message: string }[] } }).error;
}

describe("bad input over real PostgreSQL", () => {
  let services: Services;
  let teardown: () => Promise<void>;
  let boardId: string;
  let runId: string;
  const count = async (table: string) => Number((await services.db.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);

  beforeAll(async () => {
    ({ services, teardown } = await wireTestServices(inject("pgUrl")));
    boardId = ((await (await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined)).json()) as { id: string }).id;
    runId = ((await (await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", { count: 1, seed: 1, timeScale: 0 }), params({ id: boardId }))).json()) as { runId: string }).runId;
  });
  afterAll(async () => teardown());

  it("a body nested 30,000 arrays deep is a 400 too_deep before it is parsed: no 500, no error log, no run", async () => {
    const logged = vi.spyOn(console, "error");
    try {
      const before = await count("sim_runs");
      const raw = `{"count":1,"faults":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
      const error = await errorOf(await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", undefined, raw), params({ id: boardId })));
      expect(error.code).toBe("too_deep");
      expect(error.message).toContain("64 levels");
      const board = await errorOf(await boards.POST(req("/api/boards", "POST", undefined, "[".repeat(2_500_000) + "]".repeat(2_500_000)), undefined));
      expect(board.code).toBe("too_deep");
      expect(await count("sim_runs")).toBe(before);
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  describe.each(BAD)("%s in a body's text", (_what, bad) => {
    const places: [string, string, (b: Board) => void][] = [
      ["the board name", "name", (b) => (b.name = `Order${bad}flow`)],
      ["a sticky's name", "nodes[3].name", (b) => (b.nodes[3]!.name = `Placed${bad}`)],
      ["a sticky's description", "nodes[3].description", (b) => (b.nodes[3]!.description = `why${bad}`)],
      ["an edge label", "edges[0].label", (b) => (b.edges[0]!.label = bad)],
    ];

    it.each(places)("POST /api/boards: %s is a 400 naming %s, nothing stored", async (_place, path, spoil) => {
      const before = await count("boards");
      const board = orderFlowTemplate();
      spoil(board);
      const error = await errorOf(await boards.POST(req("/api/boards", "POST", board), undefined));
      expect(error.code).toBe("unsafe_input");
      expect(error.issues).toContainEqual({ path, message: expect.stringContaining("must not contain NUL characters (U+0000) or unpaired surrogates") });
      expect(error.message).toContain(path);
      expect(await count("boards")).toBe(before);
    });

    it.each(places)("PUT /api/boards/:id: %s is a 400 naming board.%s, the board unchanged", async (_place, path, spoil) => {
      const before = await (await item.GET(req(`/api/boards/${boardId}`), params({ id: boardId }))).json();
      const board = orderFlowTemplate();
      spoil(board);
      const error = await errorOf(await item.PUT(req(`/api/boards/${boardId}`, "PUT", { revision: before.revision, board }), params({ id: boardId })));
      expect(error.issues).toContainEqual({ path: `board.${path}`, message: expect.stringContaining("U+") });
      expect(await (await item.GET(req(`/api/boards/${boardId}`), params({ id: boardId }))).json()).toEqual(before);
    });

    it("POST /api/boards/:id/runs: in the seed, the command or a fault target, a 400 naming it, no run stored", async () => {
      const before = await count("sim_runs");
      for (const [body, path] of [
        [{ count: 1, seed: `s${bad}` }, "seed"],
        [{ count: 1, command: `Place${bad}Order` }, "command"],
        [{ count: 1, faults: [{ target: `Pay${bad}`, mode: "fail" }] }, "faults[0].target"],
      ] as const) {
        const error = await errorOf(await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", body), params({ id: boardId })));
        expect(error.issues, path).toContainEqual({ path, message: expect.stringContaining("U+") });
      }
      expect(await count("sim_runs")).toBe(before);
    });

    it("a key with it, anywhere in a body, is a 400 naming the key", async () => {
      const body = JSON.stringify(orderFlowTemplate()).replace('"kind":"event"', `"kind":"event",${JSON.stringify(`x${bad}`)}:1`);
      const error = await errorOf(await boards.POST(req("/api/boards", "POST", undefined, body), undefined));
      expect(error.issues[0]!.path).toMatch(/^nodes\[3\]\["x\\u(0000|d800|dfff)"\]$/);
      expect(error.issues[0]!.message).toMatch(/^this key must not contain/);
    });
  });

  describe.each(BAD)("%s in a route parameter or query value", (_what, bad) => {
    const id = `00000000-0000-4000-8000-00000000000${bad}`;
    const routes: [string, string, () => Promise<Response>][] = [
      ["GET /api/boards/:id", "id", () => item.GET(req("/api/boards/x"), params({ id }))],
      ["PUT /api/boards/:id", "id", () => item.PUT(req("/api/boards/x", "PUT", { revision: 1, board: orderFlowTemplate() }), params({ id }))],
      ["DELETE /api/boards/:id", "id", () => item.DELETE(req("/api/boards/x", "DELETE"), params({ id }))],
      ["GET /api/boards/:id/export", "id", () => exportRoute.GET(req("/api/boards/x/export?format=mermaid"), params({ id }))],
      ["GET /api/boards/:id/export?format=", "format", () => exportRoute.GET(req(`/api/boards/x/export?format=mer${encodeURIComponent("\u0000")}maid`), params({ id: "b" }))],
      ["POST /api/boards/:id/runs", "id", () => boardRuns.POST(req("/api/boards/x/runs", "POST", { count: 1 }), params({ id }))],
      ["GET /api/boards/:id/runs", "id", () => boardRuns.GET(req("/api/boards/x/runs"), params({ id }))],
      ["GET /api/runs/:runId", "runId", () => run.GET(req("/api/runs/x"), params({ runId: id }))],
      ["GET /api/runs/:runId/trace", "runId", () => trace.GET(req("/api/runs/x/trace"), params({ runId: id }))],
      ["GET /api/runs/:runId/dlq", "runId", () => dlq.GET(req("/api/runs/x/dlq"), params({ runId: id }))],
      ["POST /api/runs/:runId/stop", "runId", () => stop.POST(req("/api/runs/x/stop", "POST"), params({ runId: id }))],
      ["GET /api/runs/:runId/read-models", "runId", () => readModels.GET(req("/api/runs/x/read-models"), params({ runId: id }))],
      ["POST /api/runs/:runId/dlq/:messageId/replay", "messageId", () => replay.POST(req("/api/runs/x/dlq/y/replay", "POST"), params({ runId, messageId: id }))],
      ["GET /api/streams/:streamId/events", "streamId", () => streamEvents.GET(req("/api/streams/x/events"), params({ streamId: `Order-${bad}` }))],
    ];
    it.each(routes)("%s: 400 invalid_param naming %s", async (_route, name, call) => {
      const error = await errorOf(await call());
      expect(error.code).toBe("invalid_param");
      expect(error.issues).toEqual([{ path: name, message: expect.stringContaining("must not contain NUL characters") }]);
      expect(error.message).toContain(`"${name}"`);
    });
  });

  it("NUL in a query value (GET /api/streams?runId=, ?after=) is a 400 naming the query parameter", async () => {
    // NUL survives percent-decoding; an unpaired surrogate cannot be percent-encoded at all (its bytes are not UTF-8).
    for (const query of [`runId=${runId}%00`, `runId=${runId}&after=Order%00`, `runId=${runId}&limit=1%00`]) {
      const error = await errorOf(await streams.GET(req(`/api/streams?${query}`), undefined));
      expect(error.code, query).toBe("invalid_param");
      expect(error.issues[0]!.path, query).toBe(query.includes("after") ? "after" : query.includes("limit") ? "limit" : "runId");
    }
  });

  it("overlong route parameters are a 400, not a database round trip", async () => {
    const error = await errorOf(await streamEvents.GET(req("/api/streams/x/events"), params({ streamId: "s".repeat(501) })));
    expect(error.issues).toEqual([{ path: "streamId", message: "must be at most 500 characters (got 501)" }]);
  });

  it("ids that must be UUIDs are checked before SQL: 404, as before", async () => {
    for (const id of ["not-a-uuid", "'; DROP TABLE boards; --"]) {
      expect((await item.GET(req("/api/boards/x"), params({ id }))).status).toBe(404);
      expect((await run.GET(req("/api/runs/x"), params({ runId: id }))).status).toBe(404);
      expect((await streams.GET(req(`/api/streams?runId=${encodeURIComponent(id)}`), undefined)).status).toBe(404);
    }
  });

  describe("__proto__, constructor and prototype keys are refused at every depth, naming the path", () => {
    const template = JSON.stringify(orderFlowTemplate());
    it.each([
      ["top level", template.replace('{"format"', '{"__proto__":{"polluted":1},"format"'), "__proto__"],
      ["in a node", template.replace('"kind":"event"', '"kind":"event","__proto__":{"polluted":1}'), "nodes[3].__proto__"],
      ["in a payload field", template.replace('"payload":[{', '"payload":[{"constructor":{"x":1},'), "nodes[1].payload[0].constructor"],
      ["in a position", template.replace('"position":{', '"position":{"prototype":1,'), "nodes[0].position.prototype"],
    ])("POST /api/boards %s: 400 naming %s", async (_where, body, path) => {
      const before = await count("boards");
      const error = await errorOf(await boards.POST(req("/api/boards", "POST", undefined, body), undefined));
      expect(error.code).toBe("unsafe_input");
      expect(error.issues).toContainEqual({ path, message: expect.stringContaining("is not allowed at any depth") });
      expect(await count("boards")).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("in the PUT wrapper and deep in its board, and in a run request", async () => {
      const put = `{"revision":1,"board":${template.replace('"kind":"saga"', '"kind":"saga","__proto__":{"x":1}')}}`;
      const error = await errorOf(await item.PUT(req("/api/boards/x", "PUT", undefined, put), params({ id: boardId })));
      expect(error.issues).toContainEqual({ path: "board.nodes[6].__proto__", message: expect.any(String) });
      const wrapper = await errorOf(await item.PUT(req("/api/boards/x", "PUT", undefined, `{"constructor":{},"revision":1,"board":${template}}`), params({ id: boardId })));
      expect(wrapper.issues[0]!.path).toBe("constructor");
      const runBody = '{"count":1,"faults":[{"target":"PaymentService","mode":"fail","__proto__":{"x":1}}]}';
      const runError = await errorOf(await boardRuns.POST(req("/api/boards/x/runs", "POST", undefined, runBody), params({ id: boardId })));
      expect(runError.issues).toContainEqual({ path: "faults[0].__proto__", message: expect.any(String) });
    });
  });

  describe("unknown keys in request wrappers are a 400 naming the key", () => {
    it("PUT /api/boards/:id {revision, board, extra}", async () => {
      const before = await (await item.GET(req(`/api/boards/${boardId}`), params({ id: boardId }))).json();
      const res = await item.PUT(req("/api/boards/x", "PUT", { revision: before.revision, board: before.board, revison: 3, force: true }), params({ id: boardId }));
      const error = await errorOf(res);
      expect(error.code).toBe("invalid_request");
      expect(error.issues.map((i) => i.path)).toEqual(["revison", "force"]);
      expect(error.message).toContain('unknown keys "revison", "force"');
      expect(await (await item.GET(req(`/api/boards/${boardId}`), params({ id: boardId }))).json()).toEqual(before);
      // The wrapper with exactly its keys still saves.
      expect((await item.PUT(req("/api/boards/x", "PUT", { revision: before.revision, board: before.board }), params({ id: boardId }))).status).toBe(200);
    });

    it("POST /api/boards/:id/runs {count, colour}", async () => {
      const error = await errorOf(await boardRuns.POST(req("/api/boards/x/runs", "POST", { count: 1, colour: "red" }), params({ id: boardId })));
      expect(error.issues).toContainEqual({ path: "colour", message: expect.stringContaining('unknown key "colour"') });
    });
  });

  describe("a client that disconnects mid-body", () => {
    it("is a quiet 499 request_aborted from readJsonBody, with nothing logged", async () => {
      const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
      try {
        // What Node does when the socket closes mid-body: the request stream fails with Error("aborted"), code ECONNRESET.
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"format":"stormflow.board","na'));
            setTimeout(() => controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" })), 10);
          },
        });
        const before = await count("boards");
        const res = await boards.POST(new Request("http://test/api/boards", { method: "POST", body, duplex: "half" } as RequestInit), undefined);
        expect((await errorOf(res, 499)).code).toBe("request_aborted");
        expect(errors).not.toHaveBeenCalled();
        expect(await count("boards")).toBe(before);
      } finally {
        errors.mockRestore();
      }
    });

    it("over a real socket closed half-way through the body (Node's IncomingMessage as Next hands it to the route): 499, nothing logged", async () => {
      const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const answered = new Promise<number>((resolve, reject) => {
        const server = http.createServer((incoming) => {
          // As Next's NextRequestAdapter does: the IncomingMessage itself is the Request's body.
          const request = new Request(`http://test${incoming.url}`, { method: incoming.method, headers: incoming.headers as HeadersInit, body: incoming as unknown as BodyInit, duplex: "half" } as RequestInit);
          boards.POST(request, undefined).then((res) => {
            server.close();
            resolve(res.status);
          }, reject);
        });
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as net.AddressInfo;
          const socket = net.connect(port, "127.0.0.1", () => {
            socket.write("POST /api/boards HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"format\":\"stormflow.board\",");
            setTimeout(() => socket.destroy(), 50);
          });
        });
      });
      try {
        expect(await answered).toBe(499);
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });
  });
});
