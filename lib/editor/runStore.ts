import { createStore, type StoreApi } from "zustand/vanilla";
import type { Board } from "../model/schema";
import type { RunCounters, RunInfo, RunStatus, RunSummary, TraceItem } from "../contracts/runs";
import { BoundedMap } from "./boundedMap";
import { RunPlayback, causalChain, type EdgeActivity, type NodeActivity } from "./runPlayback";

export interface RunViewState {
  runId: string | null;
  status: RunStatus | null;
  counters: RunCounters | null;
  summary: RunSummary | null;
  connected: boolean;
  /** Why the server refused or cut off the live feed (a slow_consumer cut-off, a failed read), until it flows again. */
  notice: string | null;
  /** Every span received, in seq order (seq 1..n with no gap). */
  items: TraceItem[];
  /** Spans by id; grows in place (a copy per batch would be quadratic on long runs): read, never subscribe. */
  bySpanId: ReadonlyMap<string, TraceItem>;
  nodeActivity: ReadonlyMap<string, NodeActivity>;
  edgeActivity: ReadonlyMap<string, EdgeActivity>;
  selectedSpanId: string | null;
  /** The selected span's causal path on the board. */
  highlight: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> };
  /**
   * The run's record from the runs API (scenario, error, final summary): read when the run is
   * shown and when it ends, and polled instead of the socket while the socket is down.
   */
  record: RunInfo | null;
  /** How many entry commands the run on screen was asked for, when it was started here (the progress bar's total until the record says it). */
  requestedCount: number | null;
  /**
   * What the panels remember per run (the picked stream or read model, the timeline's scroll and
   * filters, messages already fetched), by `<panel>:<runId>…`: owned here, so it is bounded and
   * goes with the board page. Read and written in place, never subscribed to.
   */
  memory: BoundedMap<string, unknown>;
  /**
   * Bumped each time the run on screen changed on the server after it ended (a dead letter
   * replayed): the live feed then reads the spans added since (the canvas folds them as it folded
   * the rest) and the record is read again.
   */
  resyncs: number;
}

export interface RunViewActions {
  /**
   * Starts showing `runId` (null: none) over `board`, the board the run ran (for a run started
   * here, the board as saved at the revision it ran); clears what the previous run showed.
   */
  show(runId: string | null, board: Board, started?: { count: number }): void;
  receive(items: readonly TraceItem[]): void;
  setStatus(status: RunStatus, counters: RunCounters, summary: RunSummary | null): void;
  setConnected(connected: boolean): void;
  /** The run record as read; one of another run (an answer that came late) is ignored. */
  setRecord(record: RunInfo): void;
  setNotice(notice: string | null): void;
  selectSpan(spanId: string | null): void;
  /** Run `runId` changed on the server after it ended (a dead letter replayed): read again what it now is, if it is the run on screen. */
  resync(runId: string): void;
}

export type RunViewStore = StoreApi<RunViewState & RunViewActions>;

/** Entries the panels may remember across runs and messages: plenty for a session, never unbounded. */
export const RUN_VIEW_MEMORY = 500;

const NO_HIGHLIGHT = { nodes: new Set<string>(), edges: new Set<string>() };

/** One per board page: the run on screen, folded for the canvas overlay and the panels. */
export function createRunViewStore(): RunViewStore {
  let playback: RunPlayback | null = null;
  let board: Board | null = null;
  return createStore<RunViewState & RunViewActions>()((set, get) => ({
    runId: null,
    status: null,
    counters: null,
    summary: null,
    connected: false,
    notice: null,
    items: [],
    bySpanId: new Map(),
    nodeActivity: new Map(),
    edgeActivity: new Map(),
    selectedSpanId: null,
    highlight: NO_HIGHLIGHT,
    record: null,
    requestedCount: null,
    memory: new BoundedMap(RUN_VIEW_MEMORY),
    resyncs: 0,

    show(runId, b, started) {
      board = b;
      playback = new RunPlayback();
      set({
        runId, status: null, counters: null, summary: null, notice: null, items: [], bySpanId: new Map(), nodeActivity: new Map(), edgeActivity: new Map(),
        selectedSpanId: null, highlight: NO_HIGHLIGHT, record: null, requestedCount: started?.count ?? null,
      });
    },
    receive(incoming) {
      const s = get();
      const last = s.items.length ? s.items[s.items.length - 1]!.seq : 0;
      const fresh = incoming.filter((i) => i.seq > last);
      if (fresh.length === 0 || !playback) return;
      playback.apply(fresh);
      const bySpanId = s.bySpanId as Map<string, TraceItem>;
      for (const i of fresh) bySpanId.set(i.spanId, i);
      set({ items: s.items.concat(fresh), nodeActivity: playback.nodes, edgeActivity: playback.edges, notice: null });
    },
    setStatus: (status, counters, summary) => set({ status, counters, summary }),
    setConnected: (connected) => set({ connected }),
    setRecord(record) {
      if (record.runId === get().runId) set({ record });
    },
    setNotice: (notice) => set({ notice }),
    selectSpan(spanId) {
      const s = get();
      const span = spanId ? s.bySpanId.get(spanId) : undefined;
      if (!span || !board) return set({ selectedSpanId: null, highlight: NO_HIGHLIGHT });
      const chain = causalChain(span, s.bySpanId);
      const nodes = new Set(chain.map((c) => c.attributes.nodeId).filter((n): n is string => typeof n === "string" && n !== ""));
      const edges = new Set(board.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)).map((e) => e.id));
      set({ selectedSpanId: spanId, highlight: { nodes, edges } });
    },
    resync(runId) {
      if (runId === get().runId) set({ resyncs: get().resyncs + 1 });
    },
  }));
}
