import { describe, expect, it } from "vitest";
import { createOrderSagaTemplate, orderFlowTemplate, type Board } from "@/lib/model";
import { createMemoryRuntime } from "@/lib/runtime/runtime";
import { countingIds, virtualTime } from "@/lib/runtime/testing/virtualTime";
import { runStrings } from "./strings";
import { runStringsKo } from "./strings.ko";

async function summaryOf(board: Board, request: Record<string, unknown>) {
  const runtime = createMemoryRuntime({ ...virtualTime(), ids: countingIds(), random: () => 0.5 });
  const handle = await runtime.simulator.start(board, request);
  return (await handle.done).summary!;
}

/** The figures a sentence states, in order. */
const figures = (text: string) => (text.match(/\d+/g) ?? []).map(Number);

describe("invariant details in the UI's language", () => {
  it.each([
    ["the Order template", orderFlowTemplate(), { count: 6, seed: 1 }],
    ["a faulted Create Order saga", createOrderSagaTemplate(), { count: 5, seed: 2, duplicateRate: 0.3, faults: [{ target: "CreateOrderSaga#3", mode: "fail" }] }],
  ] as const)("say in Korean the very figures the simulator's English states, for %s", async (_name, board, request) => {
    const summary = await summaryOf(board, request);
    for (const invariant of summary.invariants) {
      expect(invariant.ok, invariant.detail).toBe(true);
      expect(invariant.facts?.name).toBe(invariant.name);
      expect(runStrings.invariantDetail(invariant)).toBe(invariant.detail);
      const ko = runStringsKo.invariantDetail(invariant);
      expect(ko).not.toBe(invariant.detail);
      // No English left (Outbox is the seeds' term in Korean too).
      expect(ko.replace(/Outbox/g, "")).not.toMatch(/[A-Za-z]{3,}/);
      // Every figure of the English sentence is in the Korean one (the Korean adds the outbox total the English states too).
      expect([...figures(ko)].sort((a, b) => a - b)).toEqual(expect.arrayContaining(figures(invariant.detail)));
    }
  });

  it("fall back to the English of a summary stored before the figures were kept", () => {
    const old = { name: "idempotency" as const, ok: true, detail: "0 duplicate deliveries skipped; 4 consumer effects and 2 read-model rows each applied once" };
    expect(runStringsKo.invariantDetail(old)).toBe(old.detail);
  });
});
