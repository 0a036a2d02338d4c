import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../../model";
import { createMemoryRuntime } from "../runtime";
import { countingIds, virtualTime } from "../testing/virtualTime";

describe("the in-memory store's countSagas", () => {
  it("agrees with the invariants' count from the store, outcome by outcome", async () => {
    const runtime = createMemoryRuntime({ ...virtualTime(), ids: countingIds(), random: () => 0.5 });
    // Half the pivots refused: sagas end completed and compensated.
    const handle = await runtime.simulator.start(orderFlowTemplate(), { count: 40, seed: 9, faults: [{ target: "OrderSaga#3", mode: "rate", value: 0.5 }] });
    const { summary } = await handle.done;
    expect(summary!.sagas.completed).toBeGreaterThan(0);
    expect(summary!.sagas.compensated).toBeGreaterThan(0);
    expect(await runtime.store.countSagas(handle.runId)).toEqual(summary!.sagas);
  });
});
