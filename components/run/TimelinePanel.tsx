"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { Button, Toggle } from "@/components/ui";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import type { TraceItem } from "@/lib/contracts/runs";
import { Empty } from "./common";
import { formatClock, formatCount, formatDuration, shortId } from "./format";
import { useThrottledItems, useWindowed } from "./hooks";
import { usePanelMemory, useRunView, useRunViewStore } from "./RunViewContext";
import { SpanDetails } from "./SpanDetails";
import {
  CausalOrderCache,
  KIND_GLYPH,
  TraceIndex,
  barGeometry,
  expandGroup,
  WaterfallLayout,
  rowRef,
  spanTone,
  toggleGroup,
  type CollapseState,
  type RowRef,
  type TraceGroup,
  type WaterfallRow,
} from "./waterfall";
import { scrollToReveal } from "./windowing";
import styles from "./TimelinePanel.module.css";
import { useStrings } from "@/components/i18n/LocaleProvider";

type RunView = RunViewState & RunViewActions;
const selectRunId = (s: RunView) => s.runId;
const selectSelected = (s: RunView) => s.selectedSpanId;
const selectStatus = (s: RunView) => s.status;

export const ROW_HEIGHT = 24;
const MAX_INDENT = 10;

/** What the timeline remembers of a run while the dock shows another tab (in the run view store's memory). */
interface TimelineMemory {
  collapse: CollapseState;
  errorsOnly: boolean;
  scrollTop: number;
}
const memoryKey = (runId: string) => `timeline:${runId}`;
const OPEN: CollapseState = { allCollapsed: false, toggled: new Set() };

const rowKey = (row: WaterfallRow) => (row.type === "group" ? `g:${row.group.traceId}` : row.span.spanId);

/**
 * The Timeline tab: a virtualised waterfall of the run's spans grouped by correlation, newest on
 * top; clicking a span selects it (the canvas highlights its causal path) and opens its details.
 */
export function TimelinePanel() {
  const S = useStrings().run;
  const items = useThrottledItems();
  const runId = useRunView(selectRunId, null);
  const selectedSpanId = useRunView(selectSelected, null);
  const status = useRunView(selectStatus, null);
  const store = useRunViewStore();

  const [index] = useState(() => new TraceIndex());
  const [orderCache] = useState(() => new CausalOrderCache());
  // Folding spans in is incremental and idempotent, so it may run during render.
  const version = useMemo(() => {
    index.sync(items);
    return index.version;
  }, [index, items]);

  const memory = usePanelMemory();
  const recall = (id: string | null) => (id ? memory.recall<TimelineMemory>(memoryKey(id)) : undefined);
  const remembered = recall(runId);
  const [collapse, setCollapse] = useState<CollapseState>(remembered?.collapse ?? OPEN);
  const [errorsOnly, setErrorsOnly] = useState(remembered?.errorsOnly ?? false);
  const [shownRun, setShownRun] = useState(runId);
  if (shownRun !== runId) {
    // Another run on screen: start from its remembered view (or everything open).
    setShownRun(runId);
    const m = recall(runId);
    setCollapse(m?.collapse ?? OPEN);
    setErrorsOnly(m?.errorsOnly ?? false);
  }

  const layout = useMemo(
    () => new WaterfallLayout(index.ordered(), collapse, (g) => orderCache.of(g), errorsOnly ? (g) => g.errors > 0 : undefined),
    // `version` stands for the index's content (the index itself is mutated in place).
    [index, orderCache, version, collapse, errorsOnly],
  );

  const win = useWindowed(layout.count, ROW_HEIGHT);
  const scroller = win.ref;
  const onScroll = win.onScroll;
  const layoutRef = useRef(layout);

  // Keep what the user looks at in place when new correlations arrive on top (at the very top,
  // the newest simply shows up).
  const anchor = useRef<{ ref: RowRef; offset: number } | null>(null);
  const handleScroll = useCallback(() => {
    onScroll();
    const el = scroller.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / ROW_HEIGHT);
    const rows = layoutRef.current;
    anchor.current = el.scrollTop > 0 && first < rows.count ? { ref: rowRef(rows.row(first)), offset: el.scrollTop - first * ROW_HEIGHT } : null;
    if (runId) memory.remember(memoryKey(runId), { collapse, errorsOnly, scrollTop: el.scrollTop });
  }, [onScroll, scroller, runId, collapse, errorsOnly, memory]);

  // A span selected elsewhere (the canvas, the causal chain, the keyboard) is brought into view
  // once its row exists.
  const pendingReveal = useRef<RowRef | null>(null);
  const reveal = useCallback(() => {
    const ref = pendingReveal.current;
    const el = scroller.current;
    if (!ref || !el) return;
    const at = layoutRef.current.indexOf(ref);
    if (at < 0) return;
    pendingReveal.current = null;
    const top = scrollToReveal(at, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (top !== null) {
      el.scrollTop = top;
      anchor.current = null;
      onScroll();
    }
  }, [scroller, onScroll]);

  useLayoutEffect(() => {
    layoutRef.current = layout;
    const el = scroller.current;
    const a = anchor.current;
    if (el && a) {
      const at = layout.indexOf(a.ref);
      const top = at * ROW_HEIGHT + a.offset;
      if (at >= 0 && Math.abs(el.scrollTop - top) >= 1) {
        el.scrollTop = top;
        onScroll();
      }
    }
    if (pendingReveal.current) reveal();
  }, [layout, scroller, onScroll, reveal]);

  // Restore the scroll position of a run seen before.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = recall(runId)?.scrollTop ?? 0;
    onScroll();
    // Only when another run is shown: `recall` reads the memory as it is then.
  }, [runId, scroller, onScroll]);

  useEffect(() => {
    if (runId) memory.remember(memoryKey(runId), { collapse, errorsOnly, scrollTop: scroller.current?.scrollTop ?? 0 });
  }, [runId, collapse, errorsOnly, scroller, memory]);

  useEffect(() => {
    if (!selectedSpanId || !store) return;
    const span = store.getState().bySpanId.get(selectedSpanId);
    if (!span) return;
    pendingReveal.current = { traceId: span.traceId, spanId: span.spanId };
    setCollapse((c) => expandGroup(c, span.traceId));
    if (index.groups.get(span.traceId)?.errors === 0) setErrorsOnly(false);
    reveal();
  }, [selectedSpanId, store, index, reveal]);

  const select = useCallback((spanId: string | null) => store?.getState().selectSpan(spanId), [store]);
  const toggle = useCallback((traceId: string) => setCollapse((c) => toggleGroup(c, traceId)), []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const rows = layoutRef.current;
    const current = selectedSpanId && store ? store.getState().bySpanId.get(selectedSpanId) : undefined;
    const from = current ? rows.indexOf({ traceId: current.traceId, spanId: current.spanId }) : -1;
    const step = e.key === "ArrowDown" ? 1 : -1;
    // A few rows at most: headers are skipped, and a collapsed group is a single header.
    for (let i = from + step; i >= 0 && i < rows.count; i += step) {
      const row = rows.row(i);
      if (row.type === "span") {
        e.preventDefault();
        select(row.span.spanId);
        return;
      }
    }
  };

  if (!runId) return <Empty testId="timeline-empty">{S.noRunHere}</Empty>;

  const selected = selectedSpanId && store ? store.getState().bySpanId.get(selectedSpanId) : undefined;
  const groups = index.groups.size;
  const visible = layout.slice(win.range.start, win.range.end);

  return (
    <div className={styles.panel} data-testid="timeline">
      <div className={styles.main}>
        <div className={styles.toolbar}>
          <span className={styles.totals}>
            {S.correlations(formatCount(groups))} · {S.spans(formatCount(items.length))}
          </span>
          {status === "running" ? <span className={styles.live}>{S.live}</span> : null}
          <span className={styles.spacer} />
          <Toggle compact checked={errorsOnly} onChange={setErrorsOnly} label={S.errorsOnly} />
          <Button size="sm" variant="ghost" onClick={() => setCollapse({ allCollapsed: false, toggled: new Set() })}>
            {S.expandAll}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setCollapse({ allCollapsed: true, toggled: new Set() })}>
            {S.collapseAll}
          </Button>
        </div>
        <div
          ref={scroller}
          className={styles.scroller}
          onScroll={handleScroll}
          onKeyDown={onKeyDown}
          role="tree"
          aria-label={S.timelineLabel}
          data-testid="timeline-rows"
          data-row-count={layout.count}
        >
          {items.length === 0 ? (
            <Empty>{S.timelineEmpty}</Empty>
          ) : layout.count === 0 ? (
            <Empty>{S.noMatching}</Empty>
          ) : (
            <div className={styles.sizer} style={{ height: layout.count * ROW_HEIGHT }}>
              <div className={styles.window} style={{ transform: `translateY(${win.range.start * ROW_HEIGHT}px)` }}>
                {visible.map((row) =>
                  row.type === "group" ? (
                    <GroupRow
                      key={rowKey(row)}
                      group={row.group}
                      collapsed={row.collapsed}
                      spanCount={row.group.spans.length}
                      errors={row.group.errors}
                      compensations={row.group.compensations}
                      end={row.group.end}
                      onToggle={toggle}
                    />
                  ) : (
                    <SpanRow
                      key={row.span.spanId}
                      span={row.span}
                      depth={row.depth}
                      groupStart={row.group.start}
                      groupEnd={row.group.end}
                      selected={row.span.spanId === selectedSpanId}
                      onSelect={select}
                    />
                  ),
                )}
              </div>
            </div>
          )}
        </div>
      </div>
      {selected ? <SpanDetails key={selected.spanId} span={selected} runId={runId} onSelect={select} /> : null}
    </div>
  );
}

const GroupRow = memo(function GroupRow({
  group,
  collapsed,
  spanCount,
  errors,
  compensations,
  end,
  onToggle,
}: {
  group: TraceGroup;
  collapsed: boolean;
  /** Passed (not read from the group, which grows in place) so the memoised row re-renders. */
  spanCount: number;
  errors: number;
  compensations: number;
  end: number;
  onToggle(traceId: string): void;
}) {
  const S = useStrings().run;
  return (
    <div className={styles.groupRow} role="treeitem" aria-expanded={!collapsed} aria-level={1} data-trace={group.traceId}>
      <button type="button" className={styles.groupButton} onClick={() => onToggle(group.traceId)} aria-label={`${collapsed ? S.expandGroup : S.collapseGroup} ${group.traceId}`}>
        <span className={styles.caret} aria-hidden="true">
          {collapsed ? "▸" : "▾"}
        </span>
        <span className={styles.groupName}>{group.root?.name ?? shortId(group.traceId)}</span>
        <code className={styles.groupId} title={group.traceId}>
          {shortId(group.traceId)}
        </code>
        <span className={styles.groupMeta}>{S.spans(formatCount(spanCount))}</span>
        {errors > 0 ? <span className={styles.badgeError}>{S.groupErrors(errors)}</span> : null}
        {compensations > 0 ? <span className={styles.badgeComp}>{S.groupCompensations(compensations)}</span> : null}
        <span className={styles.spacer} />
        <span className={styles.groupTime}>{formatClock(group.start)}</span>
        <span className={styles.duration}>{formatDuration(end - group.start)}</span>
      </button>
    </div>
  );
});

const SpanRow = memo(function SpanRow({
  span,
  depth,
  groupStart,
  groupEnd,
  selected,
  onSelect,
}: {
  span: TraceItem;
  depth: number;
  groupStart: number;
  groupEnd: number;
  selected: boolean;
  onSelect(spanId: string): void;
}) {
  const S = useStrings().run;
  const bar = barGeometry(span.startedAt, span.endedAt, groupStart, groupEnd);
  const tone = spanTone(span);
  return (
    <button
      type="button"
      role="treeitem"
      aria-level={2 + Math.min(depth, MAX_INDENT)}
      aria-selected={selected}
      className={selected ? styles.spanRowSelected : styles.spanRow}
      onClick={() => onSelect(span.spanId)}
      data-span={span.spanId}
      data-kind={span.kind}
      data-status={span.status}
      title={`${S.spanKinds[span.kind]} · ${span.name}`}
    >
      <span className={styles.label} style={{ paddingLeft: 18 + Math.min(depth, MAX_INDENT) * 12 }}>
        <span className={`${styles.glyph} ${styles[`glyph-${tone}`]}`} aria-label={S.spanKinds[span.kind]}>
          {KIND_GLYPH[span.kind]}
        </span>
        <span className={styles.spanName}>{span.name}</span>
      </span>
      <span className={styles.track} aria-hidden="true">
        <span className={`${styles.bar} ${styles[`bar-${tone}`]}`} style={{ left: `${bar.left}%`, width: `${bar.width}%` }} />
      </span>
      <span className={styles.duration}>{formatDuration(span.endedAt - span.startedAt)}</span>
    </button>
  );
});
