import type { RunContext } from "../context";
import type { DeadLetter, RunCounters, RunStatus, RunSummary } from "../ports/records";
import { RunGraphFold, graphTotals } from "../trace/graph";
import type { Counters } from "./counters";
import { checkInvariants } from "./invariants";
import type { ReplayReport } from "./simulatorApi";
import { foldStoredSpans } from "./storedRun";

/*
 * Replaying dead letters: each delivered again to the group that gave up on it, with the same
 * message id, and its outcome stored on the letter. On a run that had finished, the stored
 * summary is then brought up to date (simulator.ts serialises replays; activeRun.ts settles them).
 */

/** Delivers dead letters again, each to its group, waiting for the outcomes. */
export async function replayLetters(ctx: RunContext, letters: readonly DeadLetter[]): Promise<ReplayReport["results"]> {
  return Promise.all(
    letters.map(async (letter) => {
      const outcome = await ctx.broker.send(letter.consumerGroup, letter.message);
      const ok = outcome.status === "processed" || outcome.status === "duplicate";
      await ctx.store.markReplayed(ctx.runId, letter.consumerGroup, letter.messageId, ok ? "ok" : "error", new Date(ctx.clock.now()).toISOString());
      return { consumerGroup: letter.consumerGroup, status: ok ? ("ok" as const) : ("error" as const), error: ok ? null : "error" in outcome ? outcome.error : null };
    }),
  );
}

/**
 * After a replay on a finished run (what it appended published, its spans stored): bring the
 * stored summary up to date, so that it says what the run now did: the graph folded again from
 * every stored span (the replay's included, as the canvas folds them), and the invariants and
 * saga outcomes checked again (a replayed compensation may end its saga).
 */
export async function storeSummaryAfterReplay(ctx: RunContext, tally: Counters): Promise<void> {
  const { store, runId } = ctx;
  const record = await store.getRun(runId);
  if (!record) return;
  const letters = await store.listDeadLetters(runId);
  const counters: RunCounters = { ...record.counters, events: { ...record.counters.events, deadLettered: letters.filter((d) => d.replayStatus !== "ok").length }, spans: tally.spans };
  if (!record.summary) {
    await store.updateRun(runId, { counters });
    return;
  }
  const report = await checkInvariants({
    runId,
    topology: ctx.topology,
    store,
    scheduler: ctx.scheduler,
    duplicatesSkipped: record.summary.events.duplicatesSkipped,
  });
  const fold = new RunGraphFold();
  await foldStoredSpans(store, runId, fold);
  const graph = fold.snapshot();
  // The replay's deliveries were counted on the tally, which started from the stored counters.
  const events = {
    ...record.summary.events,
    delivered: tally.events.delivered,
    duplicatesSkipped: tally.events.duplicatesSkipped,
    appended: report.appended,
    published: report.published,
    deadLettered: report.deadLettered,
    retried: graphTotals(graph).retried,
  };
  const ok = report.invariants.every((i) => i.ok);
  const status: RunStatus = record.status === "error" ? "error" : !ok ? "failed" : record.status === "stopped" ? "stopped" : "completed";
  const summary: RunSummary = { ...record.summary, status, sagas: { ...report.sagas }, events, messages: report.messages, invariants: report.invariants, graph };
  // A finished run's counters say what its summary says (the Run tab shows both side by side):
  // dead letters are every message that was dead-lettered, as on the graph and in the DLQ tab,
  // which marks the replayed ones.
  await store.updateRun(runId, { status, counters: { ...counters, events, sagas: { ...report.sagas } }, summary });
}
