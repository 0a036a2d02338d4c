import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_FORM, type RunFormValues } from "./runForm";

/** A localStorage of this test's own: the unit project runs in Node. */
function fakeStorage() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe("Run form memory (issue 16 bug 6)", () => {
  let storage: ReturnType<typeof fakeStorage>;
  beforeEach(() => {
    storage = fakeStorage();
    (globalThis as { window?: unknown }).window = { localStorage: storage };
  });
  afterEach(() => {
    delete (globalThis as { window?: unknown }).window;
  });

  // A fresh module each time: what a reload starts from (no in-page memory).
  const load = async () => {
    const { vi } = await import("vitest");
    vi.resetModules();
    return import("./formMemory");
  };

  it("gives back count, seed, time scale and faults after a reload", async () => {
    const values: RunFormValues = { ...DEFAULT_FORM, count: "250", seed: "demo", timeScale: "0.01", broker: "nats://127.0.0.1:4222", keepTopology: true, faults: [{ id: 3, target: "PaymentService", mode: "rate", value: "0.3" }] };
    (await load()).rememberForm("board-1", values);
    const back = (await load()).rememberedForm("board-1", DEFAULT_FORM);
    expect({ ...back, faults: back.faults.map(({ id: _id, ...f }) => f) }).toEqual({ ...values, faults: [{ target: "PaymentService", mode: "rate", value: "0.3" }] });
    expect(back.faults[0]!.id).toBeLessThan(0);
    expect((await load()).rememberedForm("board-2", DEFAULT_FORM)).toBe(DEFAULT_FORM);
  });

  it("an over-long seed and more than 50 faults come back as typed, for Start to show the server's message (not dropped into a form that looks valid)", async () => {
    const seed = "s".repeat(300);
    const faults = Array.from({ length: 51 }, (_, i) => ({ id: i + 1, target: "PaymentService", mode: "fail" as const, value: "" }));
    (await load()).rememberForm("long", { ...DEFAULT_FORM, seed, faults });
    const back = (await load()).rememberedForm("long", DEFAULT_FORM);
    expect(back.seed).toBe(seed);
    expect(back.faults).toHaveLength(51);
  });

  it("a broken or hand-edited entry gives the defaults for what it gets wrong", async () => {
    storage.setItem("stormflow.runForm.b", "{not json");
    expect((await load()).rememberedForm("b", DEFAULT_FORM)).toBe(DEFAULT_FORM);
    storage.setItem("stormflow.runForm.b", JSON.stringify({ count: 5, seed: "s", keepTopology: "yes", faults: [{ target: "X", mode: "explode", value: "1" }, null, { target: "Y", mode: "fail", value: "" }] }));
    const back = (await load()).rememberedForm("b", DEFAULT_FORM);
    expect(back.count).toBe(DEFAULT_FORM.count);
    expect(back.seed).toBe("s");
    expect(back.keepTopology).toBe(false);
    expect(back.faults.map((f) => [f.target, f.mode])).toEqual([["Y", "fail"]]);
  });
});
