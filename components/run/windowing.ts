/** The rows to render of a fixed-row-height list: [start, end) with `overscan` rows either side. */
export interface RowRange {
  start: number;
  end: number;
}

/**
 * Which rows of a list of `count` rows, each `rowHeight` px tall, a viewport `viewport` px tall
 * scrolled to `scrollTop` shows, widened by `overscan` rows on each side (so a fast scroll does
 * not flash blank rows). Clamped to the list; empty when the list is.
 */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): RowRange {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.min(count, Math.ceil((top + Math.max(0, viewport)) / rowHeight));
  return { start: Math.max(0, first - overscan), end: Math.min(count, Math.max(last, first + 1) + overscan) };
}

/**
 * The scrollTop that brings row `index` into view, or null when it already is (fully). A row
 * above the view lands at the top, one below it at the bottom: the smallest jump, as the
 * browser's scrollIntoView({block: "nearest"}) does.
 */
export function scrollToReveal(index: number, scrollTop: number, viewport: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewport) return Math.max(0, bottom - viewport);
  return null;
}
