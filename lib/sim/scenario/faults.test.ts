import { describe, expect, it } from "vitest";
import { createFaultPlan, faultKey, MAX_LATENCY_MS } from "./faults";
import type { FaultMatch, ResolvedFault } from "../ports/records";

describe("fault plan", () => {
  const match: FaultMatch = { kind: "participant", name: "service:payment" };
  const key = faultKey(match);
  const latency = (value: number): ResolvedFault => ({ target: "PaymentService", mode: "latency", value, matches: [match] });

  it("adds the latency faults that hit one attempt", () => {
    const plan = createFaultPlan({ seed: "s", faults: [latency(100), latency(250)] });
    expect(plan.attempt([key], "m1", 1).latencyMs).toBe(350);
  });

  it("caps their sum at MAX_LATENCY_MS: fifty one-hour faults hold an attempt for an hour, not two days", () => {
    const plan = createFaultPlan({ seed: "s", faults: Array.from({ length: 50 }, () => latency(MAX_LATENCY_MS)) });
    expect(plan.attempt([key], "m1", 1).latencyMs).toBe(MAX_LATENCY_MS);
  });
});
