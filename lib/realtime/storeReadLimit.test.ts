import { describe, expect, it } from "vitest";
import type { RunFeed } from "./runFeed";
import { limitStoreReads } from "./storeReadLimit";

describe("limitStoreReads", () => {
  it("holds reads across every caller to the limit, in order, and lets each through in turn", async () => {
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const release: (() => void)[] = [];
    const feed: RunFeed = {
      status: async () => null,
      readTrace: async (_runId, after) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
        order.push(after);
        return [];
      },
      watch: () => null,
    };
    const limited = limitStoreReads(() => feed, 2);
    const reads = Array.from({ length: 6 }, (_, i) => limited().readTrace("r", i, 10));
    for (let round = 0; round < 3; round++) {
      await new Promise((r) => setTimeout(r, 0));
      expect(inFlight).toBeLessThanOrEqual(2);
      release.splice(0).forEach((r) => r());
    }
    await Promise.all(reads);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
