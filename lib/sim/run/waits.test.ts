import { describe, expect, it } from "vitest";
import { Waits } from "./waits";

/** A sleep that ends only when the test says so, as an hour-long timer would not in a test. */
function manualSleep() {
  const timers: (() => void)[] = [];
  return { sleep: () => new Promise<void>((r) => timers.push(r)), fireAll: () => timers.splice(0).forEach((r) => r()) };
}

describe("Waits", () => {
  it("cutShort ends the waits under way and makes later ones immediate", async () => {
    const clock = manualSleep();
    const waits = new Waits(clock.sleep);
    let ended = 0;
    const a = waits.wait(3_600_000).then(() => ended++);
    const b = waits.wait(10).then(() => ended++);
    await Promise.resolve();
    expect(ended).toBe(0);
    expect(waits.size).toBe(2);
    waits.cutShort();
    await Promise.all([a, b]);
    expect(ended).toBe(2);
    expect(waits.size).toBe(0);
    await waits.wait(3_600_000);
    clock.fireAll(); // the old timers firing later change nothing
    expect(waits.size).toBe(0);
  });

  it("a wait that runs its course resolves once and is forgotten", async () => {
    const clock = manualSleep();
    const waits = new Waits(clock.sleep);
    const done = waits.wait(50);
    clock.fireAll();
    await done;
    expect(waits.size).toBe(0);
    await waits.wait(0);
  });
});
