import { ApiError, type BoardSummary } from "@/lib/client/apiClient";
import { isModelError } from "@/lib/model/errors";
import type { RowBusy } from "./BoardRow";
import type { Problem } from "./IssueList";
import { homeStrings } from "./strings";

/*
 * The home page's board list as plain data: its state, the reducer that is the only way it
 * changes, and the pure helpers the page needs (a fresh board name, an error as a problem to
 * show). Kept out of the component so every transition can be unit-tested without React; the
 * requests that drive it are in boardRequests.ts, the wiring in useBoardList.ts.
 */

export type ListState =
  | { status: "loading" }
  | { status: "error"; message: string }
  | { status: "ready"; boards: BoardSummary[] };

/** What is being created: a blank board, an import, or a template (`template:<id>`). */
export type Creating = null | "new" | "import" | `template:${string}`;

export interface BoardListState {
  readonly list: ListState;
  readonly creating: Creating;
  /** A page-level problem (a failed create or import), with its located issues. */
  readonly problem: Problem | null;
  readonly renamingId: string | null;
  readonly rowBusy: Readonly<Record<string, RowBusy>>;
  readonly rowErrors: Readonly<Record<string, string>>;
  /** The board whose deletion is being confirmed. */
  readonly toDelete: BoardSummary | null;
  readonly deleteError: string | null;
  /** Just created by Duplicate: highlighted. */
  readonly freshId: string | null;
}

export const INITIAL_BOARD_LIST: BoardListState = {
  list: { status: "loading" },
  creating: null,
  problem: null,
  renamingId: null,
  rowBusy: {},
  rowErrors: {},
  toDelete: null,
  deleteError: null,
  freshId: null,
};

export type BoardListAction =
  /** A load that shows the skeleton (the first one, and Retry). */
  | { type: "loadStarted" }
  | { type: "loaded"; boards: BoardSummary[] }
  /** A silent refresh that fails keeps showing the list it has; only a shown load turns into the error state. */
  | { type: "loadFailed"; message: string; silent: boolean }
  | { type: "createStarted"; creating: Exclude<Creating, null> }
  | { type: "createFailed"; problem: Problem }
  /** An import is read before it is created: its problem replaces the one shown. */
  | { type: "importStarted" }
  | { type: "importRefused"; problem: Problem }
  | { type: "problemDismissed" }
  | { type: "renameStarted"; id: string }
  | { type: "renameCancelled"; id: string }
  /** Rename ended with the name unchanged: the row leaves edit mode, its error (if any) stays. */
  | { type: "renameClosed" }
  | { type: "renamed"; id: string; name: string }
  | { type: "rowRequestStarted"; id: string; busy: RowBusy }
  | { type: "rowRequestFailed"; id: string; message: string }
  | { type: "rowRequestEnded"; id: string }
  | { type: "rowErrorDismissed"; id: string }
  | { type: "duplicated"; id: string }
  | { type: "deleteAsked"; board: BoardSummary }
  | { type: "deleteCancelled" }
  | { type: "deleteStarted"; id: string }
  | { type: "deleted"; id: string }
  /** The board was already gone (404): the dialog closes and the list catches up. */
  | { type: "deleteGone" }
  | { type: "deleteFailed"; message: string };

/** The board list after `action`. Pure: returns `state` itself when nothing changes. */
export function boardListReducer(state: BoardListState, action: BoardListAction): BoardListState {
  switch (action.type) {
    case "loadStarted":
      return { ...state, list: { status: "loading" } };
    case "loaded":
      return { ...state, list: { status: "ready", boards: action.boards } };
    case "loadFailed":
      return action.silent && state.list.status === "ready" ? state : { ...state, list: { status: "error", message: action.message } };
    case "createStarted":
      return { ...state, creating: action.creating, problem: null };
    case "createFailed":
      return { ...state, creating: null, problem: action.problem };
    case "importStarted":
    case "problemDismissed":
      return { ...state, problem: null };
    case "importRefused":
      return { ...state, problem: action.problem };
    case "renameStarted":
      return { ...withRowError(state, action.id, null), renamingId: action.id };
    case "renameCancelled":
      return { ...withRowError(state, action.id, null), renamingId: null };
    case "renameClosed":
      return { ...state, renamingId: null };
    case "renamed":
      return { ...mapBoards(state, (boards) => boards.map((b) => (b.id === action.id ? { ...b, name: action.name } : b))), renamingId: null };
    case "rowRequestStarted":
      return withRowError(withRowBusy(state, action.id, action.busy), action.id, null);
    case "rowRequestFailed":
      return withRowError(state, action.id, action.message);
    case "rowRequestEnded":
      return withRowBusy(state, action.id, null);
    case "rowErrorDismissed":
      return withRowError(state, action.id, null);
    case "duplicated":
      return { ...state, freshId: action.id };
    case "deleteAsked":
      return { ...state, toDelete: action.board, deleteError: null };
    case "deleteCancelled":
      return { ...state, toDelete: null, deleteError: null };
    case "deleteStarted":
      return { ...withRowBusy(state, action.id, "delete"), deleteError: null };
    case "deleted":
      return { ...mapBoards(state, (boards) => boards.filter((b) => b.id !== action.id)), toDelete: null };
    case "deleteGone":
      return { ...state, toDelete: null };
    case "deleteFailed":
      return { ...state, deleteError: action.message };
  }
}

/** The boards on screen: none until the list is ready. */
export function boardsOf(state: BoardListState): readonly BoardSummary[] {
  return state.list.status === "ready" ? state.list.boards : [];
}

/** The template being created, by id, or null. */
export function creatingTemplate(creating: Creating): string | null {
  return creating?.startsWith("template:") ? creating.slice("template:".length) : null;
}

/** Sets (a value) or clears (null) one board's entry of a per-row record. */
function withEntry<V>(record: Readonly<Record<string, V>>, id: string, value: V | null): Record<string, V> {
  const next = { ...record };
  if (value) next[id] = value;
  else delete next[id];
  return next;
}

function withRowBusy(state: BoardListState, id: string, busy: RowBusy | null): BoardListState {
  return { ...state, rowBusy: withEntry(state.rowBusy, id, busy) };
}

function withRowError(state: BoardListState, id: string, message: string | null): BoardListState {
  return { ...state, rowErrors: withEntry(state.rowErrors, id, message) };
}

function mapBoards(state: BoardListState, update: (boards: BoardSummary[]) => BoardSummary[]): BoardListState {
  return state.list.status === "ready" ? { ...state, list: { status: "ready", boards: update(state.list.boards) } } : state;
}

/** The human message of anything thrown by the API client or the model. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A problem to show (page level): title, summary line and the located issues. */
export function problemOf(title: string, error: unknown): Problem {
  if (isModelError(error) || error instanceof ApiError) {
    return { title, summary: error.message.split("\n")[0] ?? error.message, issues: error.issues };
  }
  return { title, summary: messageOf(error), issues: [] };
}

/** "Untitled board", or "Untitled board 2", ... when that name is taken. */
export function freshName(boards: readonly BoardSummary[], base: string = homeStrings.newBoardName): string {
  const taken = new Set(boards.map((b) => b.name.trim().toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base} ${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
