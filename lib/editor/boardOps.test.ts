import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { validateBoard } from "../model/validate";
import { sagaStepEdges } from "../model/sagaEdges";
import { addSagaStep, connectSagaTo, sagaReaches, setStepParticipant } from "./boardOps";

/** A saga with two steps and three possible participants; "Payment" is drawn twice. */
function board() {
  return testBoard(
    [
      sticky("saga", "saga", "OrderSaga", {
        steps: [sagaStep("s1", "svc-inv", "ReserveItems", { compensation: "ReleaseItems" }), sagaStep("s2", undefined, "ChargeCard")],
      }),
      sticky("service", "svc-inv", "InventoryService"),
      sticky("service", "svc-pay", "PaymentService"),
      sticky("service", "svc-pay-2", "paymentservice "),
      sticky("aggregate", "agg-pay", "PaymentService"),
      sticky("event", "evt", "OrderPlaced"),
    ],
    [arrow("evt", "saga"), arrow("saga", "svc-inv")],
  );
}

const ids = () => {
  let n = 0;
  return () => `e-new-${++n}`;
};

describe("saga participants", () => {
  it("sets a step's participant and draws the saga → participant edge in the same edit", () => {
    const before = board();
    const after = setStepParticipant(before, "saga", 1, "svc-pay", ids());
    const saga = after.nodes[0]!;
    expect(saga.kind === "saga" && saga.steps[1]!.participant).toBe("svc-pay");
    expect(after.edges.slice(before.edges.length)).toEqual([{ id: "e-new-1", source: "saga", target: "svc-pay" }]);
    expect(validateBoard(after).filter((i) => i.code === "saga-participant-not-connected")).toEqual([]);
    // The board it came from is untouched.
    expect(before.edges).toHaveLength(2);
  });

  it("draws no edge when one already reaches the participant or a sticky merged with it", () => {
    const connected = setStepParticipant(board(), "saga", 1, "svc-pay", ids());
    const again = setStepParticipant(connected, "saga", 1, "svc-pay-2", ids());
    expect(again.edges).toEqual(connected.edges);
    expect(sagaReaches(again, "saga", "svc-pay-2")).toBe(true);
    // Same name, other kind: not the same thing, so it gets its own edge.
    expect(sagaReaches(again, "saga", "agg-pay")).toBe(false);
    const aggregate = setStepParticipant(again, "saga", 1, "agg-pay", ids());
    expect(aggregate.edges.at(-1)).toMatchObject({ source: "saga", target: "agg-pay" });
  });

  it("never deletes edges: clearing or changing a participant leaves the old edge", () => {
    const connected = setStepParticipant(board(), "saga", 0, "svc-pay", ids());
    const cleared = setStepParticipant(connected, "saga", 0, undefined, ids());
    const saga = cleared.nodes[0]!;
    expect(saga.kind === "saga" && "participant" in saga.steps[0]!).toBe(false);
    expect(cleared.edges).toEqual(connected.edges);
    expect(cleared.edges.some((e) => e.target === "svc-inv")).toBe(true);
  });

  it("returns the same board when nothing changes, and takes an id only for a new edge", () => {
    const start = board();
    let calls = 0;
    const counted = () => `e-${++calls}`;
    expect(setStepParticipant(start, "saga", 0, "svc-inv", counted)).toBe(start);
    expect(setStepParticipant(start, "saga", 9, "svc-pay", counted)).toBe(start);
    expect(setStepParticipant(start, "nope", 0, "svc-pay", counted)).toBe(start);
    expect(calls).toBe(0);
  });

  it("connects only pairs the grammar allows", () => {
    const start = board();
    expect(connectSagaTo(start, "saga", "evt", ids())).toBe(start);
    expect(connectSagaTo(start, "svc-inv", "svc-pay", ids())).toBe(start);
    // The step still records the id (validation reports it); no edge appears.
    const odd = setStepParticipant(start, "saga", 1, "evt", ids());
    expect(odd.edges).toEqual(start.edges);
  });

  it("adds a step and connects its participant", () => {
    const start = board();
    const next = addSagaStep(start, "saga", sagaStep("s3", "agg-pay", "ApproveOrder"), ids());
    const saga = next.nodes[0]!;
    expect(saga.kind === "saga" && saga.steps.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(next.edges.at(-1)).toEqual({ id: "e-new-1", source: "saga", target: "agg-pay" });
    const without = addSagaStep(start, "saga", sagaStep("s3", undefined, "ApproveOrder"), ids());
    expect(without.edges).toBe(start.edges);
  });
});

describe("sagaStepEdges, on boards the editor builds", () => {
  it("numbers the steps each saga → participant edge carries", () => {
    let b = board();
    b = setStepParticipant(b, "saga", 1, "svc-pay", ids());
    b = addSagaStep(b, "saga", sagaStep("s3", "svc-inv", "CheckStock"), ids());
    // A step on a sticky merged with svc-pay travels on the svc-pay edge.
    b = addSagaStep(b, "saga", sagaStep("s4", "svc-pay-2", "Capture"), ids());
    expect(Object.fromEntries(sagaStepEdges(b).ofEdge)).toEqual({ "saga--svc-inv": [1, 3], "e-new-1": [2, 4] });
  });

  it("leaves out edges no step uses and edges into events", () => {
    const b = testBoard(
      [sticky("saga", "saga", "S", { steps: [] }), sticky("service", "svc", "Svc"), sticky("event", "done", "SagaDone")],
      [arrow("saga", "svc"), arrow("saga", "done")],
    );
    expect(sagaStepEdges(b).ofEdge.size).toBe(0);
  });

  it("labels the Order template's saga edges", () => {
    const b = orderFlowTemplate();
    const labels = sagaStepEdges(b).ofEdge;
    const saga = b.nodes.find((n) => n.kind === "saga")!;
    const numbers = [...labels.entries()].map(([id, steps]) => [b.edges.find((e) => e.id === id)!.target, steps]);
    expect(saga.kind === "saga" && saga.steps.length).toBe(numbers.flatMap(([, steps]) => steps as number[]).length);
  });
});
