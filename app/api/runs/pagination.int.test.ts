import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { orderFlowTemplate } from "@/lib/model/template";
import { READ_MODELS_PAGE, STREAMS_PAGE, TRACE_PAGE } from "@/lib/contracts/pages";
import type { Services } from "@/lib/services/registry";
import { wireTestServices } from "@/lib/services/testing/testServices";
import * as boardRuns from "../boards/[id]/runs/route";
import * as boards from "../boards/route";
import * as streams from "../streams/route";
import * as readModels from "./[runId]/read-models/route";
import * as run from "./[runId]/route";
import * as trace from "./[runId]/trace/route";

const req = (url: string, method = "GET", body?: unknown) =>
  new Request(`http://test${url}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
const params = <T extends Record<string, string>>(value: T) => ({ params: Promise.resolve(value) });

interface Page<T> {
  items: T[];
  next: string | null;
}

/** Cursor pagination of a run's streams, read-model rows and trace, over real PostgreSQL. */
describe("paged run lists over real PostgreSQL", () => {
  let services: Services;
  let teardown: () => Promise<void>;
  let runId: string;
  // 60 orders: four streams each (order, saga, inventory and payment replies), one OrderView row each.
  const ORDERS = 60;

  beforeAll(async () => {
    ({ services, teardown } = await wireTestServices(inject("pgUrl")));
    const boardId = ((await (await boards.POST(req("/api/boards", "POST", orderFlowTemplate()), undefined)).json()) as { id: string }).id;
    const started = await boardRuns.POST(req(`/api/boards/${boardId}/runs`, "POST", { count: ORDERS, concurrency: 8, seed: 5, timeScale: 0 }), params({ id: boardId }));
    runId = ((await started.json()) as { runId: string }).runId;
    for (let i = 0; i < 1200; i++) {
      const view = (await (await run.GET(req(`/api/runs/${runId}`), params({ runId }))).json()) as { status: string };
      if (view.status !== "running") break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });
  afterAll(async () => teardown());

  async function streamsPage(query: string): Promise<Page<{ streamId: string }>> {
    const res = await streams.GET(req(`/api/streams?runId=${runId}${query}`), undefined);
    expect(res.status, query).toBe(200);
    const body = (await res.json()) as { streams: { streamId: string }[]; next: string | null };
    return { items: body.streams, next: body.next };
  }

  async function rowsPage(query: string): Promise<Page<{ readModel: string; rowId: string }>> {
    const res = await readModels.GET(req(`/api/runs/${runId}/read-models?${query}`), params({ runId }));
    expect(res.status, query).toBe(200);
    const body = (await res.json()) as { rows: { readModel: string; rowId: string }[]; next: string | null };
    return { items: body.rows, next: body.next };
  }

  /** Follows `next` from the first page to the end; every page but the last is full. */
  async function readAll<T>(limit: number, page: (query: string) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
    const items: T[] = [];
    let after: string | null = null;
    for (let pages = 1; pages < 1000; pages++) {
      const got: Page<T> = await page(`&limit=${limit}${after === null ? "" : `&after=${encodeURIComponent(after)}`}`);
      items.push(...got.items);
      if (got.next === null) return { items, pages };
      expect(got.items).toHaveLength(limit);
      after = got.next;
    }
    throw new Error("next never became null");
  }

  it("streams: pages of `limit` cover every stream of the run exactly once, in byte order", async () => {
    const stored = await services.db.pool.query<{ stream_id: string }>(`SELECT stream_id FROM es_streams WHERE run_id = $1 ORDER BY stream_id COLLATE "C"`, [runId]);
    expect(stored.rows).toHaveLength(ORDERS * 4);
    const { items, pages } = await readAll(7, streamsPage);
    expect(items.map((s) => s.streamId)).toEqual(stored.rows.map((r) => r.stream_id));
    expect(pages).toBe(Math.ceil((ORDERS * 4) / 7));
    // A page that ends exactly at the end says so: no empty page to fetch.
    expect((await readAll(ORDERS * 2, streamsPage)).pages).toBe(2);
  });

  it("streams: without a limit the page is the shared default, and next points past its last id", async () => {
    expect(ORDERS * 4).toBeGreaterThan(STREAMS_PAGE.default);
    const first = await streamsPage("");
    expect(first.items).toHaveLength(STREAMS_PAGE.default);
    expect(first.next).toBe(first.items.at(-1)!.streamId);
    const rest = await streamsPage(`&after=${encodeURIComponent(first.next!)}`);
    expect(rest.items).toHaveLength(ORDERS * 4 - STREAMS_PAGE.default);
    expect(rest.next).toBeNull();
  });

  it("read models: pages of `limit` cover every row exactly once, in the store's order", async () => {
    const all = await services.db.pool.query<{ read_model: string; row_id: string }>(
      `SELECT read_model, row_id FROM sim_read_models WHERE run_id = $1 ORDER BY read_model COLLATE "C", row_id COLLATE "C"`,
      [runId],
    );
    expect(all.rows).toHaveLength(ORDERS);
    const { items, pages } = await readAll(7, rowsPage);
    expect(items.map((r) => `${r.readModel}/${r.rowId}`)).toEqual(all.rows.map((r) => `${r.read_model}/${r.row_id}`));
    expect(pages).toBe(Math.ceil(ORDERS / 7));
    const whole = await rowsPage("");
    expect(whole.items).toHaveLength(Math.min(ORDERS, READ_MODELS_PAGE.default));
    expect(whole.next).toBeNull();
  });

  it("trace: `next` as on the other lists (null at the end), `nextAfter` kept for live polling", async () => {
    const view = (await (await run.GET(req(`/api/runs/${runId}`), params({ runId }))).json()) as { counters: { spans: number } };
    const spans = view.counters.spans;
    let after = 0;
    let seen = 0;
    for (;;) {
      const page = (await (await trace.GET(req(`/api/runs/${runId}/trace?after=${after}&limit=${TRACE_PAGE.max}`), params({ runId }))).json()) as { items: { seq: number }[]; nextAfter: number; next: number | null };
      seen += page.items.length;
      expect(page.nextAfter).toBe(page.items.at(-1)?.seq ?? after);
      if (page.next === null) break;
      expect(page.next).toBe(page.nextAfter);
      after = page.next;
    }
    expect(seen).toBe(spans);
    const short = (await (await trace.GET(req(`/api/runs/${runId}/trace?after=${spans - 3}&limit=3`), params({ runId }))).json()) as { items: unknown[]; next: number | null };
    expect(short.items).toHaveLength(3);
    expect(short.next).toBeNull();
  });

  it.each([
    ["streams", "limit=0", "limit"],
    ["streams", `limit=${STREAMS_PAGE.max + 1}`, "limit"],
    ["streams", "limit=abc", "limit"],
    ["streams", "limit=0x10", "limit"],
    ["streams", "limit=1.5", "limit"],
    ["streams", "limit=-1", "limit"],
    ["read-models", "limit=0", "limit"],
    ["read-models", `limit=${READ_MODELS_PAGE.max + 1}`, "limit"],
    ["read-models", "limit=1e3", "limit"],
    ["read-models", "after=not-a-cursor!", "after"],
    ["read-models", `after=${Buffer.from('{"a":1}').toString("base64url")}`, "after"],
    ["read-models", `after=${Buffer.from('["a",2]').toString("base64url")}`, "after"],
  ])("%s?%s is a 400 naming %s", async (list, query, path) => {
    const res =
      list === "streams"
        ? await streams.GET(req(`/api/streams?runId=${runId}&${query}`), undefined)
        : await readModels.GET(req(`/api/runs/${runId}/read-models?${query}`), params({ runId }));
    expect(res.status).toBe(400);
    expect((await res.json()).error.issues[0].path).toBe(path);
  });

  it("pages are keyset range scans on an index in byte order, not a sort of the whole run", async () => {
    // Capture the exact SQL each list runs, then ask PostgreSQL how it runs it with sequential scans ruled out.
    const pool = services.db.pool;
    const spy = vi.spyOn(pool, "query");
    let captured: unknown[][];
    try {
      const first = await rowsPage("limit=5");
      await rowsPage(`limit=5&after=${first.next}`);
      const firstStreams = await streamsPage("&limit=5");
      await streamsPage(`&limit=5&after=${encodeURIComponent(firstStreams.next!)}`);
    } finally {
      // mockRestore forgets the calls: keep them first.
      captured = [...spy.mock.calls];
      spy.mockRestore();
    }
    const calls = (captured as [unknown, unknown[] | undefined][]).map(([text, values]) => ({ text: typeof text === "string" ? text : (text as { text: string }).text, values: (values ?? (text as { values?: unknown[] }).values) as unknown[] }));
    const pageQueries = [
      { index: "sim_read_models_run_id_page_idx", query: calls.filter((c) => c.text.includes("FROM sim_read_models")).at(-1)! },
      { index: "es_streams_run_id_stream_id_c_idx", query: calls.filter((c) => c.text.includes("FROM es_streams") && c.text.includes("stream_id COLLATE")).at(-1)! },
    ];
    for (const { index, query } of pageQueries) {
      expect(query, "the page query was captured").toBeDefined();
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SET LOCAL enable_seqscan = off");
        const plan = JSON.stringify((await client.query(`EXPLAIN (FORMAT JSON) ${query.text}`, query.values)).rows[0]);
        expect(plan).toContain(`"Index Name":"${index}"`);
        expect(plan).not.toContain('"Node Type":"Sort"');
        await client.query("ROLLBACK");
      } finally {
        client.release();
      }
    }
  });
});
