import { describe, expect, it } from "vitest";
import type { RunContext } from "../context";
import type { DeadLetter } from "../ports/records";
import { SAGA_EVENT, type SagaStreamEvent } from "../saga/sagaState";
import { sagaReplayNote } from "./replay";

/** A context whose store holds one saga stream: all `sagaReplayNote` reads. */
const ctxWith = (events: SagaStreamEvent[]) => ({ store: { events: { readStream: () => Promise.resolve(events) } } }) as unknown as RunContext;

const letter = (stepIndex: number, role: "action" | "compensation", attempt = 1, kind: "command" | "event" = "command"): DeadLetter =>
  ({
    consumerGroup: "kitchen-service",
    messageId: `cmd-${stepIndex}-${role}-${attempt}`,
    message: { eventName: "ApproveTicket", headers: { kind, saga: { saga: "CreateOrderSaga", sagaId: "saga-1", stepIndex, role, attempt, replyTo: "r" } } },
  }) as unknown as DeadLetter;

const sent = (stepIndex: number, role: "action" | "compensation" = "action", attempt = 1): SagaStreamEvent => ({
  type: `Cmd${stepIndex}`,
  data: {},
  eventId: `cmd-${stepIndex}-${role}-${attempt}`,
  metadata: { messageKind: "command", saga: { stepIndex, role, attempt } },
});
const record = (type: string, data: Record<string, unknown> = {}): SagaStreamEvent => ({ type, data });
const started = record(SAGA_EVENT.started, { saga: "CreateOrderSaga" });
const done = (i: number) => [sent(i), record(SAGA_EVENT.stepCompleted, { stepIndex: i })];

describe("sagaReplayNote", () => {
  it("says nothing when the saga took the replayed command's reply, or goes on still, or the letter is no step command", async () => {
    const reopened = [started, ...done(0), sent(1), record(SAGA_EVENT.stepFailed, { stepIndex: 1, reason: "dead-letter", error: "x" }), record(SAGA_EVENT.ended, { outcome: "failed" })];
    const after = [...reopened, record(SAGA_EVENT.reopened, { stepIndex: 1, role: "action", commandId: "cmd-1-action-1" }), record(SAGA_EVENT.stepCompleted, { stepIndex: 1 }), record(SAGA_EVENT.ended, { outcome: "completed" })];
    expect(await sagaReplayNote(ctxWith(after), letter(1, "action"))).toBeNull();
    expect(await sagaReplayNote(ctxWith([started, sent(0)]), letter(0, "action"))).toBeNull();
    expect(await sagaReplayNote(ctxWith(reopened), letter(1, "action", 1, "event"))).toBeNull();
  });

  it("says why when the saga stays failed on that step, or had ended otherwise before it went through", async () => {
    const failed = [started, ...done(0), sent(1), record(SAGA_EVENT.stepFailed, { stepIndex: 1, reason: "dead-letter", error: "ApproveTicket was dead-lettered" }), record(SAGA_EVENT.ended, { outcome: "failed" })];
    expect(await sagaReplayNote(ctxWith(failed), letter(1, "action"))).toBe(
      "ApproveTicket went through, but CreateOrderSaga did not go on: its reply was no success in time, and the saga stays failed (step 2, ApproveTicket was dead-lettered), needing manual intervention (saga-1)",
    );
    const compensated = [...failed.slice(0, -1), sent(0, "compensation"), record(SAGA_EVENT.stepCompensated, { stepIndex: 0 }), record(SAGA_EVENT.ended, { outcome: "compensated" })];
    expect(await sagaReplayNote(ctxWith(compensated), letter(1, "action"))).toBe(
      "ApproveTicket went through, but CreateOrderSaga had ended compensated already: what kitchen-service did is not undone by the saga (saga-1)",
    );
  });
});
