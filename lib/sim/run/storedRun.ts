import { parseBoard } from "../../model";
import type { RunRecord } from "../ports/records";
import type { RuntimeStore } from "../ports/runtimeStore";
import { normalizeScenario } from "../scenario/scenario";
import { buildTopology, type Topology } from "../topology";
import type { TraceItem } from "../ports/trace";

/*
 * Reading a run back from the store, as a resume, a takeover or a replay on a finished run does:
 * its record as this version runs it, and its stored spans folded into a run graph.
 */

/**
 * A stored run as this version runs it: its board migrated to the current schema (a run stored
 * before v2 holds a v1 board) and its scenario normalised.
 */
export function loadStoredRun(record: RunRecord): { record: RunRecord; topology: Topology } {
  const board = parseBoard(record.board);
  const topology = buildTopology(board);
  return { record: { ...record, board, scenario: normalizeScenario(record.scenario, topology) }, topology };
}

/** Folds every span the run has stored, in seq order, into `fold` (a RunGraphFold, ResumePoints…). */
export async function foldStoredSpans(store: RuntimeStore, runId: string, fold: { apply(spans: Iterable<TraceItem>): void }): Promise<void> {
  for (let after = 0; ; ) {
    const page = await store.readSpans(runId, after, 5_000);
    if (page.length === 0) return;
    fold.apply(page);
    after = page.at(-1)!.seq;
  }
}
