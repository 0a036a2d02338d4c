import { describe, expect, it } from "vitest";
import { SAGA_EVENT, foldSaga, nextSagaAction, sagaHistoryProblem } from "./sagaState";

const saga = {
  steps: [
    { id: "a", service: "A", action: "do a", compensation: "undo a" },
    { id: "b", service: "B", action: "do b", compensation: null },
    { id: "c", service: "C", action: "do c", compensation: "undo c" },
    { id: "d", service: "D", action: "do d", compensation: "undo d" },
  ],
};
const started = { type: SAGA_EVENT.started, data: { saga: "S" } };
const completed = (stepIndex: number) => ({ type: SAGA_EVENT.stepCompleted, data: { stepIndex } });
const failed = (stepIndex: number) => ({ type: SAGA_EVENT.stepFailed, data: { stepIndex, error: "boom" } });
const compensated = (stepIndex: number) => ({ type: SAGA_EVENT.stepCompensated, data: { stepIndex } });
const ended = (outcome: string) => ({ type: SAGA_EVENT.ended, data: { outcome } });

describe("saga state", () => {
  it("runs the steps in order, then ends completed", () => {
    expect(nextSagaAction(foldSaga([started]), saga)).toEqual({ kind: "step", stepIndex: 0 });
    expect(nextSagaAction(foldSaga([started, completed(0), completed(1)]), saga)).toEqual({ kind: "step", stepIndex: 2 });
    expect(nextSagaAction(foldSaga([started, completed(0), completed(1), completed(2), completed(3)]), saga)).toEqual({ kind: "end", outcome: "completed" });
    expect(nextSagaAction(foldSaga([started, completed(0), ended("completed")]), saga)).toEqual({ kind: "done" });
  });

  it("after a failure compensates the completed steps in reverse, passing over steps without a compensation, never the failed one", () => {
    const history = [started, completed(0), completed(1), completed(2), failed(3)];
    expect(nextSagaAction(foldSaga(history), saga)).toEqual({ kind: "compensate", stepIndex: 2 });
    expect(nextSagaAction(foldSaga([...history, compensated(2)]), saga)).toEqual({ kind: "compensate", stepIndex: 0 });
    expect(nextSagaAction(foldSaga([...history, compensated(2), compensated(0)]), saga)).toEqual({ kind: "end", outcome: "compensated" });
    expect(nextSagaAction(foldSaga([started, failed(0)]), saga)).toEqual({ kind: "end", outcome: "compensated" });
  });

  it("finds atomicity problems in a history", () => {
    const good = [started, completed(0), completed(1), completed(2), failed(3), compensated(2), compensated(0), ended("compensated"), { type: "X_FAILED", data: {} }];
    expect(sagaHistoryProblem(good, saga)).toBeNull();
    expect(sagaHistoryProblem([started, completed(0), completed(1), completed(2), completed(3), ended("completed")], saga)).toBeNull();
    expect(sagaHistoryProblem([started, completed(0)], saga)).toMatch(/did not end \(1 of 4 steps done\)/);
    expect(sagaHistoryProblem([started, completed(0), completed(1), completed(2), failed(3), compensated(0), compensated(2), ended("compensated")], saga)).toMatch(
      /compensated steps \[0, 2\], expected \[2, 0\]/,
    );
    expect(sagaHistoryProblem([started, completed(0), failed(1), compensated(1), compensated(0), ended("compensated")], saga)).toMatch(/expected \[0\]/);
    expect(sagaHistoryProblem([started, completed(1), ended("completed")], saga)).toMatch(/out of order/);
    expect(sagaHistoryProblem([started, completed(0), ended("completed")], saga)).toMatch(/ended completed after 1 of 4 steps/);
    expect(sagaHistoryProblem([completed(0)], saga)).toMatch(/does not begin with its start/);
  });
});
