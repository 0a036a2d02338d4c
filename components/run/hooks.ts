"use client";
import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { ApiError } from "@/lib/client/runsApi";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import type { TraceItem } from "@/lib/contracts/runs";
import { useRunView, useRunViewStore } from "./RunViewContext";
import { visibleRange, type RowRange } from "./windowing";

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | null;
  /** True while the first load (or a load after the key changed) is under way. */
  loading: boolean;
  /** True while any load is under way, refreshes included. */
  busy: boolean;
  reload(): void;
}

/**
 * Loads `load()` whenever `key` changes (null: nothing to load), keeps the last data while it
 * reloads (no flash on refresh), ignores answers that arrive after the key moved on, and
 * reloads every `refreshMs` while that is set (never two loads at once).
 */
export function useResource<T>(key: string | null, load: () => Promise<T>, refreshMs: number | null = null): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: ApiError | null; busy: boolean }>({
    key: null,
    data: undefined,
    error: null,
    busy: false,
  });
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });
  const ticket = useRef(0);
  const inFlight = useRef(false);

  const run = useCallback((forKey: string) => {
    const mine = ++ticket.current;
    inFlight.current = true;
    setState((s) => (s.key === forKey ? { ...s, busy: true } : { key: forKey, data: undefined, error: null, busy: true }));
    loadRef.current().then(
      (data) => {
        if (mine !== ticket.current) return;
        inFlight.current = false;
        setState({ key: forKey, data, error: null, busy: false });
      },
      (err: unknown) => {
        if (mine !== ticket.current) return;
        inFlight.current = false;
        const error = err instanceof ApiError ? err : new ApiError(0, "client_error", err instanceof Error ? err.message : String(err));
        setState((s) => ({ key: forKey, data: s.key === forKey ? s.data : undefined, error, busy: false }));
      },
    );
  }, []);

  useEffect(() => {
    if (key === null) {
      ticket.current++;
      inFlight.current = false;
      setState({ key: null, data: undefined, error: null, busy: false });
      return;
    }
    run(key);
  }, [key, run]);

  useEffect(() => {
    if (key === null || !refreshMs) return;
    const timer = setInterval(() => {
      if (!inFlight.current && document.visibilityState !== "hidden") run(key);
    }, refreshMs);
    return () => clearInterval(timer);
  }, [key, refreshMs, run]);

  const reload = useCallback(() => {
    if (key !== null) run(key);
  }, [key, run]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : null,
    loading: key !== null && (!current || (state.busy && state.data === undefined && state.error === null)),
    busy: key !== null && (!current || state.busy),
    reload,
  };
}

type RunView = RunViewState & RunViewActions;

/**
 * Whether `runId` is the run on screen and still going (a run just started has no status yet:
 * it counts as going). Panels auto-refresh on it.
 */
export function useRunGoing(runId: string | null): boolean {
  return useRunView((s: RunView) => runId !== null && s.runId === runId && (s.status === null || s.status === "running"), false);
}

/**
 * Calls `onEnd` when `runId`, the run on screen, stops going (it completed, failed, stopped or
 * errored): panels reload then, so a finished run's final state shows without waiting.
 */
export function useOnRunEnd(runId: string | null, onEnd: () => void): void {
  const going = useRunGoing(runId);
  const was = useRef(going);
  const callback = useRef(onEnd);
  useLayoutEffect(() => {
    callback.current = onEnd;
  });
  useEffect(() => {
    if (was.current && !going) callback.current();
    was.current = going;
  }, [going]);
}

const selectResyncs = (s: RunView) => s.resyncs;

/**
 * Calls `onResync` when the run on screen changed after it ended (a dead letter replayed, see
 * the run view store's `resync`): a panel showing what the run did reads it again.
 */
export function useOnRunResync(onResync: () => void): void {
  const resyncs = useRunView(selectResyncs, 0);
  const seen = useRef(resyncs);
  const callback = useRef(onResync);
  useLayoutEffect(() => {
    callback.current = onResync;
  });
  useEffect(() => {
    if (resyncs === seen.current) return;
    seen.current = resyncs;
    callback.current();
  }, [resyncs]);
}

export interface Windowed {
  ref: RefObject<HTMLDivElement | null>;
  onScroll(): void;
  range: RowRange;
  /** The viewport's height in px. */
  viewport: number;
  scrollTop: number;
}

/**
 * A fixed-row-height windowed list over the element `ref` is put on (the scroll container):
 * tracks its scroll position and height, and gives the rows to render.
 */
export function useWindowed(count: number, rowHeight: number, overscan = 8): Windowed {
  const ref = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setViewport(el.clientHeight);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) setScrollTop(el.scrollTop);
  }, []);
  return { ref, onScroll, range: visibleRange(scrollTop, viewport, rowHeight, count, overscan), viewport, scrollTop };
}

/** An error's text for an Alert: the API's message (and the HTTP status when it is not obvious). */
export function apiErrorText(error: ApiError): string {
  return error.status >= 500 ? `${error.message} (${error.status})` : error.message;
}

const NO_ITEMS: readonly TraceItem[] = [];

/**
 * The run on screen's spans, re-read at most every `intervalMs` (and at once when another run
 * is shown), rendered as a transition: a socket delivering a batch every few milliseconds makes
 * a few cheap, interruptible renders a second instead of one blocking render per batch.
 */
export function useThrottledItems(intervalMs = 150): readonly TraceItem[] {
  const store = useRunViewStore();
  const [items, setItems] = useState<readonly TraceItem[]>(() => store?.getState().items ?? NO_ITEMS);
  useEffect(() => {
    if (!store) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const flush = (urgent: boolean) => {
      timer = null;
      last = performance.now();
      const next = store.getState().items;
      if (urgent) setItems(next);
      else startTransition(() => setItems(next));
    };
    flush(true);
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.items === prev.items) return;
      if (state.runId !== prev.runId || state.items.length < prev.items.length) {
        if (timer !== null) clearTimeout(timer);
        flush(true);
        return;
      }
      if (timer === null) timer = setTimeout(() => flush(false), Math.max(0, last + intervalMs - performance.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return items;
}
