import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/testing/testDatabase";
import { orderFlowTemplate } from "../model";
import { createPostgresRuntime, type Runtime } from "./runtime";
import { expectInvariantsOk } from "./testing/helpers";

let db: TestDatabase;
let runtime: Runtime;

beforeAll(async () => {
  db = await createTestDatabase(inject("pgUrl"));
  runtime = createPostgresRuntime(db.pool);
});
afterAll(async () => {
  await runtime?.close();
  await db?.drop();
});

describe("stop on PostgreSQL with real time", () => {
  it("ends a run whose in-flight work waits out an hour's latency at time scale 10: stopped, invariants checked, no ten-hour wait", { timeout: 60_000 }, async () => {
    const handle = await runtime.simulator.start(orderFlowTemplate(), {
      count: 3,
      concurrency: 1,
      seed: 1,
      timeScale: 10,
      faults: [{ target: "PaymentService", mode: "latency", value: 3_600_000 }],
    });
    // The first saga reaches the payment step and sleeps there.
    await expect.poll(() => handle.counters().sagas.started, { timeout: 30_000 }).toBeGreaterThan(0);
    handle.stop();
    const result = await handle.done;
    expect(result.status).toBe("stopped");
    expectInvariantsOk(result.summary!);
    // Every saga that started ended (the in-flight ones finished, their waits cut short).
    const sagas = result.summary!.sagas;
    expect(sagas.completed + sagas.compensated + sagas.failed).toBe(sagas.started);
    expect(sagas.started).toBeLessThanOrEqual(3);
  });
});
