import { describe, expect, it } from "vitest";
import type { SagaStepInfo, SagaStepType } from "../../model";
import { SAGA_EVENT, foldSaga, nextSagaAction, onReply, sagaHistoryProblem, stepsToCompensate, type SagaStreamEvent } from "./sagaState";

const message = (name: string) => ({ name, payload: [] });
const step = (index: number, type: SagaStepType, compensation: boolean, timeoutMs = 1000): SagaStepInfo => ({
  index,
  id: `s${index}`,
  type,
  participant: { kind: "service", name: `P${index}`, nodeId: `p${index}` },
  action: message(`Do${index}`),
  success: message(`Done${index}`),
  failure: message(`Refused${index}`),
  compensation: compensation ? { ...message(`Undo${index}`), reply: message(`Undone${index}`) } : null,
  timeoutMs,
});
// Two compensable steps, the pivot, a retriable step.
const saga = { steps: [step(0, "compensable", true), step(1, "compensable", true), step(2, "pivot", false), step(3, "retriable", false)] };

const started: SagaStreamEvent = { type: SAGA_EVENT.started, data: { saga: "S" } };
const sent = (stepIndex: number, role: "action" | "compensation" = "action", attempt = 1): SagaStreamEvent => ({
  type: `Cmd${stepIndex}`,
  data: {},
  eventId: `cmd-${stepIndex}-${role}-${attempt}`,
  metadata: { messageKind: "command", saga: { stepIndex, role, attempt } },
});
const completed = (stepIndex: number): SagaStreamEvent => ({ type: SAGA_EVENT.stepCompleted, data: { stepIndex } });
const failed = (stepIndex: number, reason = "reply"): SagaStreamEvent => ({ type: SAGA_EVENT.stepFailed, data: { stepIndex, reason, error: "boom" } });
const compensated = (stepIndex: number): SagaStreamEvent => ({ type: SAGA_EVENT.stepCompensated, data: { stepIndex } });
const compensationFailed = (stepIndex: number): SagaStreamEvent => ({ type: SAGA_EVENT.compensationFailed, data: { stepIndex, error: "dead" } });
const ended = (outcome: string): SagaStreamEvent => ({ type: SAGA_EVENT.ended, data: { outcome } });
const upTo = (n: number) => Array.from({ length: n }, (_, i) => [sent(i), completed(i)]).flat();

describe("saga state", () => {
  it("sends the steps in order, waits while a command is out, then ends completed", () => {
    expect(nextSagaAction(foldSaga([started]), saga)).toEqual({ kind: "send", stepIndex: 0, role: "action", attempt: 1 });
    expect(nextSagaAction(foldSaga([started, sent(0)]), saga)).toEqual({ kind: "wait" });
    expect(foldSaga([started, sent(0)]).awaiting).toEqual({ stepIndex: 0, role: "action", attempt: 1, commandId: "cmd-0-action-1" });
    expect(nextSagaAction(foldSaga([started, ...upTo(2)]), saga)).toEqual({ kind: "send", stepIndex: 2, role: "action", attempt: 1 });
    expect(nextSagaAction(foldSaga([started, ...upTo(4)]), saga)).toEqual({ kind: "end", outcome: "completed" });
    expect(nextSagaAction(foldSaga([started, ...upTo(4), ended("completed")]), saga)).toEqual({ kind: "done" });
  });

  it("after a compensable step or the pivot fails, compensates the completed compensable steps in reverse, then ends compensated", () => {
    const history = [started, ...upTo(2), sent(2), failed(2)];
    expect(nextSagaAction(foldSaga(history), saga)).toEqual({ kind: "send", stepIndex: 1, role: "compensation", attempt: 1 });
    expect(nextSagaAction(foldSaga([...history, sent(1, "compensation"), compensated(1)]), saga)).toEqual({ kind: "send", stepIndex: 0, role: "compensation", attempt: 1 });
    expect(nextSagaAction(foldSaga([...history, sent(1, "compensation"), compensated(1), sent(0, "compensation"), compensated(0)]), saga)).toEqual({ kind: "end", outcome: "compensated" });
    expect(nextSagaAction(foldSaga([started, sent(0), failed(0)]), saga)).toEqual({ kind: "end", outcome: "compensated" });
  });

  it("undoes a step that timed out too, before the completed ones: it may have been done; a refused or dead-lettered one is not", () => {
    const timedOut = [started, ...upTo(1), sent(1), failed(1, "timeout")];
    expect(stepsToCompensate(foldSaga(timedOut), saga)).toEqual([1, 0]);
    expect(nextSagaAction(foldSaga(timedOut), saga)).toEqual({ kind: "send", stepIndex: 1, role: "compensation", attempt: 1 });
    expect(stepsToCompensate(foldSaga([started, ...upTo(1), sent(1), failed(1, "reply")]), saga)).toEqual([0]);
    expect(stepsToCompensate(foldSaga([started, ...upTo(1), sent(1), failed(1, "dead-letter")]), saga)).toEqual([0]);
    // The pivot has nothing to undo: a timed-out pivot turns the saga back over the steps before it.
    expect(stepsToCompensate(foldSaga([started, ...upTo(2), sent(2), failed(2, "timeout")]), saga)).toEqual([1, 0]);
    // The atomicity check asks for it: a saga that left a timed-out step in place did not turn back whole.
    expect(sagaHistoryProblem([...timedOut, compensated(0), ended("compensated")], saga)).toMatch(/compensated steps \[1\], expected \[2, 1\]/);
    expect(sagaHistoryProblem([...timedOut, compensated(1), compensated(0), ended("compensated")], saga)).toBeNull();
  });

  it("goes on after a failed compensation when that very command, replayed, succeeds: ends compensated, and says so once", () => {
    const stuck = [started, ...upTo(2), sent(2), failed(2), sent(1, "compensation"), compensationFailed(1), ended("failed")];
    const state = foldSaga(stuck);
    expect(state.compensationFailed).toEqual({ stepIndex: 1, error: "dead", commandId: "cmd-1-compensation-1" });
    // Another reply, or a failure of it, changes nothing.
    expect(onReply(state, saga, { commandId: "cmd-0-action-1", outcome: "success", designMs: 0 }, 5).stale).toBe(true);
    expect(onReply(state, saga, { commandId: "cmd-1-compensation-1", outcome: "fault", designMs: 0 }, 5).stale).toBe(true);
    const effect = onReply(state, saga, { commandId: "cmd-1-compensation-1", outcome: "success", designMs: 0 }, 5);
    expect(effect).toMatchObject({ stale: false, stepOutcome: "compensated", stepIndex: 1 });
    const after = foldSaga([...stuck, ...effect.records]);
    expect(after).toMatchObject({ ended: null, reopened: "failed", compensated: [1], compensationFailed: null });
    expect(nextSagaAction(after, saga)).toEqual({ kind: "send", stepIndex: 0, role: "compensation", attempt: 1 });
    const done = [...stuck, ...effect.records, sent(0, "compensation"), compensated(0), ended("compensated")];
    expect(sagaHistoryProblem(done, saga)).toBeNull();
  });

  it("goes on after a retriable step failed for good when any of its sends, replayed, succeeds in time: the step completes, the rest run, it ends completed", () => {
    const attemptFailed = (stepIndex: number): SagaStreamEvent => ({ type: SAGA_EVENT.attemptFailed, data: { stepIndex } });
    const stuck = [started, ...upTo(3), sent(3), attemptFailed(3), sent(3, "action", 2), failed(3, "dead-letter"), ended("failed")];
    const state = foldSaga(stuck);
    expect(state.actionIds[3]).toEqual(["cmd-3-action-1", "cmd-3-action-2"]);
    // A refusal, a late success, a notice, or a reply to another step's command changes nothing.
    expect(onReply(state, saga, { commandId: "cmd-3-action-1", outcome: "failure", designMs: 0 }, 5).stale).toBe(true);
    expect(onReply(state, saga, { commandId: "cmd-3-action-1", outcome: "success", designMs: 1001 }, 5).stale).toBe(true);
    expect(onReply(state, saga, { commandId: "cmd-3-action-2", outcome: "fault", designMs: 0 }, 5).stale).toBe(true);
    expect(onReply(state, saga, { commandId: "cmd-2-action-1", outcome: "success", designMs: 0 }, 5).stale).toBe(true);
    for (const commandId of ["cmd-3-action-1", "cmd-3-action-2"]) {
      const effect = onReply(state, saga, { commandId, outcome: "success", designMs: 0 }, 5);
      expect(effect).toMatchObject({ stale: false, stepOutcome: "completed", stepIndex: 3, records: [{ type: SAGA_EVENT.reopened, data: { stepIndex: 3, role: "action", commandId } }, { type: SAGA_EVENT.stepCompleted, data: { stepIndex: 3 } }] });
      const after = foldSaga([...stuck, ...effect.records]);
      expect(after).toMatchObject({ ended: null, reopened: "failed", failed: null, completed: [0, 1, 2, 3] });
      expect(nextSagaAction(after, saga)).toEqual({ kind: "end", outcome: "completed" });
      expect(sagaHistoryProblem([...stuck, ...effect.records, ended("completed")], saga)).toBeNull();
      // Once it went on, another send's reply is stale again.
      expect(onReply(foldSaga([...stuck, ...effect.records, ended("completed")]), saga, { commandId: "cmd-3-action-2", outcome: "success", designMs: 0 }, 5).stale).toBe(true);
    }
    // A saga whose pivot failed (and compensated nothing) is not reopened by a success of the pivot.
    const pivot = foldSaga([started, sent(0), completed(0), sent(1), completed(1), sent(2), failed(2), sent(1, "compensation"), compensationFailed(1), ended("failed")]);
    expect(onReply(pivot, saga, { commandId: "cmd-2-action-1", outcome: "success", designMs: 0 }, 5).stale).toBe(true);
  });

  it("ends failed when a retriable step fails for good, or a compensation fails", () => {
    expect(nextSagaAction(foldSaga([started, ...upTo(3), sent(3), failed(3, "dead-letter")]), saga)).toEqual({ kind: "end", outcome: "failed" });
    expect(nextSagaAction(foldSaga([started, ...upTo(2), sent(2), failed(2), sent(1, "compensation"), compensationFailed(1)]), saga)).toEqual({ kind: "end", outcome: "failed" });
  });
});

describe("onReply", () => {
  const waitingOn = (events: SagaStreamEvent[]) => foldSaga(events);
  const reply = (commandId: string, outcome: "success" | "failure" | "fault", designMs = 0) => ({ commandId, outcome, designMs });

  it("completes a step on a success within its timeout; fails it on a refusal, a late success or a dead letter", () => {
    const state = waitingOn([started, sent(0)]);
    expect(onReply(state, saga, reply("cmd-0-action-1", "success", 1000), 5)).toMatchObject({ stepOutcome: "completed", retry: false, records: [{ type: SAGA_EVENT.stepCompleted }] });
    expect(onReply(state, saga, reply("cmd-0-action-1", "failure"), 5)).toMatchObject({ stepOutcome: "failed", records: [{ type: SAGA_EVENT.stepFailed, data: { reason: "reply", error: "P0 replied Refused0" } }] });
    expect(onReply(state, saga, reply("cmd-0-action-1", "success", 1001), 5)).toMatchObject({
      stepOutcome: "failed",
      records: [{ data: { reason: "timeout", error: "no reply within 1000 ms (the participant took 1001 ms)" } }],
    });
    expect(onReply(state, saga, reply("cmd-0-action-1", "fault"), 5)).toMatchObject({ records: [{ data: { reason: "dead-letter" } }] });
  });

  it("sends a retriable step again until its sends run out, whatever failed it", () => {
    const first = waitingOn([started, ...upTo(3), sent(3)]);
    expect(onReply(first, saga, reply("cmd-3-action-1", "failure"), 3)).toMatchObject({ stepOutcome: "retrying", retry: true, records: [{ type: SAGA_EVENT.attemptFailed }] });
    const again = foldSaga([started, ...upTo(3), sent(3), { type: SAGA_EVENT.attemptFailed, data: { stepIndex: 3 } }]);
    expect(nextSagaAction(again, saga)).toEqual({ kind: "send", stepIndex: 3, role: "action", attempt: 2 });
    const last = waitingOn([started, ...upTo(3), sent(3, "action", 3)]);
    expect(onReply(last, saga, reply("cmd-3-action-3", "success", 5000), 3)).toMatchObject({ stepOutcome: "failed", retry: false });
    expect(onReply(first, saga, reply("cmd-3-action-1", "fault"), 3)).toMatchObject({ stepOutcome: "retrying", retry: true });
    expect(onReply(last, saga, reply("cmd-3-action-3", "fault"), 3)).toMatchObject({ stepOutcome: "failed", retry: false, records: [{ data: { reason: "dead-letter" } }] });
  });

  it("compensates on a compensation's success whatever it took, and fails the compensation on its dead letter", () => {
    const state = waitingOn([started, sent(0), completed(0), sent(1), failed(1), sent(0, "compensation")]);
    expect(onReply(state, saga, reply("cmd-0-compensation-1", "success", 999_999), 5)).toMatchObject({ stepOutcome: "compensated", records: [{ type: SAGA_EVENT.stepCompensated }] });
    expect(onReply(state, saga, reply("cmd-0-compensation-1", "fault"), 5)).toMatchObject({ stepOutcome: "compensation-failed", records: [{ type: SAGA_EVENT.compensationFailed }] });
  });

  it("ignores a reply to a command the saga does not wait on: late, duplicated, or after its end", () => {
    const state = waitingOn([started, sent(0), completed(0), sent(1)]);
    expect(onReply(state, saga, reply("cmd-0-action-1", "success"), 5)).toMatchObject({ stale: true, records: [] });
    expect(onReply(waitingOn([started, ...upTo(4), ended("completed")]), saga, reply("cmd-3-action-1", "success"), 5).stale).toBe(true);
  });
});

describe("sagaHistoryProblem", () => {
  it("accepts the three ways a saga ends, in order", () => {
    expect(sagaHistoryProblem([started, ...upTo(4), ended("completed")], saga)).toBeNull();
    expect(sagaHistoryProblem([started, ...upTo(2), sent(2), failed(2), compensated(1), compensated(0), ended("compensated"), { type: "X_FAILED", data: {} }], saga)).toBeNull();
    expect(sagaHistoryProblem([started, ...upTo(3), sent(3), failed(3), ended("failed")], saga)).toBeNull();
    expect(sagaHistoryProblem([started, ...upTo(2), sent(2), failed(2), compensated(1), compensationFailed(0), ended("failed")], saga)).toBeNull();
  });

  it("finds what breaks atomicity", () => {
    expect(sagaHistoryProblem([started, completed(0)], saga)).toMatch(/did not end \(1 of 4 steps done\)/);
    expect(sagaHistoryProblem([started, ...upTo(2), failed(2), compensated(0), compensated(1), ended("compensated")], saga)).toMatch(/compensated steps \[1, 2\], expected \[2, 1\]/);
    expect(sagaHistoryProblem([started, completed(1), ended("completed")], saga)).toMatch(/out of order/);
    expect(sagaHistoryProblem([started, completed(0), ended("completed")], saga)).toMatch(/ended completed after 1 of 4 steps/);
    expect(sagaHistoryProblem([started, ...upTo(3), failed(3), compensated(1), compensated(0), ended("compensated")], saga)).toMatch(/retriable step 4 failed/);
    expect(sagaHistoryProblem([started, ...upTo(2), failed(2), compensated(0), compensationFailed(1), ended("failed")], saga)).toMatch(/out of reverse order/);
    expect(sagaHistoryProblem([completed(0)], saga)).toMatch(/does not begin with its start/);
  });
});
