"use client";
import { useEffect } from "react";
import { runsApi } from "../client/runsApi";
import { TERMINAL_STATUSES } from "../contracts/runs";
import type { RunViewStore } from "../editor/runStore";
import type { Board } from "../model/schema";
import { isGoing } from "../editor/runSource";

/** How often the record is read while the socket is down and the run goes on. */
export const RECORD_POLL_MS = 1_500;

/**
 * The run record of the run on screen, kept in its run view store: read when the run is shown,
 * when the live feed says it ended (for the final summary) and when it changed after that
 * (`resync`: a dead letter replayed), and polled while the socket is down
 * and the run goes on: the one fallback of the live status, inside the client library, so a panel
 * reads one store and merges nothing itself (`shownRun`).
 */
export function useRunRecord(store: RunViewStore, runId: string | null): void {
  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let inFlight = false;
    // A read asked for while one is in flight (the run ended mid-poll) runs after it, never dropped:
    // the one in flight may have started before the end and miss the final summary.
    let again = false;
    const load = async () => {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      try {
        const record = await runsApi.get(runId);
        if (!stopped) store.getState().setRecord(record);
      } catch {
        // The next tick (or the socket) tries again; the panel shows what it has.
      } finally {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          void load();
        }
      }
    };
    void load();
    const timer = setInterval(() => {
      const s = store.getState();
      if (!s.connected && isGoing(s.status) && document.visibilityState !== "hidden") void load();
    }, RECORD_POLL_MS);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.status !== prev.status && s.status !== null && TERMINAL_STATUSES.has(s.status)) void load();
      else if (s.resyncs !== prev.resyncs) void load();
    });
    return () => {
      stopped = true;
      clearInterval(timer);
      unsubscribe();
    };
  }, [store, runId]);
}

/** Reads the record of the run on screen once more (after Stop, say). */
export async function refreshRunRecord(store: RunViewStore): Promise<void> {
  const runId = store.getState().runId;
  if (runId) store.getState().setRecord(await runsApi.get(runId));
}

/**
 * When a board page opens with nothing shown, shows the board's run that is still going (the
 * newest), so a reload mid-run comes back to it, with its progress, badges and Stop, instead of an
 * empty Run tab that would let a second run start beside it.
 */
export function useShowGoingRun(store: RunViewStore, boardId: string, board: () => Board): void {
  useEffect(() => {
    let cancelled = false;
    runsApi.history(boardId).then(
      (runs) => {
        const going = runs.find((run) => run.status === "running");
        if (!cancelled && going && store.getState().runId === null) store.getState().show(going.runId, board(), { count: going.scenario.count });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
    // Once per board page; `board` is read when the answer comes.
  }, [store, boardId, board]);
}
