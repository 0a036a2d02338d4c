import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "@/lib/model/template";
import type { SagaStep } from "@/lib/model/schema";
import { arrow, sagaStep, sticky, testBoard } from "@/lib/model/testing/testBoards";
import { validateBoard } from "@/lib/model/validate";
import {
  defaultParticipant,
  defaultStepType,
  freshActionName,
  nameProblem,
  newSagaStep,
  optionOf,
  parseTimeout,
  participantOptions,
  renameAction,
  renameCompensation,
  renameCompensationReply,
  renameFailure,
  renameSuccess,
  shownMessageSlots,
  STEP_MESSAGE_SLOTS,
  stepIssues,
  withoutCompensation,
} from "./sagaSteps";

const board = () =>
  testBoard([
    sticky("saga", "saga", "OrderSaga", { steps: [] }),
    sticky("event", "evt", "OrderPlaced"),
    sticky("service", "svc-pay", "PaymentService"),
    sticky("aggregate", "agg-order", "Order"),
    sticky("service", "svc-pay-2", " paymentservice"),
    sticky("externalSystem", "ext-bank", "Bank"),
    sticky("aggregate", "agg-pay", "PaymentService"),
  ]);

describe("participant options", () => {
  it("lists services, aggregates and external systems once per kind and name, in board order", () => {
    expect(participantOptions(board())).toEqual([
      { id: "svc-pay", name: "PaymentService", kind: "service", nodeIds: ["svc-pay", "svc-pay-2"] },
      { id: "agg-order", name: "Order", kind: "aggregate", nodeIds: ["agg-order"] },
      { id: "ext-bank", name: "Bank", kind: "externalSystem", nodeIds: ["ext-bank"] },
      { id: "agg-pay", name: "PaymentService", kind: "aggregate", nodeIds: ["agg-pay"] },
    ]);
  });

  it("maps a stored participant to its option, whichever sticky of the name it names", () => {
    const options = participantOptions(board());
    expect(optionOf(options, "svc-pay-2")?.id).toBe("svc-pay");
    expect(optionOf(options, "evt")).toBeNull();
    expect(optionOf(options, undefined)).toBeNull();
  });
});

describe("new steps", () => {
  const step = (type: SagaStep["type"]): SagaStep => sagaStep(`s-${type}`, undefined, "X", { type });

  it("are the pivot first, then retriable; compensable before a later pivot", () => {
    expect(defaultStepType([], 0)).toBe("pivot");
    expect(defaultStepType([step("pivot")], 1)).toBe("retriable");
    expect(defaultStepType([step("compensable")], 1)).toBe("pivot");
    expect(defaultStepType([step("compensable"), step("pivot")], 1)).toBe("compensable");
  });

  it("take the first participant the saga already reaches, a fresh action name and replies named after it", () => {
    const connected = testBoard(board().nodes, [arrow("evt", "saga"), arrow("saga", "evt"), arrow("saga", "ext-bank"), arrow("saga", "svc-pay")]);
    const first = newSagaStep(connected, "saga", [], "s1", "DoSomething");
    expect(first).toEqual({
      id: "s1",
      type: "pivot",
      participant: "ext-bank",
      action: { name: "DoSomething", payload: [] },
      replies: { success: { name: "DoSomethingCompleted", payload: [] }, failure: { name: "DoSomethingFailed", payload: [] } },
    });
    const second = newSagaStep(connected, "saga", [first], "s2", "DoSomething");
    expect(second).toMatchObject({ type: "retriable", action: { name: "DoSomething2" }, replies: { success: { name: "DoSomething2Completed" } } });
    expect(freshActionName([first, second], "dosomething")).toBe("dosomething3");
  });

  it("have no participant while the saga reaches none, so adding one never draws an edge by itself", () => {
    expect(newSagaStep(board(), "saga", [], "s1", "Do")).not.toHaveProperty("participant");
    expect(defaultParticipant(testBoard(board().nodes, [arrow("saga", "evt")]), "saga")).toBeUndefined();
  });
});

describe("renaming step messages", () => {
  const base = sagaStep("s", "svc", "ChargeCard", { compensation: "RefundCard" });

  it("replies named after the action follow it; edited ones stay", () => {
    const renamed = renameAction(base, "ChargePayment");
    expect(renamed.replies).toEqual({ success: { name: "ChargePaymentCompleted", payload: [] }, failure: { name: "ChargePaymentFailed", payload: [] } });
    const edited = renameAction(renameSuccess(base, "CardCharged"), "ChargePayment");
    expect(edited.replies.success.name).toBe("CardCharged");
    expect(edited.replies.failure?.name).toBe("ChargePaymentFailed");
    expect(renameAction(base, "ChargeCard")).toBe(base);
  });

  it("an empty failure name removes the failure reply; typing one adds it", () => {
    const without = renameFailure(base, "");
    expect(without.replies).not.toHaveProperty("failure");
    expect(renameFailure(without, "")).toBe(without);
    expect(renameFailure(without, "CardDeclined").replies.failure).toEqual({ name: "CardDeclined", payload: [] });
  });

  it("a compensation is created by its first name, followed by its reply, and removed when emptied", () => {
    const none = withoutCompensation(base);
    expect(none).not.toHaveProperty("compensation");
    const created = renameCompensation(none, "R");
    expect(created.compensation).toEqual({ name: "R", payload: [], reply: { name: "RCompleted", payload: [] } });
    const typed = renameCompensation(created, "Refund");
    expect(typed.compensation?.reply.name).toBe("RefundCompleted");
    const own = renameCompensation(renameCompensationReply(typed, "Refunded"), "RefundCharge");
    expect(own.compensation).toMatchObject({ name: "RefundCharge", reply: { name: "Refunded" } });
    expect(renameCompensation(own, "")).not.toHaveProperty("compensation");
    expect(renameCompensationReply(none, "X")).toBe(none);
  });

  it("a derived reply name is cut at the name limit", () => {
    const long = "A".repeat(118);
    expect(renameAction(sagaStep("s", "svc", "A"), long).replies.success.name).toHaveLength(120);
  });
});

describe("the step messages the editor shows", () => {
  const field = { name: "amount", type: "number" as const };
  const compensable = sagaStep("s", "svc", "ChargeCard", { compensation: "RefundCard" });

  it("are the command, the replies, then the compensation and its reply on a compensable step that has one", () => {
    expect(shownMessageSlots(compensable).map((slot) => slot.id)).toEqual(["action", "success", "failure", "compensation", "compensation-reply"]);
    expect(shownMessageSlots(withoutCompensation(compensable)).map((slot) => slot.id)).toEqual(["action", "success", "failure", "compensation"]);
    expect(shownMessageSlots(sagaStep("p", "svc", "Confirm", { type: "pivot", compensation: "Undo" })).map((slot) => slot.id)).toEqual(["action", "success", "failure"]);
    expect(STEP_MESSAGE_SLOTS.filter((slot) => slot.required).map((slot) => slot.slot)).toEqual(["action", "success", "compensationReply"]);
  });

  it("read, rename and set the payload of their own message", () => {
    for (const slot of STEP_MESSAGE_SLOTS) {
      const renamed = slot.rename(compensable, "Other");
      expect(slot.message(renamed)?.name).toBe("Other");
      const withPayload = slot.withPayload(compensable, [field]);
      expect(slot.message(withPayload)?.payload).toEqual([field]);
      for (const other of STEP_MESSAGE_SLOTS) {
        if (other !== slot && other.slot !== "compensationReply" && slot.slot !== "compensationReply") {
          expect(other.message(withPayload)?.payload).toEqual([]);
        }
      }
    }
  });

  it("leave a step without the message unchanged when given a payload", () => {
    const none = withoutCompensation(renameFailure(compensable, ""));
    for (const id of ["failure", "compensation", "compensation-reply"]) {
      const slot = STEP_MESSAGE_SLOTS.find((s) => s.id === id)!;
      expect(slot.message(none)).toBeUndefined();
      expect(slot.withPayload(none, [field])).toBe(none);
    }
  });
});

describe("step issues", () => {
  it("places each validation issue under its step's input", () => {
    const b = testBoard(
      [
        sticky("event", "evt", "Started"),
        sticky("saga", "saga", "S", {
          steps: [
            sagaStep("a", "svc", "Reserve", { type: "compensable" }),
            sagaStep("b", "svc", "Charge", { type: "retriable", compensation: "Refund" }),
            sagaStep("c", undefined, "Confirm", { type: "pivot", payload: [{ name: "1bad", type: "string" }] }),
          ],
        }),
        sticky("service", "svc", "Svc"),
      ],
      [arrow("evt", "saga")],
    );
    const issues = validateBoard(b);
    const placed = stepIssues(issues, "saga");
    const codes = (step: number) =>
      Object.fromEntries(Object.entries(placed.get(step) ?? {}).map(([slot, list]) => [slot, list!.map((i) => i.code)]));
    expect(codes(0)).toEqual({ participant: ["saga-participant-not-connected"], compensation: ["saga-step-no-compensation"] });
    expect(codes(1)).toEqual({ participant: ["saga-participant-not-connected"], compensation: ["saga-compensation-ignored"], type: ["saga-step-order"] });
    // The bad field name is the fields editor's to show.
    expect(codes(2)).toEqual({ participant: ["saga-step-no-participant"] });
    expect(stepIssues(issues, "evt").size).toBe(0);
  });

  it("finds none on the Order template's saga", () => {
    const b = orderFlowTemplate();
    const saga = b.nodes.find((n) => n.kind === "saga")!;
    expect(stepIssues(validateBoard(b), saga.id).size).toBe(0);
  });
});

describe("typed values", () => {
  it("reads a timeout: blank is the default, else whole milliseconds in range", () => {
    expect(parseTimeout("")).toEqual({ ok: true, value: undefined });
    expect(parseTimeout(" 2500 ")).toEqual({ ok: true, value: 2500 });
    for (const text of ["0", "3600001", "1.5", "-3", "2s"]) expect(parseTimeout(text)).toEqual({ ok: false });
  });

  it("checks names: required ones not empty, none blank", () => {
    expect(nameProblem("", true)).toBe("required");
    expect(nameProblem("", false)).toBeNull();
    expect(nameProblem("  ", false)).toBe("blank");
    expect(nameProblem("Refund", true)).toBeNull();
  });
});
