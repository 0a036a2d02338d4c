import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { orderFlowTemplate } from "@/lib/model/template";
import { arrow, sticky, testBoard } from "@/lib/model/testing/testBoards";
import type { RunInfo } from "@/lib/runtime/runService";
import { wireTestServices } from "@/lib/services/testing/testServices";
import type { Services } from "@/lib/services/registry";
import * as boardRuns from "../boards/[id]/runs/route";
import * as boardItem from "../boards/[id]/route";
import * as boards from "../boards/route";
import * as streamEvents from "../streams/[streamId]/events/route";
import * as streams from "../streams/route";
import * as replay from "./[runId]/dlq/[messageId]/replay/route";
import * as dlq from "./[runId]/dlq/route";
import * as readModels from "./[runId]/read-models/route";
import * as run from "./[runId]/route";
import * as stop from "./[runId]/stop/route";
import * as trace from "./[runId]/trace/route";

const req = (url: string, method = "GET", body?: unknown, raw?: string) =>
  new Request(`http://test${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

describe("runs API over real PostgreSQL", () => {
  let services: Services;
  let teardown: () => Promise<void>;
  let boardId: string;
  beforeAll(async () => {
    ({ services, teardown } = await wireTestServices(inject("pgUrl")));
    const res = await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined);
    boardId = ((await res.json()) as { id: string }).id;
  });
  afterAll(async () => teardown());

  async function start(body: unknown, id = boardId) {
    return boardRuns.POST(req(`/api/boards/${id}/runs`, "POST", body), params({ id }));
  }

  async function finished(runId: string): Promise<RunInfo> {
    for (let i = 0; i < 600; i++) {
      const view = (await (await run.GET(req(`/api/runs/${runId}`), params({ runId }))).json()) as RunInfo;
      if (view.status !== "running") return view;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error("the run did not finish");
  }

  const runCount = async () => Number((await services.db.pool.query(`SELECT count(*) FROM sim_runs`)).rows[0].count);

  it("starts a run with 202 {runId}, runs it in the background, and reports it, its trace, streams and read model", async () => {
    const res = await start({ count: 10, concurrency: 4, seed: 3, faults: [{ target: "PaymentService", mode: "fail" }] });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);

    const view = await finished(runId);
    expect(view).toMatchObject({ runId, boardId, boardName: "Order flow", status: "completed", scenario: { command: "PlaceOrder", count: 10, seed: "3" } });
    expect(view.summary).toMatchObject({ runId, command: "PlaceOrder", count: 10, status: "completed", sagas: { started: 10, completed: 0, compensated: 10, failed: 0 } });
    expect(view.summary!.invariants.every((i) => i.ok)).toBe(true);
    expect(view.counters.spans).toBeGreaterThan(0);
    // The run drawn on the board: the saga sticky marks its failed and compensated steps.
    expect(view.graph!.nodes["saga-order"]).toMatchObject({ received: 10 * 4, sagas: { completed: 0, compensated: 10, failed: 0 }, steps: { 0: { completed: 10, compensated: 10 }, 1: { failed: 10 } } });
    expect(view.graph!.edges["e-saga-payment"]).toEqual({ messages: 20 });
    expect((view.summary as Record<string, unknown>).graph).toBeUndefined();

    const first = await (await trace.GET(req(`/api/runs/${runId}/trace?after=0&limit=50`), params({ runId }))).json();
    expect(first.items).toHaveLength(50);
    expect(first.items[0]).toMatchObject({ seq: 1, traceId: expect.any(String), spanId: expect.any(String), kind: expect.any(String), status: expect.stringMatching(/^(ok|error)$/) });
    expect(first.nextAfter).toBe(50);
    let after = first.nextAfter;
    let total = first.items.length;
    for (;;) {
      const page = await (await trace.GET(req(`/api/runs/${runId}/trace?after=${after}&limit=5000`), params({ runId }))).json();
      if (page.items.length === 0) {
        expect(page.nextAfter).toBe(after);
        break;
      }
      expect(page.items[0].seq).toBe(after + 1);
      after = page.nextAfter;
      total += page.items.length;
    }
    expect(total).toBe(view.counters.spans);

    const list = await (await streams.GET(req(`/api/streams?runId=${runId}`), undefined)).json();
    // Per order: the Order's stream, the saga's, and the inventory's and payment's replies.
    expect(list.streams).toHaveLength(40);
    const saga = list.streams.find((s: { streamType: string }) => s.streamType === "saga");
    const events = await (await streamEvents.GET(req(`/api/streams/${encodeURIComponent(saga.streamId)}/events`), params({ streamId: saga.streamId }))).json();
    expect(events.streamId).toBe(saga.streamId);
    expect(events.events.map((e: { type: string }) => e.type).at(-1)).toBe("order.failed");
    expect(events.events[0]).toMatchObject({ version: 1, globalPosition: expect.any(String), runId });

    const rows = await (await readModels.GET(req(`/api/runs/${runId}/read-models`), params({ runId }))).json();
    expect(rows.rows).toHaveLength(10);
    expect(rows.rows[0]).toMatchObject({ readModel: "OrderView", data: { status: "OrderFailed" }, eventCount: 2 });

    const history = await (await boardRuns.GET(req(`/api/boards/${boardId}/runs`), params({ id: boardId }))).json();
    expect(history.runs[0]).toMatchObject({ runId, status: "completed" });
    expect(history.runs[0].board).toBeUndefined();
  });

  it("lists dead letters and replays one by message id", async () => {
    const { runId } = await (await start({ count: 2, seed: 1, timeScale: 0, faults: [{ target: "EmailService", mode: "fail" }] })).json();
    await finished(runId);
    const { deadLetters } = await (await dlq.GET(req(`/api/runs/${runId}/dlq`), params({ runId }))).json();
    expect(deadLetters).toHaveLength(2);
    expect(deadLetters[0]).toMatchObject({ consumerGroup: "email-service", attempts: 5, lastError: expect.stringContaining("EmailService:fail"), replayStatus: null });
    const messageId = deadLetters[0].messageId;
    const res = await replay.POST(req(`/api/runs/${runId}/dlq/${messageId}/replay`, "POST"), params({ runId, messageId }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ runId, messageId, results: [{ consumerGroup: "email-service", status: "ok", error: null }] });
    const again = await replay.POST(req(`/api/runs/${runId}/dlq/${messageId}/replay`, "POST"), params({ runId, messageId }));
    // A replay that already succeeded is a conflict with it, not a bad request.
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toContain("already replayed");
    const missing = await replay.POST(req("", "POST"), params({ runId, messageId: "not-a-uuid" }));
    expect(missing.status).toBe(404);
  });

  it("of ten replays of one dead letter sent at once, one delivers it and nine answer 409", async () => {
    const { runId } = await (await start({ count: 1, seed: 2, timeScale: 0, faults: [{ target: "EmailService", mode: "fail" }] })).json();
    await finished(runId);
    const { deadLetters } = await (await dlq.GET(req(`/api/runs/${runId}/dlq`), params({ runId }))).json();
    const messageId = deadLetters[0].messageId;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => replay.POST(req(`/api/runs/${runId}/dlq/${messageId}/replay`, "POST"), params({ runId, messageId }))),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array<number>(9).fill(409)]);
    const codes = await Promise.all(answers.filter((a) => a.status === 409).map(async (a) => (await a.json()).error.code));
    expect(new Set(codes)).toEqual(new Set(["conflict"]));
    // The dead letter is marked replayed once, by the one replay that ran.
    const after = await (await dlq.GET(req(`/api/runs/${runId}/dlq`), params({ runId }))).json();
    expect(after.deadLetters.filter((d: { messageId: string; replayStatus: string }) => d.messageId === messageId).map((d: { replayStatus: string }) => d.replayStatus)).toEqual(["ok"]);
  });

  it("deleting a board stops its runs that are still going (they would hold run slots out of sight)", async () => {
    const made = await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined);
    const id = ((await made.json()) as { id: string }).id;
    const { runId } = await (await start({ count: 5000, concurrency: 2, seed: 1 }, id)).json();
    const gone = await boardItem.DELETE(req(`/api/boards/${id}`, "DELETE"), params({ id }));
    expect(gone.status).toBe(204);
    const view = await finished(runId);
    expect(view.status).toBe("stopped");
    expect(view.counters.instances.issued).toBeLessThan(5000);
  });

  it("stops a run: no more entry commands, it ends `stopped` with its invariants checked", async () => {
    const { runId } = await (await start({ count: 5000, concurrency: 2, seed: 1 })).json();
    const res = await stop.POST(req(`/api/runs/${runId}/stop`, "POST"), params({ runId }));
    expect(res.status).toBe(202);
    const view = await finished(runId);
    expect(view.status).toBe("stopped");
    expect(view.summary!.invariants.every((i) => i.ok)).toBe(true);
    expect(view.counters.instances.issued).toBeLessThan(5000);
  });

  it.each([
    [{ count: 0 }, "count", "must be a whole number from 1 to 100,000 (got 0)"],
    [{ count: 1_000_000 }, "count", "a run issues at most 100,000 entry commands"],
    [{ count: 1, command: "Nope" }, "command", 'unknown command "Nope"'],
    [{ count: 1, faults: [{ target: "Nobody", mode: "fail" }] }, "faults[0].target", 'unknown fault target "Nobody"'],
    [{ count: 1, faults: [{ target: "PaymentService", mode: "rate" }] }, "faults[0].value", "rate needs P"],
    [{ count: 1, faults: [{ target: "OrderSaga#7", mode: "fail" }] }, "faults[0].target", "targets on this board: OrderSaga#1, OrderSaga#1/compensation"],
    [{ count: 1, maxAttempts: 2 }, "maxAttempts", "the board's delivery policy"],
    [{ count: 1, timeScale: "fast" }, "timeScale", "must be a number"],
    [{ count: 1, faults: "Payment:fail" }, "faults", "must be a list"],
    [[1, 2], "", "the request body must be a JSON object, such as {\"count\": 10} (got [1,2])"],
    [[], "", "the request body must be a JSON object, such as {\"count\": 10} (got [])"],
    [null, "", "the request body must be a JSON object, such as {\"count\": 10} (got null)"],
    ["count=1", "", "the request body must be a JSON object"],
  ])("refuses %j with 400, naming %s, and stores no run", async (body, path, message) => {
    const before = await runCount();
    const res = await start(body);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error.code).toBe("invalid_scenario");
    expect(error.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    expect(await runCount()).toBe(before);
  });

  it("refuses a board with validation errors, a body that is not JSON, and an unknown board, storing nothing", async () => {
    const before = await runCount();
    const broken = testBoard([sticky("command", "c", "PlaceOrder"), sticky("aggregate", "a", "Order"), sticky("event", "e", "OrderPlaced")], [arrow("c", "a"), arrow("e", "a")]);
    const created = await boards.POST(req("/api/boards", "POST", broken), undefined);
    const brokenId = ((await created.json()) as { id: string }).id;
    const res = await start({ count: 1 }, brokenId);
    expect(res.status).toBe(400);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: "invalid_board", message: expect.stringContaining("has") });
    expect(error.issues.length).toBeGreaterThan(0);

    const notJson = await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", undefined, "{count: 1"), params({ id: boardId }));
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("not_json");

    const unknown = await start({ count: 1 }, "00000000-0000-4000-8000-000000000000");
    expect(unknown.status).toBe(404);
    expect(await runCount()).toBe(before);
  });

  it("with a board revision, runs exactly that revision: a newer save is 409 board_changed and stores nothing; a bad revision is 400", async () => {
    const created = await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined);
    const { id, revision } = (await created.json()) as { id: string; revision: number };
    const at = await start({ count: 2, revision }, id);
    expect(at.status).toBe(202);
    await finished(((await at.json()) as { runId: string }).runId);

    const saved = await boardItem.PUT(req(`/api/boards/${id}`, "PUT", { revision, board: { ...orderFlowTemplate(), name: "Edited meanwhile" } }), params({ id }));
    expect(saved.status).toBe(200);
    const before = await runCount();
    const stale = await start({ count: 2, revision }, id);
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "board_changed", issues: [{ path: "revision", message: `stale: the saved board is at revision ${revision + 1}` }] });
    expect((await start({ count: 2, revision: 0 }, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    for (const bad of [0, 1.5, "2", null]) {
      const res = await start({ count: 2, revision: bad }, id);
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues).toEqual([{ path: "revision", message: "must be a positive whole number (the board revision to run)" }]);
    }
    expect(await runCount()).toBe(before);
    const ahead = await start({ count: 2, revision: revision + 5 }, id);
    expect(ahead.status).toBe(400);
    expect((await ahead.json()).error.issues).toEqual([{ path: "revision", message: `must be a revision the board was saved as (it is at revision ${revision + 1})` }]);
    expect(await runCount()).toBe(before);
    const current = await start({ count: 2, revision: revision + 1 }, id);
    expect(current.status).toBe(202);
  });

  it("answers 404 for unknown runs and streams, and 400 for bad trace paging", async () => {
    for (const runId of ["nope", "00000000-0000-4000-8000-000000000000"]) {
      expect((await run.GET(req(`/api/runs/${runId}`), params({ runId }))).status).toBe(404);
      expect((await trace.GET(req(`/api/runs/${runId}/trace`), params({ runId }))).status).toBe(404);
      expect((await dlq.GET(req(`/api/runs/${runId}/dlq`), params({ runId }))).status).toBe(404);
      expect((await streams.GET(req(`/api/streams?runId=${runId}`), undefined)).status).toBe(404);
    }
    expect((await streamEvents.GET(req("/api/streams/x/events"), params({ streamId: "no-such-stream" }))).status).toBe(404);
    expect((await streams.GET(req("/api/streams"), undefined)).status).toBe(400);
    const unknownBoard = "00000000-0000-4000-8000-000000000000";
    expect((await boardRuns.GET(req(`/api/boards/${unknownBoard}/runs`), params({ id: unknownBoard }))).status).toBe(404);
    const { runId } = await (await start({ count: 1, seed: 1 })).json();
    for (const query of ["after=-1", "after=abc", "limit=0", "limit=5001", "limit=1.5"]) {
      const res = await trace.GET(req(`/api/runs/${runId}/trace?${query}`), params({ runId }));
      expect(res.status, query).toBe(400);
      expect((await res.json()).error.issues[0].path).toBe(query.split("=")[0]);
    }
    await finished(runId);
  });
});
