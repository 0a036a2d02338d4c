import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { rebase } from "./rebase";

describe("rebase (edits made before a page's first sync)", () => {
  it("keeps what others saved meanwhile and replays only my changes", () => {
    const base = orderFlowTemplate();
    const [first, second, third] = base.nodes;
    // Others renamed `first` and added a sticky; I moved `second`, deleted `third` and added one.
    const theirs = { ...base, nodes: [...base.nodes.map((n) => (n.id === first!.id ? { ...n, name: "Theirs" } : n)), { id: "hot-theirs", kind: "hotspot" as const, name: "T", position: { x: 0, y: 0 } }] };
    const mine = {
      ...base,
      nodes: [...base.nodes.filter((n) => n.id !== third!.id).map((n) => (n.id === second!.id ? { ...n, position: { x: 5, y: 5 } } : n)), { id: "hot-mine", kind: "hotspot" as const, name: "M", position: { x: 1, y: 1 } }],
      edges: base.edges.filter((e) => e.source !== third!.id && e.target !== third!.id),
    };
    const merged = rebase(base, mine, theirs);
    const byId = new Map(merged.nodes.map((n) => [n.id, n]));
    expect(byId.get(first!.id)!.name).toBe("Theirs");
    expect(byId.get(second!.id)!.position).toEqual({ x: 5, y: 5 });
    expect(byId.has(third!.id)).toBe(false);
    expect(byId.has("hot-theirs")).toBe(true);
    expect(byId.has("hot-mine")).toBe(true);
    expect(merged.edges.some((e) => e.source === third!.id || e.target === third!.id)).toBe(false);
  });

  it("gives theirs when I changed nothing", () => {
    const base = orderFlowTemplate();
    const theirs = { ...base, name: "Renamed by them" };
    expect(rebase(base, base, theirs)).toEqual(theirs);
  });
});
