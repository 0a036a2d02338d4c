import { describe, expect, it } from "vitest";
import { Flows } from "./flows";

describe("Flows", () => {
  it("is idle once every piece of work added is done", async () => {
    const flows = new Flows();
    await expect(flows.idle("c")).resolves.toBeUndefined();
    flows.add("c", 2);
    let idle = false;
    void flows.idle("c").then(() => (idle = true));
    flows.done("c");
    await Promise.resolve();
    expect(idle).toBe(false);
    flows.done("c");
    await Promise.resolve();
    expect(idle).toBe(true);
  });

  it("lets a done come before its add (the relay answered first) without leaving the flow busy", async () => {
    const flows = new Flows();
    flows.done("c");
    flows.add("c");
    await expect(flows.idle("c")).resolves.toBeUndefined();
    flows.add("c");
    let idle = false;
    void flows.idle("c").then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    flows.done("c");
    await Promise.resolve();
    expect(idle).toBe(true);
  });

  it("wakes every waiter on release", async () => {
    const flows = new Flows();
    flows.add("a");
    flows.add("b");
    const both = Promise.all([flows.idle("a"), flows.idle("b")]);
    flows.release();
    await expect(both).resolves.toEqual([undefined, undefined]);
  });
});
