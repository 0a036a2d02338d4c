import { z } from "zod";
import type { Board } from "../model/schema";
import { SimError, isSimError } from "../sim/errors";
import type { StoredEvent, StreamInfo } from "../sim/ports/eventStore";
import type { DeadLetter, RunCounters, RunGraph, RunStatus, RunSummary, Scenario } from "../sim/ports/records";
import type { TraceItem } from "../sim/ports/trace";
import { prepareScenario, runRequestSchema } from "../sim/scenario/scenario";
import type { ReplayReport } from "../sim/run/simulator";
import { revisionSchema } from "./boards";
import { READ_MODELS_PAGE, STREAMS_PAGE, TRACE_PAGE } from "./pages";
import { endpoint, enc, query, record, type ApiIssue } from "./wire";

/**
 * The runs API (`/api/boards/:id/runs`, `/api/runs/…`, `/api/streams…`). Run records, spans,
 * dead letters and stored events are the simulator's own types (`lib/sim/ports`), named here
 * once for both sides; what the API adds around them (envelopes, pages, the start request's
 * revision) is declared here only.
 */

// What the run screens read of the core, through this one door (lint keeps components out of lib/sim).
export type { DeadLetter, FaultMode, FaultSpec, InvariantName, InvariantResult, NodeCounts, RunCounters, RunGraph, RunStatus, RunSummary, Scenario, StepCounts } from "../sim/ports/records";
export { FAULT_MODES } from "../sim/ports/records";
export type { SpanKind, TraceItem } from "../sim/ports/trace";
export type { StoredEvent, StreamInfo } from "../sim/ports/eventStore";
export type { ReplayReport } from "../sim/run/simulator";
export { faultTargets, type FaultTarget, type FaultTargetDetail, type FaultTargetKind } from "../sim/scenario/faultTargets";
export { MAX_CONCURRENCY, MAX_FAULTS, MAX_LATENCY_MS, MAX_RUN_COUNT, MAX_TIME_SCALE, MAX_TRANSIENT, type RunRequest } from "../sim/scenario/scenario";
export { RunGraphFold } from "../sim/trace/graph";
export { READ_MODELS_PAGE, STREAMS_PAGE, TRACE_PAGE, type PageLimits } from "./pages";

/** The statuses after which a run changes no more. */
export const TERMINAL_STATUSES: ReadonlySet<RunStatus> = new Set(["completed", "failed", "stopped", "error"]);

/**
 * `POST /api/boards/:id/runs`: the run request (`lib/sim/scenario/scenario.ts`, which the simulator checks
 * against the board) and, optionally, the board revision it means. With a revision the server runs
 * exactly that one, or answers 409 `board_changed` when the saved board has moved on (an edit
 * landed between the client's save and its start): the live view then maps the run's spans onto
 * the board the client saved, never onto another.
 */
export const startRunBodySchema = runRequestSchema.extend({ revision: revisionSchema.optional() });
export type StartRunBody = z.infer<typeof startRunBodySchema>;

/** Splits a start body into the board revision it names (checked here) and the run request (checked by the simulator against the board). */
export function splitStartBody(body: unknown): { revision: number | undefined; request: unknown } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    // Said in the request's terms: the schema's "expected object, received array" at an empty path names nothing the caller sent.
    const got = (JSON.stringify(body) ?? String(body)).slice(0, 40);
    throw new SimError("invalid_scenario", "The run request is not valid", [
      { path: "", message: `the request body must be a JSON object, such as {"count": 10} (got ${got})` },
    ]);
  }
  if (!("revision" in body)) return { revision: undefined, request: body };
  const { revision, ...request } = body as Record<string, unknown>;
  const parsed = revisionSchema.safeParse(revision);
  if (!parsed.success) throw new SimError("invalid_scenario", "The run request is not valid", [{ path: "revision", message: "must be a positive whole number (the board revision to run)" }]);
  return { revision: parsed.data, request };
}

/**
 * Checks a run request against a board exactly as the server will (the same schema, ranges,
 * command and fault targets, and messages), so the Run form shows the server's findings before
 * it sends anything. No issues: the server would accept it for this board.
 *
 * The server stops at the first shape problem (a count that is not a number); a form wants every
 * problem at once, so the fields with a shape problem are set aside and the rest is checked again,
 * still by the server's own code.
 */
export function checkRunRequest(board: Board, request: Record<string, unknown>): ApiIssue[] {
  const first = prepareIssues(board, request);
  const shape = runRequestSchema.safeParse(request);
  if (shape.success) return first;
  const bad = new Set(first.map((issue) => issue.path));
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) if (key !== "faults" && !bad.has(key)) rest[key] = value;
  if (bad.has("count")) rest.count = 1;
  // Faults that are well formed keep their place: a later check's `faults[j]` is the form's `faults[kept[j]]`.
  const faults = Array.isArray(request.faults) ? request.faults : [];
  const kept = faults.flatMap((_, i) => ([...bad].some((path) => path.startsWith(`faults[${i}]`)) ? [] : [i]));
  if (kept.length) rest.faults = kept.map((i) => faults[i]);
  const more = prepareIssues(board, rest).map((issue) => ({
    ...issue,
    path: issue.path.replace(/^faults\[(\d+)\]/, (_, j: string) => `faults[${kept[Number(j)]}]`),
  }));
  return [...first, ...more.filter((issue) => !bad.has(issue.path))];
}

function prepareIssues(board: Board, request: unknown): ApiIssue[] {
  try {
    prepareScenario(board, request, { seed: "check" });
    return [];
  } catch (err) {
    if (isSimError(err)) return err.issues.map((issue) => ({ path: issue.path, message: issue.message }));
    throw err;
  }
}

/** A run as the API shows it: the record without the board snapshot, with live counters while it runs. */
export const runInfoSchema = z.object({
  runId: z.string(),
  boardId: z.string().nullable(),
  boardName: z.string(),
  status: z.custom<RunStatus>((value) => typeof value === "string"),
  scenario: record<Scenario>(),
  counters: record<RunCounters>(),
  /** The summary once the run ended, without its graph (that is `graph`). */
  summary: record<Omit<RunSummary, "graph">>().nullable(),
  /**
   * The run drawn on its board: per sticky `{received, handled, failed, retried, deadLettered}`,
   * per edge `{messages}` (see lib/sim/trace/graph.ts). Live while the run goes on the server that
   * drives it; the summary's once it ended; null for a run interrupted elsewhere.
   */
  graph: record<RunGraph>().nullable(),
  /** Why a run ended in `error`. */
  error: z.string().nullable(),
  /** ISO-8601. */
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const tracePageSchema = z.object({
  items: z.array(record<TraceItem>()),
  /** Pass as `after` to read on: the last seq returned, or `after` when nothing came (kept for live polling). */
  nextAfter: z.number(),
  /** As on every paged list: the `after` of the next page, or null when this one reached the end (for now). */
  next: z.number().nullable(),
});
export type TracePage = z.infer<typeof tracePageSchema>;

/** One read-model row as the API shows it (its per-field versions stay on the server). */
export const readModelRowSchema = z.object({ readModel: z.string(), rowId: z.string(), data: z.record(z.string(), z.unknown()), eventCount: z.number() });
export type ReadModelRowView = z.infer<typeof readModelRowSchema>;

/** `next`: the `after` of the next page (an opaque cursor), or null when this page reached the end. */
export const readModelsPageSchema = z.object({ rows: z.array(readModelRowSchema), next: z.string().nullable() });
export type ReadModelsPage = z.infer<typeof readModelsPageSchema>;

/** `next`: the `after` of the next page (the last stream id), or null when this page reached the end. */
export const streamsPageSchema = z.object({ streams: z.array(record<StreamInfo>()), next: z.string().nullable() });
export type StreamsPage = z.infer<typeof streamsPageSchema>;

const runUrl = (runId: string) => `/api/runs/${enc(runId)}`;
type PageArgs<After> = { runId: string; after?: After | null; limit?: number };

export const runsApi = {
  /** 202 `{runId}`: the board as saved (at `revision`, when given) is checked and runs in the background; bad input is 400 with issues. */
  start: endpoint({
    method: "POST",
    url: (a: { boardId: string }) => `/api/boards/${enc(a.boardId)}/runs`,
    body: startRunBodySchema,
    response: z.object({ runId: z.string() }),
    status: 202,
  }),
  /** The board's runs, newest first (at most 100; their graphs are left out). */
  history: endpoint({ method: "GET", url: (a: { boardId: string }) => `/api/boards/${enc(a.boardId)}/runs`, response: z.object({ runs: z.array(runInfoSchema) }) }),
  get: endpoint({ method: "GET", url: (a: { runId: string }) => runUrl(a.runId), response: runInfoSchema }),
  /** 202: no more entry commands; what is in flight finishes and the run ends `stopped`. 409 `run_elsewhere` when another server drives it. */
  stop: endpoint({
    method: "POST",
    url: (a: { runId: string }) => `${runUrl(a.runId)}/stop`,
    response: z.object({ runId: z.string(), status: runInfoSchema.shape.status }),
    status: 202,
  }),
  /** Spans with seq > after, in seq order. */
  trace: endpoint({
    method: "GET",
    url: (a: PageArgs<number>) => `${runUrl(a.runId)}/trace${query({ after: a.after ?? 0, limit: a.limit ?? TRACE_PAGE.default })}`,
    response: tracePageSchema,
  }),
  deadLetters: endpoint({ method: "GET", url: (a: { runId: string }) => `${runUrl(a.runId)}/dlq`, response: z.object({ deadLetters: z.array(record<DeadLetter>()) }) }),
  /** The message, with its id, delivered again to each group that gave up on it; 409 when a replay of it is under way. */
  replay: endpoint({
    method: "POST",
    url: (a: { runId: string; messageId: string }) => `${runUrl(a.runId)}/dlq/${enc(a.messageId)}/replay`,
    response: record<ReplayReport>(),
  }),
  /** A page of the run's read-model rows, by read model then row id. */
  readModels: endpoint({
    method: "GET",
    url: (a: PageArgs<string>) => `${runUrl(a.runId)}/read-models${query({ limit: a.limit ?? READ_MODELS_PAGE.default, after: a.after })}`,
    response: readModelsPageSchema,
  }),
  /** A page of the run's streams, by id in byte order. */
  streams: endpoint({
    method: "GET",
    url: (a: PageArgs<string>) => `/api/streams${query({ runId: a.runId, limit: a.limit ?? STREAMS_PAGE.default, after: a.after })}`,
    response: streamsPageSchema,
  }),
  /** The real brokers a run may name (`broker`), beside the in-process one (STORMFLOW_BROKERS, without passwords). */
  brokers: endpoint({ method: "GET", url: () => "/api/brokers", response: z.object({ brokers: z.array(z.object({ id: z.string(), kind: z.string() })) }) }),
  /** A stream's events in version order (404 for an unknown stream). */
  streamEvents: endpoint({
    method: "GET",
    url: (a: { streamId: string }) => `/api/streams/${enc(a.streamId)}/events`,
    response: z.object({ streamId: z.string(), events: z.array(record<StoredEvent>()) }),
  }),
};
