import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BoardHistory } from "@/lib/boards/boardHistory";
import { BoardStore } from "@/lib/boards/boardStore";
import type { Board, BoardNode } from "@/lib/model/schema";
import { serializeBoard } from "@/lib/model/serialize";
import { orderFlowTemplate } from "@/lib/model/template";
import { getServices, setServices } from "@/lib/services/registry";
import { wireTestServices } from "@/lib/services/testing/testServices";
import * as collection from "./route";
import * as item from "./[id]/route";
import * as diffRoute from "./[id]/diff/route";
import * as revisionsRoute from "./[id]/revisions/route";
import * as revisionRoute from "./[id]/revisions/[rev]/route";
import * as restoreRoute from "./[id]/revisions/[rev]/restore/route";

const req = (method: string, url = "http://test/api/boards", body?: unknown, raw?: string) =>
  new Request(url, { method, headers: { "content-type": "application/json" }, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
const ctx = <P extends Record<string, string>>(params: P) => ({ params: Promise.resolve(params) });

/** The Order template with the first event that has a payload changed by `change`. */
function withEvent(board: Board, change: (node: Extract<BoardNode, { kind: "event" }>) => Extract<BoardNode, { kind: "event" }>): Board {
  const target = board.nodes.find((n) => n.kind === "event" && n.payload.length > 1)!;
  return { ...board, nodes: board.nodes.map((n) => (n.id === target.id && n.kind === "event" ? change(n) : n)) };
}

describe("revisions API over real PostgreSQL", () => {
  let teardown: () => Promise<void>;
  beforeAll(async () => {
    ({ teardown } = await wireTestServices(inject("pgUrl")));
  });
  afterAll(async () => teardown());

  async function create(board: Board = orderFlowTemplate()): Promise<string> {
    const res = await collection.POST(req("POST", undefined, board), undefined);
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }
  async function save(id: string, revision: number, board: Board): Promise<number> {
    const res = await item.PUT(req("PUT", undefined, { revision, board }), ctx({ id }));
    expect(res.status).toBe(200);
    return ((await res.json()) as { revision: number }).revision;
  }
  const list = async (id: string, query = "") => revisionsRoute.GET(req("GET", `http://test/api/boards/${id}/revisions${query}`), ctx({ id }));
  const diff = async (id: string, query = "") => diffRoute.GET(req("GET", `http://test/api/boards/${id}/diff${query}`), ctx({ id }));

  it("keeps every save, lists them newest first a page at a time, and reads each one back", async () => {
    const v1 = orderFlowTemplate();
    const id = await create(v1);
    const v2 = { ...v1, name: "Orders" };
    const v3 = withEvent(v2, (e) => ({ ...e, payload: e.payload.slice(1) }));
    await save(id, 1, v2);
    await save(id, 2, v3);

    const first = await list(id, "?limit=2");
    expect(first.status).toBe(200);
    const page = (await first.json()) as { revisions: { revision: number; savedAt: string; authors: string[]; summary: { text: string; breaking: number } }[]; next: number | null };
    expect(page.revisions.map((r) => r.revision)).toEqual([3, 2]);
    expect(page.next).toBe(2);
    expect(page.revisions[0]!.summary).toMatchObject({ breaking: 1, text: expect.stringContaining("1 edited") });
    expect(page.revisions[1]!.summary.text).toBe("renamed “Orders”");
    expect(Date.parse(page.revisions[0]!.savedAt)).not.toBeNaN();
    const rest = (await (await list(id, `?limit=2&before=${page.next}`)).json()) as typeof page;
    expect(rest.revisions.map((r) => [r.revision, r.summary.text])).toEqual([[1, `Created with ${v1.nodes.length} stickies`]]);
    expect(rest.next).toBeNull();

    for (const [rev, board] of [[1, v1], [2, v2], [3, v3]] as const) {
      const got = await revisionRoute.GET(req("GET"), ctx({ id, rev: String(rev) }));
      expect(got.status).toBe(200);
      expect(serializeBoard(((await got.json()) as { board: Board }).board)).toBe(serializeBoard(board));
    }
  });

  it("restores an old revision as a new one, refusing a stale one with 409", async () => {
    const v1 = orderFlowTemplate();
    const id = await create(v1);
    await save(id, 1, { ...v1, name: "Second" });
    const restored = await restoreRoute.POST(req("POST", undefined, { revision: 2 }), ctx({ id, rev: "1" }));
    expect(restored.status).toBe(200);
    expect(await restored.json()).toEqual({ revision: 3, restored: 1 });
    const current = (await (await item.GET(req("GET"), ctx({ id }))).json()) as { revision: number; board: Board };
    expect(current.revision).toBe(3);
    expect(serializeBoard(current.board)).toBe(serializeBoard(v1));
    // The restore is a revision like any other, and the history keeps what it replaced.
    const texts = ((await (await list(id)).json()) as { revisions: { revision: number; summary: { text: string } }[] }).revisions.map((r) => [r.revision, r.summary.text]);
    expect(texts.slice(0, 2)).toEqual([[3, "renamed “Order flow”"], [2, "renamed “Second”"]]);

    const stale = await restoreRoute.POST(req("POST", undefined, { revision: 2 }), ctx({ id, rev: "2" }));
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("conflict");
    // Without a revision, it restores over whatever is current, even when other saves land at once.
    expect((await restoreRoute.POST(req("POST", undefined, {}), ctx({ id, rev: "2" }))).status).toBe(200);
    const together = await Promise.all([1, 2, 1, 2, 1, 2, 1, 2].map((rev) => restoreRoute.POST(req("POST", undefined, {}), ctx({ id, rev: String(rev) }))));
    expect(together.map((r) => r.status)).toEqual(Array(8).fill(200));
    const revisions = await Promise.all(together.map(async (r) => ((await r.json()) as { revision: number }).revision));
    expect(new Set(revisions).size).toBe(8);
  });

  it("diffs two revisions under a mode: defaults to the last save under full, and names the consumers", async () => {
    const v1 = orderFlowTemplate();
    const id = await create(v1);
    const added = withEvent(v1, (e) => ({ ...e, payload: [...e.payload, { name: "currency", type: "string" }] }));
    await save(id, 1, added);
    const full = (await (await diff(id)).json()) as { from: number; to: number; compatible: boolean; mode: string; changes: { change: string; path: string; breaking: boolean; consumers: { id: string; name: string; kind: string }[] }[] };
    expect(full).toMatchObject({ from: 1, to: 2, compatible: false, mode: "full" });
    expect(full.changes).toEqual([expect.objectContaining({ change: "field-added", path: "payload.currency", breaking: true })]);
    expect(full.changes[0]!.consumers.length).toBeGreaterThan(0);
    // A required field added breaks backward, not forward (Confluent's rules).
    expect(((await (await diff(id, "?from=1&to=2&mode=forward")).json()) as { compatible: boolean }).compatible).toBe(true);
    expect(((await (await diff(id, "?from=1&to=2&mode=backward")).json()) as { compatible: boolean }).compatible).toBe(false);
    // The reverse direction: removing a required field breaks forward.
    expect(((await (await diff(id, "?from=2&to=1&mode=forward")).json()) as { compatible: boolean }).compatible).toBe(false);
  });

  it("checks a transitive mode against every earlier revision", async () => {
    const field = (type: "string" | "integer", required: boolean) => (b: Board) =>
      withEvent(b, (e) => ({ ...e, payload: [...e.payload.filter((f) => f.name !== "ref"), { name: "ref", type, ...(required ? {} : { required: false }) }] }));
    const v1 = field("string", true)(orderFlowTemplate());
    const id = await create(v1);
    await save(id, 1, withEvent(v1, (e) => ({ ...e, payload: e.payload.filter((f) => f.name !== "ref") })));
    await save(id, 2, field("integer", false)(v1));
    expect(((await (await diff(id, "?mode=backward")).json()) as { compatible: boolean }).compatible).toBe(true);
    const transitive = (await (await diff(id, "?mode=backward-transitive")).json()) as { compatible: boolean; changes: { change: string; against?: number }[] };
    expect(transitive.compatible).toBe(false);
    expect(transitive.changes.filter((c) => c.against !== undefined)).toEqual([expect.objectContaining({ change: "field-retyped", against: 1 })]);
  });

  it("answers 404 for an unknown board or revision and 400 for bad parameters, changing nothing", async () => {
    const id = await create();
    const missing = await revisionRoute.GET(req("GET"), ctx({ id, rev: "7" }));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "revision_not_found", message: "The board has no revision 7 (kept: 1 to 1)." });
    expect((await list("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await diff(id, "?from=9")).status).toBe(404);
    expect((await restoreRoute.POST(req("POST", undefined, {}), ctx({ id, rev: "5" }))).status).toBe(404);
    for (const rev of ["0", "abc", "-1", "1.5", "99999999999"]) {
      const bad = await revisionRoute.GET(req("GET"), ctx({ id, rev }));
      expect([rev, bad.status]).toEqual([rev, 400]);
      expect(((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe("rev");
    }
    const mode = await diff(id, "?mode=sideways");
    expect(mode.status).toBe(400);
    expect(((await mode.json()) as { error: { message: string; issues: { path: string }[] } }).error).toMatchObject({ message: expect.stringContaining("full-transitive"), issues: [{ path: "mode" }] });
    expect((await list(id, "?limit=0")).status).toBe(400);
    expect((await list(id, "?limit=501")).status).toBe(400);
    expect((await list(id, "?before=x")).status).toBe(400);
    for (const body of [{ revision: "1" }, { revision: 1, extra: true }, []]) {
      const bad = await restoreRoute.POST(req("POST", undefined, body), ctx({ id, rev: "1" }));
      expect([JSON.stringify(body), bad.status]).toEqual([JSON.stringify(body), 400]);
    }
    const after = (await (await item.GET(req("GET"), ctx({ id }))).json()) as { revision: number };
    expect(after.revision).toBe(1);
  });

  it("keeps only the configured number of revisions per board", async () => {
    const services = getServices();
    const boards = new BoardStore(services.prisma, undefined, 2);
    setServices({ ...services, boards, history: new BoardHistory(services.prisma, boards) });
    try {
      const v1 = orderFlowTemplate();
      const id = await create(v1);
      for (let r = 1; r <= 4; r++) await save(id, r, { ...v1, name: `Name ${r}` });
      const page = (await (await list(id)).json()) as { revisions: { revision: number }[] };
      expect(page.revisions.map((r) => r.revision)).toEqual([5, 4]);
      const gone = await revisionRoute.GET(req("GET"), ctx({ id, rev: "3" }));
      expect(((await gone.json()) as { error: { message: string } }).error.message).toBe(
        "The board has no revision 3 (kept: 4 to 5; older revisions are removed as new ones are saved (STORMFLOW_REVISIONS_KEEP)).",
      );
    } finally {
      setServices(services);
    }
  });
});
