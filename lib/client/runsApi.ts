import { runsApi as runs, type ReadModelRowView, type RunInfo, type StartRunBody, type StreamInfo } from "../contracts/runs";
import { ApiError, send } from "./http";
import type { Page } from "./readPages";

export { ApiError, type Page };
export type { ApiIssue } from "../contracts/wire";
export type { DeadLetter, ReadModelRowView, ReplayReport, RunInfo, StartRunBody, StoredEvent, StreamInfo, TraceItem, TracePage } from "../contracts/runs";

/** One run of a board's history (`GET /api/boards/:id/runs`, newest first, at most 100): the same view as a run's. */
export type RunHistoryEntry = RunInfo;

/** The runs API (`lib/contracts/runs.ts`), typed by its contract: the only place the run panels talk HTTP. */
export const runsApi = {
  /** Starts a run of the board as saved on the server (at `revision`, when given); 400 with `issues` by request path on bad input. */
  start: (boardId: string, body: StartRunBody) => send(runs.start, { boardId }, body),
  /** The board's runs, newest first. */
  history: async (boardId: string) => (await send(runs.history, { boardId })).runs,
  get: (runId: string) => send(runs.get, { runId }),
  /** Issues no more entry commands; what is in flight finishes and the run ends `stopped`. 409 when another server drives it. */
  stop: (runId: string) => send(runs.stop, { runId }),
  trace: (runId: string, after = 0, limit = 1000) => send(runs.trace, { runId, after, limit }),
  deadLetters: async (runId: string) => (await send(runs.deadLetters, { runId })).deadLetters,
  replay: (runId: string, messageId: string) => send(runs.replay, { runId, messageId }),
  /** A page of the run's read-model rows, by read model then row id; `after` is the previous page's `next`. */
  readModelsPage: async (runId: string, after: string | null = null, limit?: number): Promise<Page<ReadModelRowView>> => {
    const page = await send(runs.readModels, { runId, after, limit });
    return { items: page.rows, next: page.next };
  },
  /** A page of the run's streams, by id; `after` is the previous page's `next`. */
  streamsPage: async (runId: string, after: string | null = null, limit?: number): Promise<Page<StreamInfo>> => {
    const page = await send(runs.streams, { runId, after, limit });
    return { items: page.streams, next: page.next };
  },
  /** The real brokers a run may use (none: in process only). */
  brokers: async () => (await send(runs.brokers, {})).brokers,
  streamEvents: async (streamId: string) => (await send(runs.streamEvents, { streamId })).events,
};
