import { expect } from "vitest";
import type { RunSummary } from "../../sim/ports/records";

/** Every invariant of a summary holds (a failing one is named with its detail). */
export function expectInvariantsOk(summary: RunSummary | null): asserts summary is RunSummary {
  expect(summary).not.toBeNull();
  for (const invariant of summary!.invariants) expect(invariant, `${invariant.name}: ${invariant.detail}`).toMatchObject({ ok: true });
  expect(summary!.invariants.map((i) => i.name)).toEqual(["saga-atomicity", "outbox-drained", "idempotency", "projection-rebuild", "stream-versions"]);
}

/** Polls `check` until it returns true (every 20 ms, up to `timeoutMs`). */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
