import { describe, expect, it } from "vitest";
import { partitionOf, seededRandom, stableUuid, unitDraw } from "./hash";

describe("deterministic ids and draws", () => {
  it("makes the same UUID from the same parts, a valid UUID, and a different one from other parts", () => {
    const a = stableUuid("run", "event", 1);
    expect(a).toBe(stableUuid("run", "event", 1));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid("run", "event", 2)).not.toBe(a);
    // Parts are separated so that joining cannot collide.
    expect(stableUuid("ab", "c")).not.toBe(stableUuid("a", "bc"));
  });

  it("draws uniformly in [0, 1) from a key", () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => unitDraw("seed", i));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    expect(draws.filter((d) => d < 0.3).length / draws.length).toBeCloseTo(0.3, 1);
  });

  it("repeats a seeded sequence", () => {
    const a = seededRandom("x");
    const b = seededRandom("x");
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it("spreads keys over partitions", () => {
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[partitionOf(`key-${i}`, 8)]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
  });
});
