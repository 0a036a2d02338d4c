import { ApiError, type boardsApi, type StoredBoard } from "@/lib/client/apiClient";
import { isModelError } from "@/lib/model/errors";
import { LIMITS } from "@/lib/model/limits";
import { parseBoardText } from "@/lib/model/parse";
import type { Board } from "@/lib/model/schema";
import type { Problem } from "./IssueList";
import { problemOf } from "./boardListState";
import { homeStrings, type HomeStrings } from "./strings";

/*
 * What the home page asks of the boards API beyond one call (`boardsApi` in lib/client stays the
 * only place that speaks HTTP): saving over a stored board with one retry, duplicating, and
 * reading an imported file before it is sent. The API is a parameter, so these are unit-tested
 * against a fake.
 */

/** The part of `boardsApi` the board list uses. */
export type BoardsApi = Pick<typeof boardsApi, "list" | "create" | "get" | "save" | "remove">;

/** Saves `update(board)` over the stored board; retries once if someone saved in between (409). */
export async function updateStored(api: BoardsApi, id: string, update: (board: Board) => Board): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const stored = await api.get(id);
    try {
      await api.save(id, stored.revision, update(stored.board));
      return;
    } catch (error) {
      if (attempt === 0 && error instanceof ApiError && error.status === 409) continue;
      throw error;
    }
  }
}

/** The name of a copy: "Copy of <name>", cut to the name limit. */
export function copyName(name: string, S: HomeStrings = homeStrings): string {
  return S.copyOf(name).slice(0, LIMITS.nameLength).trimEnd();
}

/** Stores a copy of board `id` (named by {@link copyName}) and returns the new board. */
export async function duplicateBoard(api: BoardsApi, id: string, S: HomeStrings = homeStrings): Promise<StoredBoard> {
  const stored = await api.get(id);
  return api.create({ ...stored.board, name: copyName(stored.board.name, S) });
}

/**
 * The board in a file chosen for import, or the problem to show: a file over the size limit is
 * refused before it is read; a board that breaks the format has each issue located.
 */
export async function readImport(file: Pick<File, "name" | "size" | "text">, S: HomeStrings = homeStrings): Promise<{ board: Board } | { problem: Problem }> {
  const title = S.importFailed(file.name);
  if (file.size > LIMITS.textLength) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return { problem: { title, summary: S.importTooLarge(mb(file.size), mb(LIMITS.textLength)), issues: [] } };
  }
  try {
    return { board: parseBoardText(await file.text()) };
  } catch (error) {
    return { problem: isModelError(error) ? problemOf(title, error) : { title, summary: S.importUnreadable, issues: [] } };
  }
}
