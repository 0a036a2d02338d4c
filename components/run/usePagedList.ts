"use client";
import { useCallback, useRef } from "react";
import { readPages, type Page } from "@/lib/client/readPages";
import type { PageLimits } from "@/lib/contracts/pages";
import { useResource, type Resource } from "./hooks";

export interface PagedList<T> extends Resource<Page<T>> {
  /** Asks for one more page (of the shared default size) after what is shown. */
  loadMore(): void;
}

/**
 * A paged list for a panel: the first page on `key`, one more page per `loadMore`, and every
 * refresh (`refreshMs` while a run goes, or `reload`) re-reads up to what is shown, so the list
 * stays one consistent read. Page sizes come from lib/runtime/pages.ts, as the server's do.
 */
export function usePagedList<T>(key: string | null, loadPage: (after: string | null, limit: number) => Promise<Page<T>>, limits: PageLimits, refreshMs: number | null = null): PagedList<T> {
  // The panels remount per run (keyed by run id), so this starts at one page for each run.
  const wanted = useRef(limits.default);
  const list = useResource<Page<T>>(key, () => readPages(loadPage, wanted.current, limits), refreshMs);
  const { reload } = list;
  const shown = list.data?.items.length ?? 0;
  const loadMore = useCallback(() => {
    wanted.current = Math.max(wanted.current, shown) + limits.default;
    reload();
  }, [reload, shown, limits.default]);
  return { ...list, loadMore };
}
