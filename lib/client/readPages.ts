import type { PageLimits } from "../contracts/pages";

/** One page of a paged list as the client sees it. */
export interface Page<T> {
  items: T[];
  /** The `after` of the next page; null when this page reached the end. */
  next: string | null;
}

/**
 * Reads a paged list from its start until at least `wanted` items are in (or the list ends),
 * asking for no more than `limits.max` per request. A panel shows one consistent read from the
 * start: "Load more" and the auto-refresh of a running run both re-read up to what is shown, so
 * rows never repeat or go missing between pages read at different moments.
 */
export async function readPages<T>(loadPage: (after: string | null, limit: number) => Promise<Page<T>>, wanted: number, limits: PageLimits): Promise<Page<T>> {
  const items: T[] = [];
  let after: string | null = null;
  do {
    const limit = Math.min(limits.max, Math.max(1, wanted - items.length));
    const page: Page<T> = await loadPage(after, limit);
    items.push(...page.items);
    // A cursor that does not move on would loop for ever: stop there.
    if (page.next === after) return { items, next: null };
    after = page.next;
  } while (after !== null && items.length < wanted);
  return { items, next: after };
}
