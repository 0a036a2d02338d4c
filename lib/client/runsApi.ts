import type { StoredEvent, StreamInfo } from "../sim/ports/eventStore";
import type { DeadLetter, FaultSpec, RunCounters, RunGraph, RunStatus, RunSummary, Scenario } from "../sim/ports/records";
import type { TraceItem } from "../sim/ports/trace";
import { READ_MODELS_PAGE, STREAMS_PAGE } from "../runtime/pages";
import { ApiClientError, call, type ApiIssue } from "./apiClient";
import type { Page } from "./readPages";
import type { ReadModelRowView } from "../runtime/runService";

export { ApiClientError, type ApiIssue, type Page };
export type { DeadLetter, FaultSpec, RunCounters, RunGraph, RunStatus, RunSummary, Scenario, StoredEvent, StreamInfo, TraceItem };

/** The body of `POST /api/boards/:id/runs`: only `count` is required. */
export interface RunRequest {
  command?: string;
  count: number;
  concurrency?: number;
  seed?: string;
  faults?: FaultSpec[];
  duplicateRate?: number;
  /** 1 real time, 0 no waiting. */
  timeScale?: number;
}

/** `GET /api/runs/:runId`: the run record without the board snapshot, with live counters while it runs. */
export interface RunInfo {
  runId: string;
  boardId: string | null;
  boardName: string;
  status: RunStatus;
  scenario: Scenario;
  counters: RunCounters;
  /** Once finished (its graph is `graph`). */
  summary: Omit<RunSummary, "graph"> | null;
  /** The run drawn on its board: live while it runs, final once it ended. */
  graph: RunGraph | null;
  /** Why a run ended in `error`. */
  error: string | null;
  /** ISO-8601. */
  createdAt: string;
  finishedAt: string | null;
}

/** One run of a board's history (`GET /api/boards/:id/runs`, newest first, at most 100): the same view. */
export type RunHistoryEntry = RunInfo;

export interface TracePage {
  items: TraceItem[];
  /** Pass as `after` to read on (the last seq returned, or `after` when nothing came). */
  nextAfter: number;
  /** The same, but null when this page reached the end (for now): as on the other paged lists. */
  next?: number | null;
}

/** One read-model row of a run (`GET /api/runs/:runId/read-models`): the server's own type. */
export type { ReadModelRowView };

export interface ReplayResult {
  consumerGroup: string;
  status: "ok" | "error";
  error: string | null;
}

/** `POST /api/runs/:runId/dlq/:messageId/replay`: one result per consumer group that had given up. */
export interface ReplayReport {
  runId: string;
  messageId: string;
  results: ReplayResult[];
}

/**
 * A list answer: the array itself, or the first of `keys` that holds one (`{items: […]}`,
 * `{deadLetters: […]}`), so a route that wraps its list (to page it later) reads the same.
 */
export function listOf<T>(data: unknown, ...keys: string[]): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data && typeof data === "object") {
    for (const key of [...keys, "items"]) {
      const value = (data as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

const enc = encodeURIComponent;
const pageQuery = (after: string | null, limit: number) => `limit=${limit}${after === null ? "" : `&after=${enc(after)}`}`;

/** A paged answer `{<key>: [...], next}` as a {@link Page}. */
function pageOf<T>(data: unknown, key: string): Page<T> {
  const next = data && typeof data === "object" ? (data as { next?: unknown }).next : null;
  return { items: listOf<T>(data, key), next: typeof next === "string" ? next : null };
}
const runUrl = (runId: string) => `/api/runs/${enc(runId)}`;

/** The runtime's API, typed: the only place the run panels talk HTTP. */
export const runsApi = {
  /** Starts a run of the board as saved on the server; 400 with `issues` by request path on bad input. */
  start: (boardId: string, request: RunRequest) => call<{ runId: string }>("POST", `/api/boards/${enc(boardId)}/runs`, request),
  /** The board's runs, newest first. */
  history: async (boardId: string) => listOf<RunHistoryEntry>(await call<unknown>("GET", `/api/boards/${enc(boardId)}/runs`), "runs"),
  get: (runId: string) => call<RunInfo>("GET", runUrl(runId)),
  /** Issues no more entry commands; what is in flight finishes and the run ends `stopped`. 400 when another process drives it. */
  stop: (runId: string) => call<{ runId: string; status: RunStatus }>("POST", `${runUrl(runId)}/stop`),
  trace: (runId: string, after = 0, limit = 1000) => call<TracePage>("GET", `${runUrl(runId)}/trace?after=${after}&limit=${limit}`),
  deadLetters: async (runId: string) => listOf<DeadLetter>(await call<unknown>("GET", `${runUrl(runId)}/dlq`), "deadLetters"),
  replay: (runId: string, messageId: string) => call<ReplayReport>("POST", `${runUrl(runId)}/dlq/${enc(messageId)}/replay`),
  /** A page of the run's read-model rows, by read model then row id; `after` is the previous page's `next`. */
  readModelsPage: async (runId: string, after: string | null = null, limit = READ_MODELS_PAGE.default) =>
    pageOf<ReadModelRowView>(await call<unknown>("GET", `${runUrl(runId)}/read-models?${pageQuery(after, limit)}`), "rows"),
  /** A page of the run's streams, by id; `after` is the previous page's `next`. */
  streamsPage: async (runId: string, after: string | null = null, limit = STREAMS_PAGE.default) =>
    pageOf<StreamInfo>(await call<unknown>("GET", `/api/streams?runId=${enc(runId)}&${pageQuery(after, limit)}`), "streams"),
  streamEvents: async (streamId: string) => listOf<StoredEvent>(await call<unknown>("GET", `/api/streams/${enc(streamId)}/events`), "events"),
};
