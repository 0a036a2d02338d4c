"use client";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ApiError, revisionsApi } from "@/lib/client/revisionsApi";
import { EMPTY_LIST, PAGE_SIZE, appendOlder, mergeNewest, type RevisionList } from "./revisionList";

export interface RevisionListState {
  readonly list: RevisionList;
  /** True until the first page arrived (or failed). */
  readonly loading: boolean;
  readonly loadingOlder: boolean;
  readonly error: ApiError | null;
  reload(): void;
  loadOlder(): void;
}

/**
 * The board's revisions, newest first, a page at a time: reloaded from the top whenever
 * `revision` (the board's current revision) moves, keeping the older pages already shown.
 */
export function useRevisionList(boardId: string, revision: number): RevisionListState {
  const [list, setList] = useState<RevisionList>(EMPTY_LIST);
  const [loaded, setLoaded] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ticket = useRef(0);
  const listRef = useRef(list);
  useLayoutEffect(() => {
    listRef.current = list;
  });

  const reload = useCallback(() => {
    const mine = ++ticket.current;
    revisionsApi.list(boardId, undefined, PAGE_SIZE).then(
      (page) => {
        if (mine !== ticket.current) return;
        setList((l) => mergeNewest(l, page));
        setError(null);
        setLoaded(true);
      },
      (err: unknown) => {
        if (mine !== ticket.current) return;
        setError(asApiError(err));
        setLoaded(true);
      },
    );
  }, [boardId]);

  useEffect(() => reload(), [reload, revision]);

  const loadOlder = useCallback(() => {
    const before = listRef.current.next;
    if (before === null) return;
    const mine = ticket.current;
    setLoadingOlder(true);
    revisionsApi.list(boardId, before, PAGE_SIZE).then(
      (page) => {
        setLoadingOlder(false);
        // A refresh that started meanwhile may have replaced the list: then this page is not its continuation.
        if (mine === ticket.current && listRef.current.next === before) setList((l) => appendOlder(l, page));
      },
      (err: unknown) => {
        setLoadingOlder(false);
        setError(asApiError(err));
      },
    );
  }, [boardId]);

  return { list, loading: !loaded, loadingOlder, error, reload, loadOlder };
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, "client_error", err instanceof Error ? err.message : String(err));
}
