import { describe, expect, it } from "vitest";
import { sagaStepEdges } from "./sagaEdges";
import { createOrderSagaTemplate, orderFlowTemplate } from "./template";
import { arrow, sagaStep, sticky, testBoard } from "./testing/testBoards";
import { deriveTopology } from "./topology";
import { validateBoard } from "./validate";

describe("sagaStepEdges", () => {
  const board = () =>
    testBoard(
      [
        sticky("saga", "saga", "Flow", {
          steps: [
            sagaStep("1", "inv", "Reserve", { compensation: "Release" }),
            sagaStep("2", "pay", "Charge", { type: "pivot" }),
            sagaStep("3", "inv-2", "Ship", { type: "retriable" }),
            sagaStep("4", "mail", "Notify", { type: "retriable" }),
          ],
        }),
        sticky("service", "inv", "Inventory"),
        sticky("service", "inv-2", "Inventory"),
        sticky("service", "pay", "Payment"),
        sticky("service", "mail", "Mailer"),
      ],
      // Two arrows to Payment: the first carries its step. None to Mailer.
      [arrow("saga", "inv"), arrow("saga", "pay", "pay-1"), arrow("saga", "pay", "pay-2")],
    );

  it("puts each step on the arrow to its participant, else to a sticky merged with it; null when none reaches it", () => {
    const { ofStep, ofEdge } = sagaStepEdges(board());
    expect(ofStep.get("saga")).toEqual(["saga--inv", "pay-1", "saga--inv", null]);
    expect(Object.fromEntries(ofEdge)).toEqual({ "saga--inv": [1, 3], "pay-1": [2] });
  });

  it("is what validation, the topology and the editor read: the unreached step is the one flagged, and routes cross these arrows", () => {
    const b = board();
    const issues = validateBoard(b).filter((i) => i.code === "saga-participant-not-connected");
    expect(issues.map((i) => i.path)).toEqual(["nodes[0].steps[3].participant"]);
    const routes = deriveTopology(b).groups.flatMap((g) => g.routes.filter((r) => r.kind === "command").map((r) => [r.name, r.edgeId]));
    expect(routes).toEqual(
      expect.arrayContaining([
        ["Reserve", "saga--inv"],
        ["Release", "saga--inv"],
        ["Charge", "pay-1"],
        ["Ship", "saga--inv"],
        ["Notify", null],
      ]),
    );
  });

  it("carries every step of both templates on a drawn arrow", () => {
    for (const template of [orderFlowTemplate(), createOrderSagaTemplate()]) {
      const sagas = template.nodes.filter((n) => n.kind === "saga");
      const { ofStep, ofEdge } = sagaStepEdges(template);
      for (const saga of sagas) expect(ofStep.get(saga.id)?.every((edge) => edge !== null)).toBe(true);
      expect([...ofEdge.values()].flat().length).toBe(sagas.reduce((n, s) => n + (s.kind === "saga" ? s.steps.length : 0), 0));
    }
  });
});
