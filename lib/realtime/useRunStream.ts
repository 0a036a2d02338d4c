"use client";
import { useEffect } from "react";
import type { RunViewStore } from "../editor/runStore";
import { watchRun } from "./client";
import { appSocket } from "./appSocket";
import { useRunRecord } from "./useRunRecord";

/**
 * Streams the run on screen (`runId` from the run view store) into that store: spans after the
 * last seq held, status and counters, and the connection state; resumes after a reconnect, and
 * when the run changed after it ended (`resync`).
 */
export function useRunStream(store: RunViewStore, runId: string | null): void {
  useRunRecord(store, runId);
  useEffect(() => {
    if (!runId) return;
    const s = appSocket();
    // After the server cut this tab off (a slow_consumer error), socket.io does not reconnect by
    // itself; showing a run again is the user asking for it.
    if (!s.active) s.connect();
    const watcher = watchRun(s, runId, {
      items: (items) => store.getState().receive(items),
      status: (msg) => store.getState().setStatus(msg.status, msg.counters, msg.summary),
      connection: (connected) => store.getState().setConnected(connected),
      // The server's reason (slow_consumer, a failed read) is for the user to see beside "offline".
      error: (err) => store.getState().setNotice(err.message),
    }, lastSeq(store));
    store.getState().setConnected(s.connected);
    // The run changed after it ended (a dead letter replayed): its new spans, through the same feed.
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.resyncs !== prev.resyncs) watcher.resume();
    });
    return () => {
      unsubscribe();
      watcher.stop();
    };
  }, [store, runId]);
}

function lastSeq(store: RunViewStore): number {
  const items = store.getState().items;
  return items.length ? items[items.length - 1]!.seq : 0;
}
