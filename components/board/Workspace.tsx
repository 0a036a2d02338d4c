"use client";
import { exposeTestHook } from "@/lib/client/testHooks";
import { Suspense, lazy, memo, useCallback, type ComponentProps, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { layoutBoard, type Size } from "@/lib/editor/layout";
import { crossedLayout, layoutMark, layoutSide, type LayoutMark, type LayoutSide } from "@/lib/editor/layoutUndo";
import { sameExceptPositions } from "@/lib/editor/structure";
import { boardSlug } from "@/lib/generate/fileNames";
import { serializeBoard } from "@/lib/model/serialize";
import type { Board, Position } from "@/lib/model/schema";
import { validateBoard, type Issue } from "@/lib/model/validate";
import { analyzeBoard, type BoardAnalysis } from "@/lib/model";
import { Canvas, FIT_MAX_ZOOM, fitPadding } from "@/components/canvas/Canvas";
import { Palette } from "@/components/canvas/Palette";
import type { ProblemIndex } from "@/components/canvas/toFlow";
import Inspector from "@/components/panels/Inspector";
import { useStore } from "zustand";
import { createRunViewStore } from "@/lib/editor/runStore";
import { useRunStream } from "@/lib/realtime/useRunStream";
import { useShowGoingRun } from "@/lib/realtime/useRunRecord";
import { DlqPanel } from "@/components/run/DlqPanel";
import { EventStorePanel } from "@/components/run/EventStorePanel";
import { ReadModelPanel } from "@/components/run/ReadModelPanel";
import { RunHistory } from "@/components/run/RunHistory";
import { RunPanel } from "@/components/run/RunPanel";
import { RunViewProvider } from "@/components/run/RunViewContext";
import { AnalysisProvider, IssuesProvider } from "./IssuesContext";
import { stepTargetOf } from "@/components/panels/sagaSteps";
import { TimelinePanel } from "@/components/run/TimelinePanel";
import { ProblemsPanel } from "@/components/panels/ProblemsPanel";
import { BottomDock, type DockTab } from "./BottomDock";
import { ConflictBanner } from "./ConflictBanner";
import { useEditor, useEditorStore } from "./EditorContext";
import { SearchDialog } from "./SearchDialog";
import { TopBar } from "./TopBar";
import { useCoedit } from "./useCoedit";
import { EditorProvider } from "./EditorContext";
import { HistoryPanel } from "@/components/history/HistoryPanel";
import { HistoryProvider } from "@/components/history/HistoryContext";
import { RevisionBanner } from "@/components/history/RevisionBanner";
import { useStrings } from "@/components/i18n/LocaleProvider";
import { useIssueMessage } from "@/components/panels/issueMessages";
import { useHistoryView } from "@/components/history/useHistoryView";
import { HighlightContext } from "@/components/canvas/canvasMode";
import { CoeditProvider } from "./CoeditContext";
import { useBoardShortcuts } from "./useBoardShortcuts";
import styles from "./board.module.css";

const selectBoard = (s: { board: Board }) => s.board;

// The Export tab brings the six generators, a YAML printer, markdown rendering and zip: loaded
// when the tab is first opened, so they do not delay opening a board.
const ExportPanel = lazy(() => import("@/components/panels/ExportPanel").then((m) => ({ default: m.ExportPanel })));

// The workspace re-renders on every board change (a drag frame included); these do not need to.
const MemoInspector = memo(Inspector);
const MemoPalette = memo(Palette);
const MemoTopBar = memo(TopBar);
const MemoDock = memo(BottomDock);

/** Everything on the board page once the board is loaded. */
export function Workspace() {
  const store = useEditorStore();
  const board = useEditor(selectBoard);
  const flow = useReactFlow();
  const pointer = useRef<Position | null>(null);
  const [searching, setSearching] = useState(false);
  const [dockTab, setDockTab] = useState<string | undefined>(undefined);
  const { board: S, history: H, frames: F } = useStrings();
  const sentence = useIssueMessage();

  // The run on screen: streamed over socket.io into its own store, drawn on the canvas and in the dock.
  const runView = useMemo(() => createRunViewStore(), []);
  const runId = useStore(runView, selectRunId);
  useRunStream(runView, runId);
  const boardNow = useCallback(() => store.getState().board, [store]);
  useShowGoingRun(runView, store.getState().boardId, boardNow);
  const showRun = useCallback((id: string) => runView.getState().show(id, store.getState().board), [runView, store]);
  const [layoutBusy, setLayoutBusy] = useState(false);

  // Co-editing: the store is a view of the board's shared document; it saves as you edit.
  const coedit = useCoedit(store);
  // History: an old revision may be on screen instead of the live board, read-only, in a store of its own.
  const history = useHistoryView(store, coedit.flush);
  const viewed = history.view?.status === "ready" ? history.view : null;
  const shown = viewed?.store ?? store;
  useEffect(() => {
    // Hooks for tests and benchmarks only (lib/client/testHooks): read-only use expected.
    exposeTestHook("__stormflowEditor", store);
    exposeTestHook("__stormflowRunView", runView);
  }, [store, runView]);

  // Validation runs on a deferred board so typing never waits for it, and not at all while a
  // drag only moves stickies (positions do not change any finding).
  const deferredBoard = useDeferredValue(board);
  const validated = useRef<{ board: Board; issues: Issue[]; analysis: BoardAnalysis } | null>(null);
  const { issues, analysis } = useMemo(() => {
    const last = validated.current;
    if (last && sameExceptPositions(last.board, deferredBoard)) return last;
    validated.current = { board: deferredBoard, issues: validateBoard(deferredBoard), analysis: analyzeBoard(deferredBoard) };
    return validated.current;
  }, [deferredBoard]);
  const problems = useMemo(() => problemIndex(issues, sentence), [issues, sentence]);
  const invalidEdges = useMemo(() => invalidEdgesOf(issues, sentence), [issues, sentence]);
  // An old revision's own problems (it may have had others than the live board).
  const viewedIssues = useMemo(() => (viewed ? validateBoard(viewed.board) : null), [viewed]);
  const viewedProblems = useMemo(() => (viewedIssues ? problemIndex(viewedIssues, sentence) : null), [viewedIssues, sentence]);
  const viewedInvalidEdges = useMemo(() => (viewedIssues ? invalidEdgesOf(viewedIssues, sentence) : null), [viewedIssues, sentence]);

  const reveal = useCallback(
    (nodeId: string) => {
      shown.getState().select([nodeId]);
      const node = flow.getInternalNode(nodeId);
      if (!node) return;
      const w = node.measured.width ?? 160;
      const h = node.measured.height ?? 60;
      void flow.setCenter(node.internals.positionAbsolute.x + w / 2, node.internals.positionAbsolute.y + h / 2, { zoom: Math.max(flow.getZoom(), 1), duration: 300 });
    },
    [shown, flow],
  );
  // A compared contract's sticky, on the board shown (a removed contract may not be on it).
  const revealChange = useCallback(
    (nodeIds: readonly string[]) => {
      const onBoard = new Set(shown.getState().board.nodes.map((n) => n.id));
      const id = nodeIds.find((n) => onBoard.has(n));
      if (id) reveal(id);
    },
    [shown, reveal],
  );
  const revealIssue = useCallback(
    (issue: Issue) => {
      if (issue.nodeId) reveal(issue.nodeId);
      else if (issue.edgeId) store.getState().select([], [issue.edgeId]);
      // A saga step's problem: once the inspector shows the saga, bring that step's input into view and focus it.
      const step = stepTargetOf(issue.path);
      if (step) {
        requestAnimationFrame(() => {
          const row = `steps-${step.index}`;
          const slot = step.slot === "compensationReply" ? "compensation-reply" : step.slot;
          const input = document.getElementById(`${row}-${slot}`) ?? document.querySelector<HTMLElement>(`[data-testid="${row}"]`);
          input?.scrollIntoView({ block: "center", behavior: "smooth" });
          input?.focus({ preventScroll: true });
        });
      }
    },
    [reveal, store],
  );

  const fitView = useCallback(() => {
    const width = document.querySelector("[data-testid=canvas]")?.clientWidth ?? 0;
    void flow.fitView({ padding: fitPadding(width), maxZoom: FIT_MAX_ZOOM, duration: 300 });
  }, [flow]);
  // Fit once React Flow holds these positions: one frame was not always enough on a busy
  // machine, and the fit then framed the old ones (issue 16 bug 2 came back under load).
  const fitWhenAt = useCallback((positions: ReadonlyMap<string, Position>) => {
    const [id, at] = positions.entries().next().value ?? [];
    let frames = 0;
    const fitWhenMoved = () => {
      const now = id === undefined ? undefined : flow.getNode(id)?.position;
      if (at && now && (now.x !== at.x || now.y !== at.y) && ++frames < 120) requestAnimationFrame(fitWhenMoved);
      else fitView();
    };
    requestAnimationFrame(fitWhenMoved);
  }, [flow, fitView]);
  // The last layout's before and after (lib/editor/layoutUndo.ts): its undo and redo fit the view too.
  const lastLayout = useRef<{ mark: LayoutMark; side: LayoutSide } | null>(null);
  const layout = useCallback(async () => {
    setLayoutBusy(true);
    try {
      const sizes = new Map<string, Size>();
      for (const n of flow.getNodes()) sizes.set(n.id, { width: n.measured?.width ?? 170, height: n.measured?.height ?? 70 });
      const before = store.getState().board;
      const positions = await layoutBoard(before, sizes);
      store.getState().moveNodes(positions);
      const mark = layoutMark(before, store.getState().board);
      lastLayout.current = mark ? { mark, side: "after" } : null;
      fitWhenAt(positions);
    } finally {
      setLayoutBusy(false);
    }
  }, [flow, store, fitWhenAt]);
  useEffect(
    () =>
      store.subscribe((state, prev) => {
        const last = lastLayout.current;
        const [now, was] = [state.board, prev.board];
        if (!last || (now.nodes === was.nodes && now.frames === was.frames && now.notes === was.notes)) return;
        const side = layoutSide(now, last.mark);
        if (crossedLayout(last.side, side)) fitWhenAt(side === "before" ? last.mark.before : last.mark.after);
        last.side = side;
      }),
    [store, fitWhenAt],
  );
  const download = useCallback(() => {
    const b = store.getState().board;
    const blob = new Blob([serializeBoard(b)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${boardSlug(b)}.board.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }, [store]);
  const center = useCallback(() => {
    const r = document.querySelector("[data-testid=canvas]")?.getBoundingClientRect();
    const p = flow.screenToFlowPosition({ x: (r?.left ?? 0) + (r?.width ?? 800) / 2, y: (r?.top ?? 0) + (r?.height ?? 600) / 2 });
    return { x: p.x - 80, y: p.y - 30 };
  }, [flow]);

  // A frame drawn around a selection is drawn around what the user sees: the measured stickies.
  const sizeOf = useCallback((id: string) => {
    const m = flow.getInternalNode(id)?.measured;
    return m?.width && m.height ? { width: m.width, height: m.height } : undefined;
  }, [flow]);
  const handlers = useMemo(
    () => ({
      search: () => setSearching(true), fitView, layout: () => void layout(), pointer: () => pointer.current, sizeOf,
      newNames: { frame: F.defaultFrameName, note: F.defaultNoteText },
    }),
    [fitView, layout, sizeOf, F],
  );
  useBoardShortcuts(shown, handlers, viewed ? history.back : null);

  const errors = useMemo(() => issues.filter((i) => i.severity === "error").length, [issues]);
  const tabs = useMemo<DockTab[]>(() => [
    {
      id: "problems",
      label: (
        <>
          {S.tabs.problems} <span className={errors ? styles.countError : styles.count} data-testid="problem-count">{issues.length}</span>
        </>
      ),
      render: () => <ProblemsPanel issues={issues} onReveal={revealIssue} />,
    },
    { id: "export", label: S.tabs.export, render: () => <BoardExport /> },
    {
      id: "run",
      label: S.tabs.run,
      render: () => (
        <RunTab
          onStarted={(id, ranBoard, request) => {
            // The spans map onto the board as saved at the revision the run ran, not onto edits made since.
            runView.getState().show(id, ranBoard, { count: request.count });
            setDockTab("timeline");
          }}
          onOpen={showRun}
        />
      ),
    },
    { id: "timeline", label: S.tabs.timeline, render: () => <TimelinePanel /> },
    { id: "events", label: S.tabs.events, render: () => <EventStorePanel runId={runId} /> },
    { id: "readModels", label: S.tabs.readModels, render: () => <ReadModelPanel runId={runId} /> },
    { id: "dlq", label: S.tabs.dlq, render: () => <DlqPanel runId={runId} /> },
    { id: "history", label: H.tab, render: () => <HistoryPanel onReveal={revealChange} /> },
  ], [issues, errors, revealIssue, runId, showRun, revealChange, S, H]);
  const openSearch = useCallback(() => setSearching(true), []);
  // Fit and Auto-layout act on the canvas: the keyboard goes back to it, so Delete or C works next
  // (issue 16 bug 3: after Fit, Delete did nothing until the canvas was clicked).
  const runLayout = useCallback(() => {
    focusCanvas();
    void layout();
  }, [layout]);
  const fitFromToolbar = useCallback(() => {
    focusCanvas();
    fitView();
  }, [fitView]);

  return (
    <CoeditProvider value={coedit.session}>
    <RunViewProvider value={runView}>
    <IssuesProvider value={issues}>
      <AnalysisProvider value={analysis}>
    <HistoryProvider value={history}>
    <HighlightContext.Provider value={history.highlights}>
    <div className={styles.page}>
      {/* While an old revision is on screen, the live board's tools are out of reach (inert). */}
      <div className={styles.contents} inert={viewed !== null}>
        <MemoTopBar onLayout={runLayout} onFit={fitFromToolbar} onSearch={openSearch} onDownload={download} layoutBusy={layoutBusy} />
      </div>
      <ConflictBanner saver={coedit} />
      <RevisionBanner />
      <EditorProvider value={shown}>
      <div className={styles.main}>
        <div className={styles.contents} inert={viewed !== null}>
          <MemoPalette center={center} sizeOf={sizeOf} />
        </div>
        <div className={styles.canvasArea}>
          {viewed ? (
            <Canvas key={`revision-${viewed.revision}`} problems={viewedProblems!} invalidEdges={viewedInvalidEdges!} pointer={pointer} readOnly />
          ) : (
            <Canvas key="live" problems={problems} invalidEdges={invalidEdges} pointer={pointer} />
          )}
        </div>
        <aside className={styles.inspector} aria-label={S.inspector}>
          {viewed ? (
            <fieldset className={styles.readOnlyFields} disabled>
              <MemoInspector />
            </fieldset>
          ) : (
            <MemoInspector />
          )}
        </aside>
      </div>
      {searching && (
        <SearchDialog
          onClose={() => setSearching(false)}
          onPick={(id) => {
            setSearching(false);
            reveal(id);
          }}
        />
      )}
      </EditorProvider>
      <MemoDock tabs={tabs} active={dockTab} onActiveChange={setDockTab} />
    </div>
    </HighlightContext.Provider>
    </HistoryProvider>
      </AnalysisProvider>
    </IssuesProvider>
    </RunViewProvider>
    </CoeditProvider>
  );
}

const selectRunId = (s: { runId: string | null }) => s.runId;

/** Problems by sticky, for the canvas's badges. */
function problemIndex(issues: readonly Issue[], sentence: (issue: Issue) => string): ProblemIndex {
  const count = new Map<string, number>();
  const text = new Map<string, string>();
  for (const i of issues) {
    if (!i.nodeId) continue;
    count.set(i.nodeId, (count.get(i.nodeId) ?? 0) + 1);
    text.set(i.nodeId, [text.get(i.nodeId), sentence(i)].filter(Boolean).join("\n"));
  }
  return { count, text };
}

function invalidEdgesOf(issues: readonly Issue[], sentence: (issue: Issue) => string): ReadonlyMap<string, string> {
  return new Map(issues.filter((i) => i.edgeId && i.severity === "error").map((i) => [i.edgeId!, sentence(i)]));
}

/** The Run tab: the run form and progress, then the board's earlier runs. */
function RunTab({ onStarted, onOpen }: { onStarted: ComponentProps<typeof RunPanel>["onStarted"]; onOpen(runId: string): void }) {
  const boardId = useEditor(selectBoardId);
  return (
    <div className={styles.runTab}>
      <RunPanel boardId={boardId} onStarted={onStarted} />
      <RunHistory boardId={boardId} onOpen={onOpen} />
    </div>
  );
}

/** The Export tab: previews follow the board as it is edited. */
function BoardExport() {
  const S = useStrings().board;
  const board = useEditor(selectBoard);
  const boardId = useEditor(selectBoardId);
  return (
    <Suspense fallback={<div className={styles.tabLoading} aria-busy="true">{S.loadingGenerators}</div>}>
      <ExportPanel boardId={boardId} board={board} />
    </Suspense>
  );
}
const selectBoardId = (s: { boardId: string }) => s.boardId;

function focusCanvas(): void {
  document.querySelector<HTMLElement>("[data-testid=canvas]")?.focus({ preventScroll: true });
}
