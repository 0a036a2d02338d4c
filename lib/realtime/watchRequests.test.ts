import { describe, expect, it } from "vitest";
import { parseUnwatch, parseWatch } from "./watchRequests";

const id = "0b9d3f5e-2c4a-4e8b-9f1d-7a6c5b4e3d2f";

describe("watch requests", () => {
  it("takes a UUID run id and a seq", () => {
    expect(parseWatch({ runId: id, after: 3 })).toEqual({ ok: true, value: { runId: id, after: 3 } });
    expect(parseUnwatch({ runId: id })).toEqual({ ok: true, value: { runId: id } });
  });

  it.each([
    ["a NUL byte", "a\u0000b"],
    ["a UUID with a NUL byte", `${id.slice(0, -1)}\u0000`],
    ["a non-UUID", "no-such-run"],
    ["a long string", "x".repeat(100_000)],
    ["a number", 42],
  ])("refuses %s as runId, naming the field", (_, runId) => {
    const watch = parseWatch({ runId, after: 0 });
    expect(watch.ok).toBe(false);
    expect(!watch.ok && watch.message).toMatch(/^run:watch: runId: /);
    const unwatch = parseUnwatch({ runId });
    expect(!unwatch.ok && unwatch.message).toMatch(/^run:unwatch: runId: /);
  });

  it("refuses a bad seq and unknown keys", () => {
    const bad = parseWatch({ runId: id, after: -1 });
    expect(!bad.ok && bad.message).toMatch(/^run:watch: after: /);
    const extra = parseWatch({ runId: id, after: 0, x: 1 });
    expect(extra.ok).toBe(false);
  });
});
