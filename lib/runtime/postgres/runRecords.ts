import type pg from "pg";
import type { RunPatch, RunRecord } from "../../sim/ports/records";
import type { RuntimeStore } from "../../sim/ports/runtimeStore";

/*
 * Run records on PostgreSQL (`sim_runs`): created, patched, read and listed, and who drives each
 * one: the owner stamped on the runs this store starts or claims, the heartbeat, and which
 * running runs another instance may resume (see the run_owners migration).
 */

type RunRecords = Pick<RuntimeStore<pg.PoolClient>, "createRun" | "updateRun" | "getRun" | "listRuns" | "resumableRuns" | "claimRun" | "beat">;

/** The run records, written for `owner` (the server instance; null: runs are judged by their heartbeat). */
export function createRunRecords(pool: pg.Pool, owner: string | null): RunRecords {
  return {
    async createRun(run) {
      await pool.query(
        `INSERT INTO sim_runs (id, board_id, board_name, board, scenario, status, counters, summary, error, created_at, finished_at, heartbeat_at, owner_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [run.runId, run.boardId, run.boardName, JSON.stringify(run.board), JSON.stringify(run.scenario), run.status, JSON.stringify(run.counters),
          run.summary === null ? null : JSON.stringify(run.summary), run.error, run.createdAt, run.finishedAt, run.heartbeatAt, owner],
      );
    },

    async updateRun(runId, patch) {
      const sets: string[] = [];
      const values: unknown[] = [runId];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length}`);
      };
      const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
      const columns: Record<keyof RunPatch, [string, (v: never) => unknown]> = {
        status: ["status", (v) => v],
        counters: ["counters", json],
        summary: ["summary", json],
        error: ["error", (v) => v],
        finishedAt: ["finished_at", (v) => v],
        heartbeatAt: ["heartbeat_at", (v) => v],
        stopRequestedAt: ["stop_requested_at", (v) => v],
      };
      for (const [key, value] of Object.entries(patch) as [keyof RunPatch, never][]) {
        if (value === undefined) continue;
        const [column, encode] = columns[key];
        set(column, encode(value));
      }
      if (sets.length > 0) await pool.query(`UPDATE sim_runs SET ${sets.join(", ")} WHERE id = $1`, values);
    },

    async getRun(runId) {
      const result = await pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM sim_runs WHERE id = $1`, [runId]);
      const row = result.rows[0];
      return row ? toRun(row) : null;
    },

    async listRuns(filter = {}) {
      const result = await pool.query<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM sim_runs
         WHERE ($1::uuid IS NULL OR board_id = $1::uuid) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
         ORDER BY created_at DESC, id LIMIT $3`,
        [filter.boardId ?? null, filter.statuses ?? null, filter.limit ?? 100],
      );
      return result.rows.map(toRun);
    },

    async resumableRuns(staleBefore) {
      const result = await pool.query<{ id: string }>(
        `SELECT id FROM sim_runs WHERE status = 'running' AND (${RESUMABLE}) ORDER BY created_at LIMIT 100`,
        [owner, staleBefore],
      );
      return result.rows.map((r) => r.id);
    },

    async claimRun(runId, staleBefore, now) {
      // The row lock makes two claims of one run queue up; the second sees the first's owner, alive.
      const result = await pool.query(
        `UPDATE sim_runs SET owner_id = $1, heartbeat_at = $4 WHERE id = $3 AND status = 'running' AND (${RESUMABLE})`,
        [owner, staleBefore, runId, now],
      );
      return result.rowCount === 1;
    },

    async beat(runId, counters, at) {
      const result = await pool.query(
        `UPDATE sim_runs SET counters = $3, heartbeat_at = $4 WHERE id = $1 AND status = 'running' AND owner_id IS NOT DISTINCT FROM $2`,
        [runId, owner, JSON.stringify(counters), at],
      );
      return result.rowCount === 1;
    },
  };
}

/**
 * A running run is resumable by owner $1 when it is $1's own (not driven here: lost track of),
 * its heartbeat is older than $2, or its owner's instance is gone (see the run_owners migration).
 */
const RESUMABLE = `owner_id = $1 OR heartbeat_at < $2 OR (owner_id IS NOT NULL AND NOT sim_instance_alive(owner_id))`;

const RUN_COLUMNS = `id, board_id::text AS board_id, board_name, board, scenario, status, counters, summary, error, created_at, finished_at, heartbeat_at, stop_requested_at`;

interface RunRow {
  id: string;
  board_id: string | null;
  board_name: string;
  board: RunRecord["board"];
  scenario: RunRecord["scenario"];
  status: RunRecord["status"];
  counters: RunRecord["counters"];
  summary: RunRecord["summary"];
  error: string | null;
  created_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
  stop_requested_at: Date | null;
}

function toRun(r: RunRow): RunRecord {
  return {
    runId: r.id,
    boardId: r.board_id,
    boardName: r.board_name,
    board: r.board,
    scenario: r.scenario,
    status: r.status,
    counters: r.counters,
    summary: r.summary,
    error: r.error,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    heartbeatAt: r.heartbeat_at.toISOString(),
    stopRequestedAt: r.stop_requested_at?.toISOString() ?? null,
  };
}
