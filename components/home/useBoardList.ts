"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useReducer, useRef, useState, type Dispatch } from "react";
import { ApiError, boardsApi, type BoardSummary } from "@/lib/client/apiClient";
import type { Board } from "@/lib/model/schema";
import { emptyBoard } from "@/lib/model/template";
import {
  boardListReducer,
  boardsOf,
  freshName,
  INITIAL_BOARD_LIST,
  messageOf,
  problemOf,
  type BoardListAction,
  type BoardListState,
  type Creating,
} from "./boardListState";
import { duplicateBoard, readImport, updateStored } from "./boardRequests";
import type { TemplateChoice } from "./templates";
import { useStrings } from "@/components/i18n/LocaleProvider";

/*
 * The board list's behaviour for BoardList.tsx: the reducer's state (boardListState.ts), the
 * requests that change it (boardsApi, and boardRequests.ts for the multi-step ones), reloads on
 * focus and the clock for relative times. The component only renders what this returns.
 */

/** How often relative times ("2 min ago") are refreshed. */
const CLOCK_TICK_MS = 30_000;

export interface BoardListControls {
  readonly state: BoardListState;
  /** The clock relative times are computed against. */
  readonly now: number;
  load(opts?: { silent?: boolean }): Promise<void>;
  newBoard(): void;
  fromTemplate(template: TemplateChoice): void;
  importFile(file: File): void;
  rename(board: BoardSummary, rawName: string): void;
  duplicate(board: BoardSummary): void;
  confirmDelete(): void;
  /** The reducer's dispatch, for the changes that need no request (start rename, ask to delete, …). */
  dispatch: Dispatch<BoardListAction>;
}

export function useBoardList(): BoardListControls {
  const S = useStrings().home;
  const router = useRouter();
  const [state, dispatch] = useReducer(boardListReducer, INITIAL_BOARD_LIST);
  const [now, setNow] = useState(() => Date.now());
  const requestSeq = useRef(0);

  const load = useCallback(async (opts: { silent?: boolean } = {}) => {
    const seq = ++requestSeq.current;
    if (!opts.silent) dispatch({ type: "loadStarted" });
    try {
      const boards = await boardsApi.list();
      if (seq !== requestSeq.current) return;
      dispatch({ type: "loaded", boards });
      setNow(Date.now());
    } catch (error) {
      if (seq !== requestSeq.current) return;
      dispatch({ type: "loadFailed", message: messageOf(error), silent: opts.silent === true });
    }
  }, []);

  useEffect(() => {
    void load();
    const tick = window.setInterval(() => setNow(Date.now()), CLOCK_TICK_MS);
    const onFocus = () => void load({ silent: true });
    window.addEventListener("focus", onFocus);
    return () => {
      window.clearInterval(tick);
      window.removeEventListener("focus", onFocus);
    };
  }, [load]);

  /** POSTs `board` and opens it. */
  const createAndOpen = async (creating: Exclude<Creating, null>, board: Board, failTitle: string) => {
    dispatch({ type: "createStarted", creating });
    try {
      const created = await boardsApi.create(board);
      router.push(`/boards/${encodeURIComponent(created.id)}`);
      // `creating` stays set: the page is on its way out.
    } catch (error) {
      dispatch({ type: "createFailed", problem: problemOf(failTitle, error) });
    }
  };

  const importFile = async (file: File) => {
    dispatch({ type: "importStarted" });
    const read = await readImport(file, S);
    if ("problem" in read) dispatch({ type: "importRefused", problem: read.problem });
    // The server validates again; its issues are shown the same way.
    else await createAndOpen("import", read.board, S.importFailed(file.name));
  };

  /** A request about one row: the row is busy meanwhile, and a failure is shown on it. */
  const rowRequest = async (board: BoardSummary, busy: "rename" | "duplicate", failed: string, request: () => Promise<void>) => {
    dispatch({ type: "rowRequestStarted", id: board.id, busy });
    try {
      await request();
    } catch (error) {
      dispatch({ type: "rowRequestFailed", id: board.id, message: `${failed} ${messageOf(error)}` });
    } finally {
      dispatch({ type: "rowRequestEnded", id: board.id });
    }
  };

  const rename = async (board: BoardSummary, rawName: string) => {
    const name = rawName.trim();
    if (name === board.name) {
      dispatch({ type: "renameClosed" });
      return;
    }
    await rowRequest(board, "rename", S.renameFailed, async () => {
      await updateStored(boardsApi, board.id, (stored) => ({ ...stored, name }));
      dispatch({ type: "renamed", id: board.id, name });
      void load({ silent: true });
    });
  };

  const duplicate = (board: BoardSummary) =>
    rowRequest(board, "duplicate", S.duplicateFailed, async () => {
      const created = await duplicateBoard(boardsApi, board.id, S);
      dispatch({ type: "duplicated", id: created.id });
      await load({ silent: true });
    });

  const confirmDelete = async () => {
    const board = state.toDelete;
    if (!board) return;
    dispatch({ type: "deleteStarted", id: board.id });
    try {
      await boardsApi.remove(board.id);
      dispatch({ type: "deleted", id: board.id });
      void load({ silent: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        // Already gone: the list simply catches up.
        dispatch({ type: "deleteGone" });
        void load({ silent: true });
      } else {
        dispatch({ type: "deleteFailed", message: `${S.deleteFailed} ${messageOf(error)}` });
      }
    } finally {
      dispatch({ type: "rowRequestEnded", id: board.id });
    }
  };

  return {
    state,
    now,
    load,
    newBoard: () => void createAndOpen("new", emptyBoard(freshName(boardsOf(state), S.newBoardName)), S.createFailed),
    fromTemplate: (template) => void createAndOpen(`template:${template.id}`, template.create(), S.createFailed),
    importFile: (file) => void importFile(file),
    rename: (board, rawName) => void rename(board, rawName),
    duplicate: (board) => void duplicate(board),
    confirmDelete: () => void confirmDelete(),
    dispatch,
  };
}
