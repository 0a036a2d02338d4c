import { describe, expect, it } from "vitest";
import { createIdFactory, nodeIdPrefix } from "./ids";
import { NODE_KINDS } from "./kinds";

/** A deterministic source that cycles through `values`. */
function cycle(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
}

describe("ids", () => {
  it("prefixes ids by kind, as the template does", () => {
    expect(nodeIdPrefix("event")).toBe("evt");
    expect(nodeIdPrefix("readModel")).toBe("rm");
    expect(nodeIdPrefix("hotspot")).toBe("hot");
    expect(new Set(NODE_KINDS.map(nodeIdPrefix)).size).toBe(NODE_KINDS.length);
  });

  it("makes ids from the injected random source", () => {
    const ids = createIdFactory(cycle(0, 0.5, 0.999, 1));
    expect(ids.nodeId("event")).toBe("evt-0izz0i");
    expect(ids.edgeId()).toMatch(/^e-[a-z0-9]{6}$/);
  });

  it("is reproducible", () => {
    const a = createIdFactory(cycle(0.1, 0.7, 0.3));
    const b = createIdFactory(cycle(0.1, 0.7, 0.3));
    expect([a.nodeId("saga"), a.edgeId()]).toEqual([b.nodeId("saga"), b.edgeId()]);
  });

  it("skips taken ids and gives up on a constant source", () => {
    const ids = createIdFactory(cycle(0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5));
    expect(ids.nodeId("command", new Set(["cmd-000000"]))).toBe("cmd-iiiiii");
    const stuck = createIdFactory(() => 0);
    expect(() => stuck.nodeId("command", new Set(["cmd-000000"]))).toThrow(/random source/);
  });

  it("makes ids the board format accepts", () => {
    const ids = createIdFactory(cycle(0.42, 0.13, 0.99, 0.01));
    for (const kind of NODE_KINDS) expect(ids.nodeId(kind)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
