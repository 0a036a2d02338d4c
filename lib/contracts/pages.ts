/**
 * Page sizes of the run API's lists, in one place: the routes validate `limit` against them and
 * the UI asks for pages of the default size. Pure constants, so client code may import them.
 *
 * Every paged list answers `{<list>, next}`: `next` is the cursor to pass as `after` for the
 * following page, or null when this page reached the end (as stored now: a running run grows).
 */
export interface PageLimits {
  /** The page size when the request gives no `limit`. */
  readonly default: number;
  /** The largest `limit` accepted (400 above it). */
  readonly max: number;
}

/** `GET /api/runs/:id/trace` (spans, by seq). */
export const TRACE_PAGE: PageLimits = { default: 500, max: 5_000 };
/** `GET /api/streams?runId=` (a run's streams, by id in byte order). */
export const STREAMS_PAGE: PageLimits = { default: 200, max: 2_000 };
/** `GET /api/runs/:id/read-models` (rows, by read model then row id, in byte order). */
export const READ_MODELS_PAGE: PageLimits = { default: 200, max: 2_000 };

/** The page query parameters' names, as the routes read them and the client writes them. */
export const PAGE_PARAMS = { after: "after", limit: "limit" } as const;
/** `GET /api/boards/:id/revisions` (saved revisions, newest first; the cursor is `before`, a revision). */
export const REVISIONS_PAGE: PageLimits = { default: 50, max: 500 };
