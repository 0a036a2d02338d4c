import type { SpanKind, TraceItem } from "@/lib/contracts/runs";

/*
 * The timeline's model: spans grouped by correlation (trace), each group's spans in causal order
 * (a depth-first walk of the parent links, siblings by start time), flattened into fixed-height
 * rows for a windowed list. Pure, so the maths is tested without a browser.
 */

/** Every span of one correlation (one entry command and all it caused). */
export interface TraceGroup {
  readonly traceId: string;
  /** The seq of the first span received: groups are shown newest (highest) first. */
  readonly firstSeq: number;
  /** Earliest start and latest end among its spans (epoch ms). */
  start: number;
  end: number;
  /** In the order received (seq order). */
  readonly spans: TraceItem[];
  errors: number;
  compensations: number;
  /** The entry command's span (no parent), once received. */
  root: TraceItem | null;
}

/**
 * Groups a run's spans by trace as they arrive. `sync(items)` takes the run view store's
 * `items` (seq order, only ever appended to) and folds in what is new; a shorter list or a
 * different first item means another run: it starts over.
 */
export class TraceIndex {
  readonly groups = new Map<string, TraceGroup>();
  /** Bumped whenever something changed: memoise on it. */
  version = 0;
  private seen = 0;
  private first: TraceItem | undefined;
  private newestFirst: TraceGroup[] | null = null;

  sync(items: readonly TraceItem[]): boolean {
    if (items.length < this.seen || (this.seen > 0 && items[0] !== this.first)) this.reset();
    if (items.length === this.seen) return false;
    for (let i = this.seen; i < items.length; i++) this.add(items[i]!);
    this.seen = items.length;
    this.first = items[0];
    this.version++;
    return true;
  }

  /** Groups with the latest-started correlation first (by when its first span arrived: no reordering as spans come). */
  ordered(): readonly TraceGroup[] {
    this.newestFirst ??= [...this.groups.values()].reverse();
    return this.newestFirst;
  }

  private reset(): void {
    this.groups.clear();
    this.failures.clear();
    this.seen = 0;
    this.first = undefined;
    this.newestFirst = null;
    this.version++;
  }

  /** Failed attempts already counted, per group: a delivery and its handling that fail are one failure. */
  private readonly failures = new Map<string, Set<string>>();

  private sameFailure(group: { traceId: string }, span: TraceItem): boolean {
    const a = span.attributes;
    if (typeof a.messageId !== "string" || typeof a.attempt !== "number" || (span.kind !== "deliver" && span.kind !== "handle")) return false;
    const key = `${a.messageId}|${typeof a.group === "string" ? a.group : ""}|${a.attempt}`;
    let seen = this.failures.get(group.traceId);
    if (!seen) this.failures.set(group.traceId, (seen = new Set()));
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  }

  private add(span: TraceItem): void {
    let group = this.groups.get(span.traceId);
    if (!group) {
      group = { traceId: span.traceId, firstSeq: span.seq, start: span.startedAt, end: span.endedAt, spans: [], errors: 0, compensations: 0, root: null };
      this.groups.set(span.traceId, group);
      this.newestFirst = null;
    }
    group.spans.push(span);
    if (span.startedAt < group.start) group.start = span.startedAt;
    if (span.endedAt > group.end) group.end = span.endedAt;
    if (span.status === "error" && !this.sameFailure(group, span)) group.errors++;
    if (span.kind === "compensation") group.compensations++;
    if (span.parentSpanId === null && (group.root === null || span.kind === "command")) group.root = span;
  }
}

/** A span with its depth in its trace's tree (0: a root). */
export interface OrderedSpan {
  readonly span: TraceItem;
  readonly depth: number;
}

/**
 * The spans of one trace in causal order: each span followed by its children (by start time,
 * then seq), recursively. A span whose parent is not among them (not received yet, or from
 * another trace) is a root. Iterative, so a deep chain cannot overflow the stack.
 */
export function causalOrder(spans: readonly TraceItem[]): OrderedSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, TraceItem[]>();
  for (const span of spans) {
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) && span.parentSpanId !== span.spanId ? span.parentSpanId : null;
    const list = children.get(parent);
    if (list) list.push(span);
    else children.set(parent, [span]);
  }
  const byStart = (a: TraceItem, b: TraceItem) => a.startedAt - b.startedAt || a.seq - b.seq;
  for (const list of children.values()) list.sort(byStart);

  const out: OrderedSpan[] = [];
  const visited = new Set<string>();
  const stack: OrderedSpan[] = [...(children.get(null) ?? [])].reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (visited.has(next.span.spanId)) continue;
    visited.add(next.span.spanId);
    out.push(next);
    const kids = children.get(next.span.spanId);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: next.depth + 1 });
  }
  // A cycle of parent links (never produced, but data is data) leaves spans unreached: keep them.
  if (out.length < spans.length) for (const span of [...spans].sort(byStart)) if (!visited.has(span.spanId)) out.push({ span, depth: 0 });
  return out;
}

/** The causal order of a group, recomputed only when the group got new spans. */
export class CausalOrderCache {
  private readonly cache = new WeakMap<TraceGroup, { count: number; rows: OrderedSpan[] }>();

  of(group: TraceGroup): OrderedSpan[] {
    const hit = this.cache.get(group);
    if (hit && hit.count === group.spans.length) return hit.rows;
    const rows = causalOrder(group.spans);
    this.cache.set(group, { count: group.spans.length, rows });
    return rows;
  }
}

export type WaterfallRow =
  | { readonly type: "group"; readonly group: TraceGroup; readonly collapsed: boolean }
  | { readonly type: "span"; readonly group: TraceGroup; readonly span: TraceItem; readonly depth: number };

/** Which groups are collapsed: all but the toggled ones, or only the toggled ones. */
export interface CollapseState {
  readonly allCollapsed: boolean;
  readonly toggled: ReadonlySet<string>;
}

export function isCollapsed(state: CollapseState, traceId: string): boolean {
  return state.allCollapsed !== state.toggled.has(traceId);
}

export function toggleGroup(state: CollapseState, traceId: string): CollapseState {
  const toggled = new Set(state.toggled);
  if (!toggled.delete(traceId)) toggled.add(traceId);
  return { allCollapsed: state.allCollapsed, toggled };
}

/** Expands the group of a span being revealed (a selection from the canvas); unchanged if it is open. */
export function expandGroup(state: CollapseState, traceId: string): CollapseState {
  return isCollapsed(state, traceId) ? toggleGroup(state, traceId) : state;
}

/** The rows of the waterfall, built: each group's header, then its spans unless it is collapsed (the reference for `WaterfallLayout`). */
export function flattenRows(
  groups: readonly TraceGroup[],
  collapse: CollapseState,
  order: (group: TraceGroup) => readonly OrderedSpan[],
  filter?: (group: TraceGroup) => boolean,
): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  for (const group of groups) {
    if (filter && !filter(group)) continue;
    const collapsed = isCollapsed(collapse, group.traceId);
    rows.push({ type: "group", group, collapsed });
    if (collapsed) continue;
    for (const { span, depth } of order(group)) rows.push({ type: "span", group, span, depth });
  }
  return rows;
}

/** Where a row is, stably across batches: its group and, for a span row, the span. */
export interface RowRef {
  readonly traceId: string;
  readonly spanId: string | null;
}

export function rowRef(row: WaterfallRow): RowRef {
  return { traceId: row.group.traceId, spanId: row.type === "span" ? row.span.spanId : null };
}

/**
 * The waterfall's rows without building them: each visible group takes one header row plus,
 * unless collapsed, one row per span, and `row(i)` finds row i by binary search over the
 * groups' first rows. Building it costs O(groups), not O(spans), so a 40,000-span run can
 * be re-laid out on every batch; a group's causal order is computed (and cached) only when one
 * of its rows is asked for. Same rows, same order as `flattenRows`.
 */
export class WaterfallLayout {
  readonly count: number;
  private readonly groups: TraceGroup[] = [];
  private readonly starts: number[] = [];
  private readonly collapsedFlags: boolean[] = [];
  private readonly position = new Map<string, number>();

  constructor(
    groups: readonly TraceGroup[],
    collapse: CollapseState,
    private readonly order: (group: TraceGroup) => readonly OrderedSpan[],
    filter?: (group: TraceGroup) => boolean,
  ) {
    let at = 0;
    for (const group of groups) {
      if (filter && !filter(group)) continue;
      const collapsed = isCollapsed(collapse, group.traceId);
      this.position.set(group.traceId, this.groups.length);
      this.groups.push(group);
      this.starts.push(at);
      this.collapsedFlags.push(collapsed);
      at += 1 + (collapsed ? 0 : group.spans.length);
    }
    this.count = at;
  }

  /** Row `i` (0 ≤ i < count). */
  row(i: number): WaterfallRow {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`row ${i} of ${this.count}`);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const group = this.groups[lo]!;
    const offset = i - this.starts[lo]!;
    if (offset === 0) return { type: "group", group, collapsed: this.collapsedFlags[lo]! };
    const { span, depth } = this.order(group)[offset - 1]!;
    return { type: "span", group, span, depth };
  }

  /** Rows [start, end). */
  slice(start: number, end: number): WaterfallRow[] {
    const out: WaterfallRow[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.count); i++) out.push(this.row(i));
    return out;
  }

  /** The index of a group's header row, or of one of its spans' rows; -1 when not shown. */
  indexOf(ref: RowRef): number {
    const g = this.position.get(ref.traceId);
    if (g === undefined) return -1;
    if (ref.spanId === null) return this.starts[g]!;
    if (this.collapsedFlags[g]) return -1;
    const at = this.order(this.groups[g]!).findIndex((o) => o.span.spanId === ref.spanId);
    return at < 0 ? -1 : this.starts[g]! + 1 + at;
  }
}

/** A bar's place on its group's time axis, in percent of the track. */
export interface BarGeometry {
  left: number;
  width: number;
}

/** The narrowest bar drawn (percent), so an instant span is still a visible tick. */
export const MIN_BAR_PERCENT = 0.6;

/**
 * Where a span's bar sits, relative to its group's start and duration: `left` and `width` in
 * percent, the width at least MIN_BAR_PERCENT and the bar kept inside the track.
 */
export function barGeometry(startedAt: number, endedAt: number, groupStart: number, groupEnd: number): BarGeometry {
  const total = groupEnd - groupStart;
  if (!(total > 0)) return { left: 0, width: 100 };
  const clamp = (v: number) => Math.min(100, Math.max(0, v));
  const left = clamp(((startedAt - groupStart) / total) * 100);
  const right = clamp(((Math.max(endedAt, startedAt) - groupStart) / total) * 100);
  const width = Math.max(MIN_BAR_PERCENT, right - left);
  return { left: Math.min(left, 100 - width), width };
}

export type SpanTone = "ok" | "error" | "compensation" | "retry";

/** The bar's colour: errors red, compensations violet, retries and dead letters amber, the rest the ok tone. */
export function spanTone(span: Pick<TraceItem, "kind" | "status">): SpanTone {
  if (span.status === "error") return "error";
  if (span.kind === "compensation") return "compensation";
  if (span.kind === "retry") return "retry";
  return "ok";
}

/** A one-character glyph per span kind (the label goes in the title and the details). */
export const KIND_GLYPH: Readonly<Record<SpanKind, string>> = {
  command: "▸",
  append: "+",
  publish: "↗",
  deliver: "↘",
  handle: "⚙",
  retry: "↻",
  "dead-letter": "✕",
  projection: "▤",
  "saga-step": "→",
  compensation: "↺",
};

/** Where a span's message can be read: its message id and the stream its event was appended to. */
export interface MessageSource {
  readonly messageId: string | null;
  readonly eventType: string | null;
  readonly streamId: string | null;
  /** The span that carries the message id: a `command` span's message is a command, never stored as an event. */
  readonly carrier: TraceItem | null;
}

/**
 * The message a span is about, and where to read it: the nearest `messageId` on the span or
 * its ancestors, and the `streamId` of the append span at or above that one (a delivery's
 * parent is the publish, whose parent is the append that stored the event).
 */
export function messageSource(span: TraceItem, bySpanId: ReadonlyMap<string, TraceItem>): MessageSource {
  let messageId: string | null = null;
  let eventType: string | null = null;
  let carrier: TraceItem | null = null;
  const seen = new Set<string>();
  for (let at: TraceItem | undefined = span; at && !seen.has(at.spanId); at = at.parentSpanId ? bySpanId.get(at.parentSpanId) : undefined) {
    seen.add(at.spanId);
    const a = at.attributes;
    if (messageId === null && typeof a.messageId === "string" && a.messageId) {
      messageId = a.messageId;
      eventType = typeof a.eventType === "string" ? a.eventType : null;
      carrier = at;
    }
    if (messageId !== null && typeof a.streamId === "string" && a.streamId) return { messageId, eventType, streamId: a.streamId, carrier };
  }
  return { messageId, eventType, streamId: null, carrier };
}
