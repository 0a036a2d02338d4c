import { boardsApi as boards, type BoardSummary, type StoredBoard } from "../contracts/boards";
import type { ApiIssue } from "../contracts/wire";
import type { Board } from "../model/schema";
import { ApiError, send } from "./http";

export { ApiError, type ApiIssue, type BoardSummary, type StoredBoard };

/** The boards API (`lib/contracts/boards.ts`), typed by its contract; the only place the UI talks HTTP about boards. */
export const boardsApi = {
  list: () => send(boards.list, {}),
  create: (board: Board) => send(boards.create, {}, board),
  get: (id: string) => send(boards.get, { id }),
  save: (id: string, revision: number, board: Board) => send(boards.save, { id }, { revision, board }),
  remove: (id: string) => send(boards.remove, { id }),
};
