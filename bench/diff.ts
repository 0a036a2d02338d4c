/**
 * Schema evolution benchmark (issue 15), two figures each beside a reference measured in the same
 * run:
 *
 * - the compatibility diff (`diffBoards`, full mode) of two 1,000-event boards (bench/generate.ts's
 *   synthetic board, and the same with 100 events changed: fields removed, added, retyped, renamed
 *   events, raised versions), median of 9 after a warm-up; beside it the floor every diff pays
 *   (`analyzeBoard` of both boards) and reading both documents once (`JSON.stringify`);
 * - listing 10,000 saved revisions of one board through the History API's reader
 *   (`BoardHistory.list`, Prisma, pages of 50 and of 500), beside raw `pg` running the same keyset
 *   query, on a throwaway embedded PostgreSQL.
 *
 *   npx tsx bench/diff.ts
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { BoardHistory } from "../lib/boards/boardHistory";
import { BoardStore } from "../lib/boards/boardStore";
import { connectPool } from "../lib/db/database";
import { startEmbedded } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/prisma";
import { analyzeBoard } from "../lib/model/analyze";
import { diffBoards } from "../lib/model/diffBoards";
import { revisionSummary } from "../lib/model/revisionSummary";
import type { Board } from "../lib/model/schema";
import { orderFlowTemplate } from "../lib/model/template";
import { BENCH_SHAPE, syntheticBoard } from "./generate";

const WARMUP = 3;
const RUNS = 9;
const REVISIONS = 10_000;

export interface DiffBenchRow {
  readonly measure: string;
  readonly "median ms": number;
  readonly reference: string;
  readonly "reference ms": number;
  readonly note: string;
}

export async function runDiffBench(): Promise<DiffBenchRow[]> {
  return [...diffRows(), ...(await listRows())];
}

/** The synthetic board with 100 of its events changed in the ways a team changes contracts. */
function changedBoard(board: Board): Board {
  let n = 0;
  return {
    ...board,
    nodes: board.nodes.map((node) => {
      if (node.kind !== "event" || n >= 100) return node;
      const i = n++;
      switch (i % 5) {
        case 0:
          return { ...node, payload: node.payload.slice(1) };
        case 1:
          return { ...node, payload: [...node.payload, { name: "addedField", type: "string" as const }] };
        case 2:
          return { ...node, payload: node.payload.map((f, j) => (j === 0 ? { ...f, type: f.type === "integer" ? ("string" as const) : ("integer" as const) } : f)) };
        case 3:
          return { ...node, name: `${node.name} Renamed` };
        default:
          return { ...node, version: (node.version ?? 1) + 1, payload: [...node.payload, { name: "v2Field", type: "string" as const }] };
      }
    }),
  };
}

function diffRows(): DiffBenchRow[] {
  const before = syntheticBoard(BENCH_SHAPE);
  const after = changedBoard(before);
  let changes = 0;
  const diff = median(time(() => (changes = diffBoards(before, after).changes.length)));
  const analyse = median(time(() => (analyzeBoard(before), analyzeBoard(after))));
  const read = median(time(() => JSON.stringify(before) === JSON.stringify(after)));
  const events = before.nodes.filter((n) => n.kind === "event").length;
  return [
    { measure: `diff of two ${events}-event boards (${changes} changes)`, "median ms": diff, reference: "analyzeBoard × 2 (the floor)", "reference ms": analyse, note: `×${(diff / analyse).toFixed(2)} of the floor` },
    { measure: "", "median ms": diff, reference: "JSON.stringify of both (reading them once)", "reference ms": read, note: `×${(diff / read).toFixed(2)}` },
  ];
}

async function listRows(): Promise<DiffBenchRow[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stormflow-bench-diff-"));
  const server = await startEmbedded({ dataDir, persistent: false, fast: false, mode: "exclusive" });
  const pool = await connectPool(server.url, 4);
  const prisma = createPrisma(pool);
  try {
    await migrate(pool);
    const boards = new BoardStore(prisma, undefined, null);
    const history = new BoardHistory(prisma, boards);
    const board = orderFlowTemplate();
    const { id } = await boards.create(board);
    // 10,000 revisions as a long workshop leaves them (the template, each a save of a moved sticky), inserted in bulk.
    const summary = JSON.stringify(revisionSummary(board, board));
    await pool.query(
      `INSERT INTO board_revisions (board_id, revision, document, summary, authors)
       SELECT $1::uuid, r, $2::jsonb, $3::jsonb, ARRAY['Ana'] FROM generate_series(2, $4) AS r`,
      [id, JSON.stringify(board), summary, REVISIONS],
    );
    await pool.query("ANALYZE board_revisions");
    const rawPage = async (limit: number, before: number | null) =>
      (await pool.query(
        `SELECT revision, saved_at, authors, summary FROM board_revisions WHERE board_id = $1 AND ($2::int IS NULL OR revision < $2) ORDER BY revision DESC LIMIT $3`,
        [id, before, limit + 1],
      )).rows.length;
    const oursAll = async (limit: number) => {
      let before: number | undefined;
      let count = 0;
      do {
        const page = await history.list(id, { before, limit });
        count += page.revisions.length;
        before = page.next ?? undefined;
      } while (before !== undefined);
      return count;
    };
    const rawAll = async (limit: number) => {
      let before: number | null = REVISIONS + 1;
      let count = 0;
      while (before !== null && before > 1) {
        const got = await rawPage(limit, before);
        count += Math.min(got, limit);
        before = got > limit ? before - limit : null;
      }
      return count;
    };
    const rows: DiffBenchRow[] = [];
    const first = await timeAsync(() => history.list(id, { limit: 50 }));
    const firstRaw = await timeAsync(() => rawPage(50, null));
    rows.push({ measure: "first page of 50 (of 10,000 revisions)", "median ms": first, reference: "raw pg, same keyset query", "reference ms": firstRaw, note: `×${(first / firstRaw).toFixed(2)}` });
    for (const limit of [50, 500]) {
      let listed = 0;
      const ours = await timeAsync(async () => (listed = await oursAll(limit)), 1, 3);
      const raw = await timeAsync(() => rawAll(limit), 1, 3);
      rows.push({ measure: `all ${listed.toLocaleString("en")} revisions, pages of ${limit}`, "median ms": ours, reference: "raw pg, same pages", "reference ms": raw, note: `×${(ours / raw).toFixed(2)}` });
    }
    return rows;
  } finally {
    await prisma.$disconnect();
    await pool.end();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function time(run: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) run();
  return Array.from({ length: RUNS }, () => {
    const start = performance.now();
    run();
    return performance.now() - start;
  });
}

async function timeAsync(run: () => Promise<unknown>, warmup = WARMUP, runs = RUNS): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]! * 100) / 100;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await runDiffBench());
}
