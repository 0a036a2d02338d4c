import type { RunContext } from "../context";
import type { DeadLetter, RunCounters, RunStatus, RunSummary } from "../ports/records";
import { foldSaga } from "../saga/sagaState";
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
 * What a replayed saga step command came to once its flow settled: null when its saga took the
 * reply (the step done, or the compensation), or goes on still; else a note of why it could not,
 * so that a replay the saga ignored is not reported as a plain success: the saga stays failed on
 * that step (the reply was no success, or came too late), or it had ended otherwise before
 * (compensated: what the command did now is not undone).
 */
export async function sagaReplayNote(ctx: RunContext, letter: DeadLetter): Promise<string | null> {
  const headers = letter.message.headers.saga;
  if (letter.message.headers.kind !== "command" || !headers) return null;
  const state = foldSaga(await ctx.store.events.readStream(headers.sagaId));
  if (!state.ended) return null;
  const { stepIndex, role } = headers;
  if (role === "action" ? state.completed.includes(stepIndex) : state.compensated.includes(stepIndex)) return null;
  const what = `${letter.message.eventName} went through`;
  if (state.ended === "failed") {
    const failure = role === "compensation" ? state.compensationFailed : state.failed;
    const why = failure && failure.stepIndex === stepIndex ? `, ${failure.error}` : "";
    return `${what}, but ${headers.saga} did not go on: its reply was no success in time, and the saga stays failed (step ${stepIndex + 1}${why}), needing manual intervention (${headers.sagaId})`;
  }
  return `${what}, but ${headers.saga} had ended ${state.ended} already: what ${letter.consumerGroup} did is not undone by the saga (${headers.sagaId})`;
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
