import type { Board } from "../model/schema";
import type { EditorStore } from "./store";

/** What autosave needs from the server: save over a revision, or report a conflict. */
export interface SaveBoard {
  (boardId: string, revision: number, board: Board): Promise<{ revision: number }>;
}

export class SaveConflict extends Error {}

export interface AutosaveTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Saves the board `delayMs` after the last change, one save at a time; changes made while a
 * save is in flight are saved right after it. A conflict stops autosaving until the user
 * chooses (reload or overwrite): neither side is silently lost.
 */
export function startAutosave(store: EditorStore, save: SaveBoard, opts: { delayMs?: number; timers?: AutosaveTimers } = {}) {
  const delay = opts.delayMs ?? 700;
  const timers: AutosaveTimers = opts.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let timer: unknown = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const schedule = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void flush();
    }, delay);
  };

  /** Saves now if there is anything unsaved; resolves when the board on screen is saved (or failed). */
  const flush = async (): Promise<void> => {
    if (inFlight) {
      await inFlight;
      return flush();
    }
    const s = store.getState();
    if (s.saveStatus === "conflict" || s.version === s.savedVersion) return;
    const version = s.version;
    s.saveStarted();
    inFlight = save(s.boardId, s.revision, s.board).then(
      ({ revision }) => store.getState().saveSucceeded(version, revision),
      (err: unknown) => store.getState().saveFailed(err instanceof Error ? err.message : String(err), err instanceof SaveConflict),
    );
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
    const after = store.getState();
    if (after.saveStatus === "dirty" && !stopped) schedule();
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.version !== prev.version && s.saveStatus !== "conflict") schedule();
  });

  return {
    flush,
    /**
     * Stops watching the board, saving once what is not saved yet: a page left inside the app
     * (a link, Back) unmounts with no beforeunload, and the debounce must not drop the last edit.
     */
    stop(): Promise<void> {
      stopped = true;
      unsubscribe();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      return flush();
    },
  };
}
