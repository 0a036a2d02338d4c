"use client";
import { useEffect } from "react";
import { io } from "socket.io-client";
import type { RunViewStore } from "../editor/runStore";
import { watchRun, type RealtimeSocket } from "./client";
import { useRunRecord } from "./useRunRecord";
import { SOCKET_PATH } from "./protocol";
import { exposeTestHook } from "../client/testHooks";

let shared: RealtimeSocket | null = null;

/** One socket per browser tab, opened on first use; socket.io reconnects it by itself. */
function socket(): RealtimeSocket {
  if (!shared) {
    shared = io({ path: SOCKET_PATH, transports: ["websocket", "polling"] });
    // For tests only (lib/client/testHooks): lets a spec drop the connection.
    exposeTestHook("__stormflowSocket", shared);
  }
  return shared;
}

/**
 * Streams the run on screen (`runId` from the run view store) into that store: spans after the
 * last seq held, status and counters, and the connection state; resumes after a reconnect.
 */
export function useRunStream(store: RunViewStore, runId: string | null): void {
  useRunRecord(store, runId);
  useEffect(() => {
    if (!runId) return;
    const s = socket();
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
    return () => watcher.stop();
  }, [store, runId]);
}

function lastSeq(store: RunViewStore): number {
  const items = store.getState().items;
  return items.length ? items[items.length - 1]!.seq : 0;
}
