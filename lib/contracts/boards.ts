import { z } from "zod";
import type { BoardDiff, ContractChange } from "../model/diffBoards";
import { COMPAT_MODES } from "../model/compatModes";
import type { RevisionSummary } from "../model/revisionSummary";
import type { Board } from "../model/schema";
import { endpoint, enc, query, record } from "./wire";

/**
 * The boards API (`/api/boards`). A board document itself is checked by `lib/model`'s
 * `parseBoard` on the server (it knows v1 and v2 and names each problem's path); here it is
 * the model's `Board` type.
 */

/** The largest revision the `revision INTEGER` column holds: a larger one was never loaded. */
export const MAX_REVISION = 2_147_483_647;

/** A saved board's revision: what a save, and a run, name to say which version they mean. */
export const revisionSchema = z
  .number({ error: "must be a positive whole number" })
  .int({ error: "must be a positive whole number" })
  .min(1, { error: "must be a positive whole number" })
  .max(MAX_REVISION, { error: "must be a positive whole number" });

export const boardSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  revision: z.number(),
  /** ISO-8601. */
  updatedAt: z.string(),
  nodeCount: z.number(),
});
export type BoardSummary = z.infer<typeof boardSummarySchema>;

export const storedBoardSchema = z.object({ id: z.string(), revision: z.number(), board: record<Board>() });
export type StoredBoard = z.infer<typeof storedBoardSchema>;

/**
 * `PUT /api/boards/:id`'s body. Strict: an unknown key is refused rather than dropped (a typo
 * such as `"revison"` would otherwise be lost and the save refused for another reason).
 * `revision` and `board` are checked by the store, which names each problem.
 */
export const saveBoardBodySchema = z.strictObject({ revision: z.unknown().optional(), board: z.unknown() });

export const boardsApi = {
  /** Every board, most recently edited first. */
  list: endpoint({ method: "GET", url: () => "/api/boards", response: z.array(boardSummarySchema) }),
  /** A board document (v1 or v2) → the stored board. */
  create: endpoint({ method: "POST", url: () => "/api/boards", body: record<Board>(), response: storedBoardSchema, status: 201 }),
  get: endpoint({ method: "GET", url: (a: { id: string }) => `/api/boards/${enc(a.id)}`, response: storedBoardSchema }),
  /** Saves over `revision`; a stale revision is 409 `conflict`. */
  save: endpoint({
    method: "PUT",
    url: (a: { id: string }) => `/api/boards/${enc(a.id)}`,
    body: z.object({ revision: z.number(), board: record<Board>() }),
    response: z.object({ revision: z.number() }),
  }),
  /** 204; the board's runs that are still going are stopped. */
  remove: endpoint({ method: "DELETE", url: (a: { id: string }) => `/api/boards/${enc(a.id)}`, response: z.undefined(), status: 204 }),
};

/** One saved revision in a board's history: when, by whom (co-editing names), and what it changed. */
export const revisionInfoSchema = z.object({
  revision: z.number(),
  /** ISO-8601. */
  savedAt: z.string(),
  authors: z.array(z.string()),
  summary: record<RevisionSummary>(),
});
export type RevisionInfo = z.infer<typeof revisionInfoSchema>;

export const revisionPageSchema = z.object({ revisions: z.array(revisionInfoSchema), next: z.number().nullable() });

export const storedRevisionSchema = revisionInfoSchema.extend({ id: z.string(), board: record<Board>() });

/** `POST /api/boards/:id/revisions/:rev/restore`'s body: the revision the caller has on screen, if it knows it (409 when stale). */
export const restoreBodySchema = z.strictObject({ revision: revisionSchema.optional() });

/** A compatibility diff between two revisions (lib/model/diffBoards.ts): `BoardDiff` plus the revisions compared. */
export const revisionDiffSchema = z.object({
  from: z.number(),
  to: z.number(),
  compatible: z.boolean(),
  mode: z.enum(COMPAT_MODES),
  changes: z.array(record<ContractChange>()),
});
export type RevisionDiff = z.infer<typeof revisionDiffSchema> & BoardDiff;

export const revisionsApi = {
  /** Newest first; `next` is the `before` of the following (older) page. */
  list: endpoint({
    method: "GET",
    url: (a: { id: string; before?: number; limit?: number }) => `/api/boards/${enc(a.id)}/revisions${query({ before: a.before, limit: a.limit })}`,
    response: revisionPageSchema,
  }),
  get: endpoint({ method: "GET", url: (a: { id: string; revision: number }) => `/api/boards/${enc(a.id)}/revisions/${a.revision}`, response: storedRevisionSchema }),
  /** Saves the old revision's board as the next revision. */
  restore: endpoint({
    method: "POST",
    url: (a: { id: string; revision: number }) => `/api/boards/${enc(a.id)}/revisions/${a.revision}/restore`,
    body: restoreBodySchema,
    response: z.object({ revision: z.number(), restored: z.number() }),
  }),
  diff: endpoint({
    method: "GET",
    url: (a: { id: string; from?: number; to?: number; mode?: string }) => `/api/boards/${enc(a.id)}/diff${query({ from: a.from, to: a.to, mode: a.mode })}`,
    response: revisionDiffSchema,
  }),
};
