import type { Board } from "../model";
import { SimError, isSimError } from "../sim/errors";
import type { StoredEvent } from "../sim/ports/eventStore";
import type { DeadLetter, RunCounters, RunGraph, RunRecord, RunStatus, RunSummary } from "../sim/ports/records";
import type { ReplayReport, RunEvent } from "../sim/run/simulator";
import { READ_MODELS_PAGE, STREAMS_PAGE } from "../contracts/pages";
import type { ReadModelRowView, ReadModelsPage, RunInfo, StreamsPage, TracePage } from "../contracts/runs";
import { encodeRowCursor } from "./rowCursor";
import type { Runtime } from "./runtime";
import type { ReadModelKey } from "../sim/ports/runtimeStore";

export type { ReadModelRowView, ReadModelsPage, RunInfo, StreamsPage, TracePage };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the API and the live view need from the runtime, in one object the server wires once
 * (lib/services/registry): start a run of a board in the background, read a run, its trace,
 * dead letters, read models and streams, replay a dead letter, stop a run, watch it.
 * Refusals are SimErrors (`not_found` → 404, the others → 400).
 */
export class RunService {
  constructor(private readonly runtime: Runtime) {}

  /** Checks the request against the board and starts the run; nothing is stored when it is refused. */
  async start(board: Board, request: unknown, boardId: string | null): Promise<{ runId: string }> {
    const handle = await this.runtime.simulator.start(board, request, { boardId });
    return { runId: handle.runId };
  }

  async get(runId: string): Promise<RunInfo> {
    const record = await this.record(runId);
    const live = record.status === "running" ? this.runtime.simulator.active(runId) : undefined;
    return view(record, live ? live.counters() : record.counters, live ? live.graph() : (record.summary?.graph ?? null));
  }

  /** A board's runs, newest first (at most 100). */
  async history(boardId: string): Promise<RunInfo[]> {
    if (!UUID.test(boardId)) return [];
    // The history lists runs; a run's graph is for GET /api/runs/:id.
    return (await this.runtime.reads.listRuns({ boardId, limit: 100 })).map((r) => view(r, r.counters, null));
  }

  async trace(runId: string, after: number, limit: number): Promise<TracePage> {
    await this.record(runId);
    // One more than asked tells whether another page follows without a second query.
    const read = await this.runtime.reads.readSpans(runId, after, limit + 1);
    const items = read.slice(0, limit);
    const nextAfter = items.at(-1)?.seq ?? after;
    return { items, nextAfter, next: read.length > limit ? nextAfter : null };
  }

  async deadLetters(runId: string): Promise<DeadLetter[]> {
    await this.record(runId);
    return this.runtime.reads.listDeadLetters(runId);
  }

  async replay(runId: string, messageId: string): Promise<ReplayReport> {
    if (!UUID.test(runId)) throw notFound(runId);
    if (!UUID.test(messageId)) throw new SimError("not_found", `Run ${runId} has no dead letter for message "${messageId.slice(0, 80)}"`);
    // Through the read store first: with the database away the request fails at once (503)
    // instead of waiting with the simulator's patient writes.
    await this.record(runId);
    return this.runtime.simulator.replayDeadLetter(runId, messageId);
  }

  /**
   * Issues no more entry commands; the run ends `stopped` once what is in flight is done. A run
   * that was interrupted (its server died) is taken over here first and then stopped, so it ends
   * `stopped` with its invariants checked like any other; one that another live server drives is
   * refused (`run_elsewhere`: stop it there).
   */
  async stop(runId: string): Promise<{ runId: string; status: RunStatus }> {
    const record = await this.record(runId);
    if (record.status !== "running") return { runId, status: record.status };
    const live = this.runtime.simulator.active(runId) ?? (await this.runtime.simulator.takeOver(runId));
    if (!live) throw new SimError("run_elsewhere", `Run ${runId} is being driven by another Stormflow server; stop it there`);
    live.stop();
    return { runId, status: live.status() };
  }

  /**
   * Stops every run of a board that is still going: a deleted board's runs would go on out of
   * sight, each holding one of the server's run slots. Runs another live server drives are left
   * to it. Returns how many were asked to stop.
   */
  async stopRunsOf(boardId: string): Promise<number> {
    if (!UUID.test(boardId)) return 0;
    const going = (await this.runtime.reads.listRuns({ boardId, limit: 100 })).filter((r) => r.status === "running");
    let stopped = 0;
    for (const run of going) {
      try {
        await this.stop(run.runId);
        stopped++;
      } catch (err) {
        if (!(isSimError(err) && err.code === "run_elsewhere")) throw err;
      }
    }
    return stopped;
  }

  /** A page of the run's read-model rows, by read model then row id; `after` is the previous page's `next`. */
  async readModels(runId: string, after: ReadModelKey | null = null, limit: number = READ_MODELS_PAGE.default): Promise<ReadModelsPage> {
    await this.record(runId);
    const read = await this.runtime.reads.readModelPage(runId, after, limit + 1);
    const rows = read.slice(0, limit).map((r) => ({ readModel: r.readModel, rowId: r.rowId, data: { ...r.data }, eventCount: r.eventCount }));
    const last = rows.at(-1);
    return { rows, next: read.length > limit && last ? encodeRowCursor(last) : null };
  }

  /** A page of the run's streams, by id in byte order; `after` is the previous page's `next` (a stream id). */
  async streams(runId: string, after: string | null = null, limit: number = STREAMS_PAGE.default): Promise<StreamsPage> {
    await this.record(runId);
    const read = await this.runtime.reads.events.listStreams({ runId, after: after ?? undefined, limit: limit + 1 });
    const streams = read.slice(0, limit);
    return { streams, next: read.length > limit ? (streams.at(-1)?.streamId ?? null) : null };
  }

  async streamEvents(streamId: string): Promise<StoredEvent[]> {
    const events = await this.runtime.reads.events.readStream(streamId);
    if (events.length === 0) throw new SimError("not_found", `No stream with id "${streamId.slice(0, 200)}"`);
    return events;
  }

  /**
   * The run's status as the live feed sends it: live counters while this server drives it, the
   * stored ones otherwise; null when there is no such run (an id that is not a UUID included).
   */
  async liveStatus(runId: string): Promise<{ runId: string; status: RunStatus; counters: RunCounters; summary: RunSummary | null } | null> {
    const record = UUID.test(runId) ? await this.runtime.reads.getRun(runId) : null;
    if (!record) return null;
    const live = this.runtime.simulator.active(runId);
    return live
      ? { runId, status: live.status(), counters: live.counters(), summary: record.summary }
      : { runId, status: record.status, counters: record.counters, summary: record.summary };
  }

  /** Stored spans with seq > `after`, in seq order, at most `limit`: the live feed's read (it asked for the status first). */
  spans(runId: string, after: number, limit: number) {
    return this.runtime.reads.readSpans(runId, after, limit);
  }

  /** Follows a run this server drives: stored spans and status as they come; null when it is not running here. */
  watch(runId: string, listener: (event: RunEvent) => void): (() => void) | null {
    return this.runtime.simulator.active(runId)?.watch(listener) ?? null;
  }

  /** Takes over runs whose server is gone (or hung, or that this one lost track of): at start-up, then now and then. */
  resumeInterrupted(): Promise<string[]> {
    return this.runtime.simulator.resumeStale();
  }

  private async record(runId: string): Promise<RunRecord> {
    const record = UUID.test(runId) ? await this.runtime.reads.getRun(runId) : null;
    if (!record) throw notFound(runId);
    return record;
  }
}

function notFound(runId: string): SimError {
  return new SimError("not_found", `No run with id "${runId.slice(0, 80)}"`);
}

function view(record: RunRecord, counters: RunCounters, graph: RunGraph | null): RunInfo {
  // The summary's copy of the graph is `graph`: sent once.
  const summary = record.summary ? withoutGraph(record.summary) : null;
  return {
    runId: record.runId,
    boardId: record.boardId,
    boardName: record.boardName,
    status: record.status,
    scenario: record.scenario,
    counters,
    summary,
    graph,
    error: record.error,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}

function withoutGraph(summary: RunSummary): Omit<RunSummary, "graph"> {
  const { graph: _omitted, ...rest } = summary;
  return rest;
}
