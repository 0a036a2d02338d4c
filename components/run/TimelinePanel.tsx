"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button, CloseIcon, IconButton, Toggle } from "@/components/ui";
import { runsApi, type DeadLetter, type StoredEvent } from "@/lib/client/runsApi";
import { causalChain } from "@/lib/editor/runPlayback";
import type { RunViewActions, RunViewState } from "@/lib/editor/runStore";
import type { TraceItem } from "@/lib/sim/ports/trace";
import { Empty, JsonBlock, Loading } from "./common";
import { formatClock, formatCount, formatDuration, shortId } from "./format";
import { errorText, useResource, useThrottledItems, useWindowed } from "./hooks";
import { useRunView, useRunViewStore } from "./RunViewContext";
import { runStrings as S } from "./strings";
import {
  CausalOrderCache,
  KIND_GLYPH,
  TraceIndex,
  barGeometry,
  expandGroup,
  WaterfallLayout,
  messageSource,
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

type RunView = RunViewState & RunViewActions;
const selectRunId = (s: RunView) => s.runId;
const selectSelected = (s: RunView) => s.selectedSpanId;
const selectStatus = (s: RunView) => s.status;

export const ROW_HEIGHT = 24;
const MAX_INDENT = 10;

/** What the timeline remembers of a run while the dock shows another tab. */
const memory = new Map<string, { collapse: CollapseState; errorsOnly: boolean; scrollTop: number }>();
const OPEN: CollapseState = { allCollapsed: false, toggled: new Set() };

const rowKey = (row: WaterfallRow) => (row.type === "group" ? `g:${row.group.traceId}` : row.span.spanId);

/**
 * The Timeline tab: a virtualised waterfall of the run's spans grouped by correlation, newest on
 * top; clicking a span selects it (the canvas highlights its causal path) and opens its details.
 */
export function TimelinePanel() {
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

  const remembered = runId ? memory.get(runId) : undefined;
  const [collapse, setCollapse] = useState<CollapseState>(remembered?.collapse ?? OPEN);
  const [errorsOnly, setErrorsOnly] = useState(remembered?.errorsOnly ?? false);
  const [shownRun, setShownRun] = useState(runId);
  if (shownRun !== runId) {
    // Another run on screen: start from its remembered view (or everything open).
    setShownRun(runId);
    const m = runId ? memory.get(runId) : undefined;
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
    if (runId) memory.set(runId, { collapse, errorsOnly, scrollTop: el.scrollTop });
  }, [onScroll, scroller, runId, collapse, errorsOnly]);

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
    el.scrollTop = runId ? (memory.get(runId)?.scrollTop ?? 0) : 0;
    onScroll();
  }, [runId, scroller, onScroll]);

  useEffect(() => {
    if (runId) memory.set(runId, { collapse, errorsOnly, scrollTop: scroller.current?.scrollTop ?? 0 });
  }, [runId, collapse, errorsOnly, scroller]);

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

interface MessageView {
  from: "stream" | "dlq";
  payload: unknown;
  headers: unknown;
  event?: StoredEvent;
  deadLetter?: DeadLetter;
}

/** Found messages by run and message id: they never change once stored. */
const messageCache = new Map<string, MessageView>();

async function loadMessage(runId: string, span: TraceItem, bySpanId: ReadonlyMap<string, TraceItem>): Promise<MessageView | null> {
  const source = messageSource(span, bySpanId);
  if (!source.messageId || source.carrier?.kind === "command") return null;
  const cacheKey = `${runId}:${source.messageId}:${span.kind === "dead-letter" ? "dlq" : "stream"}`;
  const hit = messageCache.get(cacheKey);
  if (hit) return hit;
  let found: MessageView | null = null;
  if (span.kind === "dead-letter" || !source.streamId) {
    const letters = await runsApi.deadLetters(runId);
    const consumer = typeof span.attributes.consumer === "string" ? span.attributes.consumer : null;
    const letter = letters.find((d) => d.messageId === source.messageId && (!consumer || d.consumerGroup === consumer)) ?? letters.find((d) => d.messageId === source.messageId);
    if (letter) found = { from: "dlq", payload: letter.message.payload, headers: letter.message.headers, deadLetter: letter };
  }
  if (!found && source.streamId) {
    const events = await runsApi.streamEvents(source.streamId);
    const event = events.find((e) => e.eventId === source.messageId);
    if (event) found = { from: "stream", payload: event.data, headers: event.metadata, event };
  }
  if (found) messageCache.set(cacheKey, found);
  return found;
}

/** A selected span: its fields, its message, its attributes and its causal chain. */
function SpanDetails({ span, runId, onSelect }: { span: TraceItem; runId: string; onSelect(spanId: string | null): void }) {
  const store = useRunViewStore();
  const bySpanId = store?.getState().bySpanId ?? new Map<string, TraceItem>();
  const chain = causalChain(span, bySpanId).reverse();
  const parent = span.parentSpanId ? bySpanId.get(span.parentSpanId) : undefined;
  const source = messageSource(span, bySpanId);
  const isCommand = source.carrier?.kind === "command";
  const message = useResource<MessageView | null>(source.messageId && !isCommand ? `${runId}:${span.spanId}` : null, () => loadMessage(runId, span, bySpanId));
  const a = span.attributes;
  const attempt = a.attempts ?? a.attempt;

  return (
    <aside className={styles.details} aria-label={S.details} data-testid="span-details">
      <header className={styles.detailsHead}>
        <span className={`${styles.glyph} ${styles[`glyph-${spanTone(span)}`]}`} aria-hidden="true">
          {KIND_GLYPH[span.kind]}
        </span>
        <h3 className={styles.detailsTitle} title={span.name}>
          {span.name}
        </h3>
        <IconButton label={S.closeDetails} size="sm" onClick={() => onSelect(null)}>
          <CloseIcon />
        </IconButton>
      </header>
      <div className={styles.detailsBody}>
        <dl className={styles.fields}>
          <Row label={S.fieldKind}>{S.spanKinds[span.kind]}</Row>
          <Row label={S.fieldStatus}>
            <span className={span.status === "error" ? styles.statusError : styles.statusOk}>{S.spanStatus[span.status]}</span>
            {typeof a.error === "string" ? <span className={styles.errorText}> {a.error}</span> : null}
          </Row>
          <Row label={S.fieldStarted} num>
            {formatClock(span.startedAt)}
          </Row>
          <Row label={S.fieldEnded} num>
            {formatClock(span.endedAt)}
          </Row>
          <Row label={S.fieldDuration} num>
            {formatDuration(span.endedAt - span.startedAt)}
          </Row>
          <Row label={S.fieldCorrelation} mono>
            {span.traceId}
          </Row>
          <Row label={S.fieldCausation}>
            {parent ? (
              <button type="button" className={styles.link} onClick={() => onSelect(parent.spanId)}>
                {parent.name}
              </button>
            ) : span.parentSpanId ? (
              <span className={styles.muted}>{S.parentMissing}</span>
            ) : (
              <span className={styles.muted}>{S.none}</span>
            )}
            {typeof a.causationId === "string" ? <code className={styles.mono}> {a.causationId}</code> : null}
          </Row>
          {source.messageId ? (
            <Row label={S.fieldMessageId} mono>
              {source.messageId}
            </Row>
          ) : null}
          {source.eventType ? <Row label={S.fieldEventType}>{source.eventType}</Row> : null}
          {attempt !== undefined && attempt !== null ? (
            <Row label={S.fieldAttempts} num>
              {String(attempt)}
            </Row>
          ) : null}
          <Row label={S.fieldSpanId} mono>
            {span.spanId}
          </Row>
        </dl>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle}>{S.message}</h4>
          {!source.messageId ? (
            <p className={styles.muted}>{S.messageNone}</p>
          ) : isCommand ? (
            <p className={styles.muted}>{S.messageCommand(source.carrier?.name ?? "")}</p>
          ) : message.loading ? (
            <Loading label={S.messageLoading} />
          ) : message.error ? (
            <p className={styles.errorText}>
              {errorText(message.error)}{" "}
              <button type="button" className={styles.link} onClick={message.reload}>
                {S.retry}
              </button>
            </p>
          ) : !message.data ? (
            <p className={styles.muted}>{S.messageNotFound}</p>
          ) : (
            <>
              <p className={styles.muted}>
                {message.data.from === "dlq"
                  ? S.messageFromDlq
                  : message.data.event
                    ? S.messageFromStream(message.data.event.streamId, message.data.event.version, message.data.event.globalPosition)
                    : null}
              </p>
              <h5 className={styles.subTitle}>{S.payload}</h5>
              <JsonBlock value={message.data.payload} label={S.payload} />
              <h5 className={styles.subTitle}>{S.headers}</h5>
              <JsonBlock value={message.data.headers} label={S.headers} />
            </>
          )}
        </section>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle}>{S.attributes}</h4>
          <dl className={styles.fields}>
            {Object.entries(a).map(([k, v]) => (
              <Row key={k} label={k} mono>
                {v === null ? "null" : String(v)}
              </Row>
            ))}
          </dl>
        </section>

        <section className={styles.section}>
          <h4 className={styles.sectionTitle} title={S.causalChainHint}>
            {S.causalChain}
          </h4>
          <ol className={styles.chain}>
            {chain.map((c) => (
              <li key={c.spanId}>
                <button type="button" className={c.spanId === span.spanId ? styles.chainItemCurrent : styles.chainItem} onClick={() => onSelect(c.spanId)} aria-current={c.spanId === span.spanId || undefined}>
                  <span className={`${styles.glyph} ${styles[`glyph-${spanTone(c)}`]}`} aria-hidden="true">
                    {KIND_GLYPH[c.kind]}
                  </span>
                  <span className={styles.chainKind}>{S.spanKinds[c.kind]}</span>
                  <span className={styles.spanName}>{c.name}</span>
                  <span className={styles.duration}>{formatDuration(c.endedAt - c.startedAt)}</span>
                </button>
              </li>
            ))}
          </ol>
          {chain[0]?.parentSpanId ? <p className={styles.muted}>{S.parentMissing}</p> : null}
        </section>
      </div>
    </aside>
  );
}

function Row({ label, children, mono, num }: { label: string; children: ReactNode; mono?: boolean; num?: boolean }) {
  return (
    <div className={styles.field}>
      <dt>{label}</dt>
      <dd className={mono ? styles.mono : num ? styles.num : undefined}>{children}</dd>
    </div>
  );
}
