"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, revisionsApi, type RevisionDiff } from "@/lib/client/revisionsApi";
import { createEditorStore, type EditorStore } from "@/lib/editor/store";
import { DEFAULT_COMPAT_MODE, type CompatMode } from "@/lib/model/compatModes";
import type { Board } from "@/lib/model/schema";
import { useResource, type Resource } from "@/components/run/hooks";
import { highlightsOf, type Highlight } from "./compareView";
import { useStrings } from "@/components/i18n/LocaleProvider";

/** An old revision on the canvas: its board in a store of its own, which nothing saves. */
export interface ViewedRevision {
  readonly revision: number;
  readonly savedAt: string;
  readonly board: Board;
  readonly store: EditorStore;
}

export type RevisionView =
  | { readonly status: "loading"; readonly revision: number }
  | { readonly status: "error"; readonly revision: number; readonly message: string }
  | ({ readonly status: "ready" } & ViewedRevision);

export interface Comparison {
  readonly from: number;
  readonly to: number;
}

export type RestoreOutcome = { ok: true } | { ok: false; message: string };

export interface HistoryView {
  /** The revision on screen instead of the live board, or null (the live board). */
  readonly view: RevisionView | null;
  open(revision: number): void;
  back(): void;
  /** Restores `revision` over the current revision and goes back to the live board. */
  restore(revision: number): Promise<RestoreOutcome>;
  /** A line for the status region after a restore ("Revision 1 restored as revision 4."). */
  readonly notice: string | null;
  readonly comparison: Comparison | null;
  compare(comparison: Comparison | null): void;
  readonly mode: CompatMode;
  setMode(mode: CompatMode): void;
  readonly diff: Resource<RevisionDiff>;
  /** The stickies of the compared contracts, while a comparison is open. */
  readonly highlights: ReadonlyMap<string, Highlight>;
}

const NONE: ReadonlyMap<string, Highlight> = new Map();
const NOTICE_MS = 8000;

/**
 * The History tab's state that outlives the tab (the revision on screen, the comparison and its
 * highlights): held by the workspace, read by the panel, the banner and the canvas.
 */
export function useHistoryView(live: EditorStore, flush: () => Promise<void>): HistoryView {
  const S = useStrings().history;
  const boardId = live.getState().boardId;
  const [view, setView] = useState<RevisionView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [mode, setMode] = useState<CompatMode>(DEFAULT_COMPAT_MODE);
  // Focus goes back where it was (the row that opened the revision) when the revision closes.
  const returnFocus = useRef<HTMLElement | null>(null);
  const ticket = useRef(0);

  const open = useCallback(
    (revision: number) => {
      const mine = ++ticket.current;
      if (document.activeElement instanceof HTMLElement && document.activeElement !== document.body) returnFocus.current = document.activeElement;
      setNotice(null);
      setView({ status: "loading", revision });
      revisionsApi.get(boardId, revision).then(
        (stored) => {
          if (mine !== ticket.current) return;
          const store = createEditorStore({ boardId, board: stored.board, revision: stored.revision }, { newId: (p) => p, now: () => Date.now() });
          setView({ status: "ready", revision: stored.revision, savedAt: stored.savedAt, board: stored.board, store });
        },
        (err: unknown) => {
          if (mine !== ticket.current) return;
          setView({ status: "error", revision, message: err instanceof Error ? err.message : String(err) });
        },
      );
    },
    [boardId],
  );

  const back = useCallback(() => {
    ticket.current++;
    setView(null);
    const target = returnFocus.current;
    returnFocus.current = null;
    requestAnimationFrame(() => {
      if (target?.isConnected) target.focus();
    });
  }, []);

  const restore = useCallback(
    async (revision: number): Promise<RestoreOutcome> => {
      try {
        // Our own edits reach the server first, so the revision we name is the one we see.
        await flush();
        const done = await revisionsApi.restore(boardId, revision, live.getState().revision);
        back();
        setNotice(S.restored(done.restored, done.revision));
        return { ok: true };
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          const newest = await revisionsApi.list(boardId, undefined, 1).then((p) => p.revisions[0]?.revision ?? null, () => null);
          return { ok: false, message: S.restoreConflict(newest) };
        }
        return { ok: false, message: S.restoreFailed(err instanceof Error ? err.message : String(err)) };
      }
    },
    [boardId, live, flush, back, S],
  );

  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(t);
  }, [notice]);

  const key = comparison && comparison.from !== comparison.to ? `${comparison.from}:${comparison.to}:${mode}` : null;
  const diff = useResource<RevisionDiff>(key, () => revisionsApi.diff(boardId, comparison!.from, comparison!.to, mode));
  const changes = key ? diff.data?.changes : undefined;
  const highlights = useMemo(() => (changes ? highlightsOf(changes) : NONE), [changes]);

  return useMemo(
    () => ({ view, open, back, restore, notice, comparison, compare: setComparison, mode, setMode, diff, highlights }),
    [view, open, back, restore, notice, comparison, mode, diff, highlights],
  );
}
