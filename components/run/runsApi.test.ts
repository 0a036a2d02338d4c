import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, runsApi } from "@/lib/client/runsApi";
import { READ_MODELS_PAGE, STREAMS_PAGE } from "@/lib/contracts/pages";

/** The run panels' client against the routes' JSON shapes (app/api/runs, app/api/streams). */
describe("runsApi", () => {
  afterEach(() => vi.unstubAllGlobals());

  function stub(status: number, body: unknown) {
    const fetch = vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));
    vi.stubGlobal("fetch", fetch);
    return fetch;
  }

  // A run as GET /api/runs/:id answers it (lib/contracts/runs.ts).
  const run = {
    runId: "r", boardId: "b", boardName: "B", status: "completed", scenario: { count: 1 }, counters: { instances: { finished: 1 } },
    summary: null, graph: null, error: null, createdAt: "2026-12-01T00:00:00.000Z", finishedAt: null,
  };

  it("refuses an answer that is not what the contract says, naming where, instead of guessing", async () => {
    stub(200, { deadLetters: "none" });
    await expect(runsApi.deadLetters("r")).rejects.toMatchObject({ code: "bad_response", message: expect.stringContaining("at deadLetters") });
    stub(200, [{ runId: "r" }]);
    await expect(runsApi.history("b")).rejects.toBeInstanceOf(ApiError);
    stub(200, { runs: [{ runId: "r" }] });
    await expect(runsApi.history("b")).rejects.toMatchObject({ code: "bad_response" });
  });

  it("unwraps each route's list", async () => {
    stub(200, { runs: [run] });
    expect(await runsApi.history("b")).toEqual([run]);
    stub(200, { deadLetters: [{ messageId: "m" }] });
    expect(await runsApi.deadLetters("r")).toEqual([{ messageId: "m" }]);
    const row = { readModel: "Orders", rowId: "x", data: {}, eventCount: 1 };
    stub(200, { rows: [row], next: null });
    expect((await runsApi.readModelsPage("r")).items).toEqual([row]);
    stub(200, { streams: [{ streamId: "s" }], next: null });
    expect((await runsApi.streamsPage("r")).items).toEqual([{ streamId: "s" }]);
    stub(200, { streamId: "s", events: [{ eventId: "e" }] });
    expect(await runsApi.streamEvents("s")).toEqual([{ eventId: "e" }]);
  });

  it("calls the routes with encoded ids and JSON bodies", async () => {
    const fetch = stub(202, { runId: "r1" });
    expect(await runsApi.start("b/1", { count: 3, faults: [{ target: "Payment", mode: "fail" }], revision: 7 })).toEqual({ runId: "r1" });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/boards/b%2F1/runs");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({ count: 3, faults: [{ target: "Payment", mode: "fail" }], revision: 7 });
    const f2 = stub(200, { items: [], nextAfter: 5, next: null });
    await runsApi.trace("r", 5, 100);
    expect((f2.mock.calls[0] as unknown as [string])[0]).toBe("/api/runs/r/trace?after=5&limit=100");
    const f3 = stub(200, { runId: "r", messageId: "m", results: [] });
    await runsApi.replay("r", "m 1");
    expect((f3.mock.calls[0] as unknown as [string])[0]).toBe("/api/runs/r/dlq/m%201/replay");
  });

  it("reads the paged lists with the shared default limit, the cursor encoded, and next as given", async () => {
    const f1 = stub(200, { streams: [{ streamId: "s" }], next: "Order-1" });
    expect(await runsApi.streamsPage("r 1")).toEqual({ items: [{ streamId: "s" }], next: "Order-1" });
    expect((f1.mock.calls[0] as unknown as [string])[0]).toBe(`/api/streams?runId=r%201&limit=${STREAMS_PAGE.default}`);
    const f2 = stub(200, { streams: [], next: null });
    expect(await runsApi.streamsPage("r", "Order/1&x", 7)).toEqual({ items: [], next: null });
    expect((f2.mock.calls[0] as unknown as [string])[0]).toBe("/api/streams?runId=r&limit=7&after=Order%2F1%26x");
    const row = { readModel: "Orders", rowId: "x", data: { total: 3 }, eventCount: 2 };
    const f3 = stub(200, { rows: [row], next: "abc_-" });
    expect(await runsApi.readModelsPage("r", "cur-1")).toEqual({ items: [row], next: "abc_-" });
    expect((f3.mock.calls[0] as unknown as [string])[0]).toBe(`/api/runs/r/read-models?limit=${READ_MODELS_PAGE.default}&after=cur-1`);
  });

  it("turns error answers into ApiError with the issues by path", async () => {
    stub(400, { error: { code: "invalid_scenario", message: "The run request is not valid", issues: [{ path: "count", message: "must be…" }] } });
    const err = await runsApi.start("b", { count: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "invalid_scenario", issues: [{ path: "count", message: "must be…" }] });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("network"))));
    await expect(runsApi.get("r")).rejects.toMatchObject({ status: 0, code: "offline" });
    stub(502, "<html>Bad gateway</html>");
    await expect(runsApi.get("r")).rejects.toMatchObject({ status: 502, code: "http_error" });
  });
});
