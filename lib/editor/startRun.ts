import type { Board } from "../model/schema";
import type { EditorStore } from "./store";

/**
 * Save-then-start, as plain functions the Run panel calls (and tests drive with a fake API).
 *
 * The API runs the board as saved. The client waits for its edits to be saved, then starts
 * the run naming the revision it saved; the server runs exactly that revision or answers 409
 * `board_changed` when another save landed between the two (an edit typed meanwhile). Then the
 * client waits for that save and starts again, so the board the run ran is always the board the
 * live view maps its spans onto.
 */

/** The saved board: what the server holds at `revision`. */
export interface SavedBoard {
  readonly revision: number;
  readonly board: Board;
}

/**
 * Resolves with the saved board once the editor has nothing unsaved (at once if so), or null
 * when saving fails, meets a conflict, or takes longer than `timeoutMs`.
 */
export function waitForSave(store: EditorStore, timeoutMs = 10_000): Promise<SavedBoard | null> {
  const settled = (): SavedBoard | null | undefined => {
    const s = store.getState();
    if (s.saveStatus === "saved") return { revision: s.revision, board: s.board };
    return s.saveStatus === "error" || s.saveStatus === "conflict" ? null : undefined;
  };
  const now = settled();
  if (now !== undefined) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(null), timeoutMs);
    const unsubscribe = store.subscribe(() => {
      const done = settled();
      if (done !== undefined) finish(done);
    });
    function finish(result: SavedBoard | null) {
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    }
  });
}

export type StartRunResult =
  | { readonly ok: true; readonly runId: string; readonly saved: SavedBoard }
  | { readonly ok: false; readonly reason: "not_saved" }
  /** The server's board moved on while this editor has nothing to save: it was saved elsewhere (another tab, another person). */
  | { readonly ok: false; readonly reason: "stale"; readonly error: unknown }
  | { readonly ok: false; readonly reason: "failed"; readonly error: unknown };

/** What the editor's conflict banner says when a start found the board saved elsewhere. */
export const STALE = "This board was saved elsewhere since you opened it (another tab, or someone else): reload theirs, or overwrite it with yours, then start the run.";

/** How many times a start that met a newer save is tried again before giving up (each waits for that save). */
const RESTARTS = 3;

/**
 * Waits for the save, starts the run at the saved revision, and starts again after a 409
 * `board_changed`. `phase` says what is going on, for the button's label.
 */
export async function startRun<R extends object>(
  editor: EditorStore,
  request: R,
  start: (body: R & { revision: number }) => Promise<{ runId: string }>,
  phase: (now: "saving" | "starting") => void = () => {},
  /**
   * Co-editing: has the server save the board now and say its revision. Once it answers, this page
   * holds every edit that revision has (the server sent them first, on the same connection), so the
   * saved board is the board on screen. Called before each attempt.
   */
  sync: () => Promise<void> = async () => {},
): Promise<StartRunResult> {
  let lastError: unknown = null;
  let refused: number | null = null;
  for (let attempt = 0; ; attempt++) {
    phase("saving");
    await sync();
    const saved = await waitForSave(editor);
    if (!saved) return { ok: false, reason: "not_saved" };
    if (saved.revision === refused) {
      // Nothing of ours was saved since the refusal: the newer revision is someone else's. Trying
      // again would send the same revision for ever; the editor shows the conflict (reload theirs,
      // or overwrite with mine), as a save over it would.
      editor.getState().saveFailed(STALE, true);
      return { ok: false, reason: "stale", error: lastError };
    }
    phase("starting");
    try {
      const { runId } = await start({ ...request, revision: saved.revision });
      return { ok: true, runId, saved };
    } catch (error) {
      const changed = typeof error === "object" && error !== null && (error as { code?: unknown }).code === "board_changed";
      if (!changed || attempt >= RESTARTS) return { ok: false, reason: "failed", error };
      refused = saved.revision;
      lastError = error;
    }
  }
}
