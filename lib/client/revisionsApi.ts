import { revisionsApi as revisions, type RevisionDiff, type RevisionInfo } from "../contracts/boards";
import type { CompatMode } from "../model/compatModes";
import { ApiError, send } from "./http";

export { ApiError, type RevisionDiff, type RevisionInfo };

/** The board history API (`lib/contracts/boards.ts` `revisionsApi`), typed by its contract: the only place the History panel talks HTTP. */
export const revisionsApi = {
  /** A page of revisions, newest first, older than `before` (all when undefined); `next` is the `before` of the next older page. */
  list: (boardId: string, before?: number, limit?: number) => send(revisions.list, { id: boardId, before, limit }),
  /** One kept revision with its board (404 `revision_not_found` when it is not kept). */
  get: (boardId: string, revision: number) => send(revisions.get, { id: boardId, revision }),
  /** Saves `revision`'s board as the next revision; `onScreen` is the current revision the caller knows (409 `conflict` when stale). */
  restore: (boardId: string, revision: number, onScreen?: number) => send(revisions.restore, { id: boardId, revision }, { revision: onScreen }),
  /** The compatibility diff from revision `from` to `to` under `mode`. */
  diff: (boardId: string, from: number, to: number, mode: CompatMode) => send(revisions.diff, { id: boardId, from, to, mode }),
};
