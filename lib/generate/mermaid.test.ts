import { describe, expect, it } from "vitest";
import { KIND_META } from "../model/kinds";
import { orderFlowTemplate } from "../model/template";
import { mermaid } from "./mermaid";
import { awkwardBoard, koreanBoard } from "./testBoards";

/** Node lines: `  n1(["Customer"]):::actor`. */
const NODE = /^ {2}(n\d+)(\(\[|\[\[|\[\(|\{\{|\[\/|>|\[)"([^"]*)"(\]\)|\]\]|\)\]|\}\}|\/\]|\]):::(\w+)$/u;
/** Edge lines: `  n1 --> n2` or `  n1 -->|"label"| n2`. */
const EDGE = /^ {2}(n\d+) -->(?:\|"([^"]*)"\|)? (n\d+)$/u;

describe("mermaid", () => {
  it("is a flowchart LR with one classDef per sticky kind in its colour", () => {
    const text = mermaid(orderFlowTemplate());
    expect(text.startsWith("flowchart LR\n")).toBe(true);
    expect(text).toContain(`classDef event fill:${KIND_META.event.fill},`);
    expect(text).toContain(`classDef command fill:${KIND_META.command.fill},`);
    expect(text.match(/^ {2}classDef /gmu)).toHaveLength(9);
  });

  it("draws one node per merged sticky and skips the hotspot", () => {
    const text = mermaid(orderFlowTemplate());
    const nodes = text.split("\n").filter((line) => NODE.test(line));
    // 20 stickies: three Order aggregates and two EmailService stickies merge, the hotspot is left out.
    expect(nodes).toHaveLength(16);
    expect(nodes.filter((line) => line.includes('"Order"'))).toEqual(['  n3[["Order"]]:::aggregate']);
    expect(text).not.toContain("Payment gateway");
    expect(text).toContain('  n4 -->|"Send confirmation"| n5');
  });

  it.each([["the Order template", orderFlowTemplate], ["a Korean-named board", koreanBoard], ["awkward names", awkwardBoard]])(
    "every line is a classDef, a well-formed node or an edge between declared nodes: %s",
    (_label, build) => {
      const lines = mermaid(build()).trimEnd().split("\n");
      const declared = new Set<string>();
      for (const line of lines.slice(1)) {
        if (line.startsWith("  classDef ")) continue;
        const node = NODE.exec(line);
        if (node) {
          declared.add(node[1] ?? "");
          continue;
        }
        const edge = EDGE.exec(line);
        expect(edge, line).not.toBeNull();
        expect(declared.has(edge?.[1] ?? "") && declared.has(edge?.[3] ?? ""), line).toBe(true);
      }
    },
  );

  it("escapes quotes, #, angle brackets and backticks in labels, and ignores edges outside the grammar", () => {
    const text = mermaid(awkwardBoard());
    expect(text).toContain('"Quote #quot; Event"');
    expect(text).toContain('"User | #lt;b#gt;admin#lt;/b#gt;"');
    expect(text).toContain('"#96;code#96; Happened"');
    expect(text).toContain('"Saga #35;#35; Two #35;"');
    expect(text).toContain('-->|"Send #96;mail#96; | now please"|');
    // e8 -> c1 (event -> command) is outside the grammar.
    const lines = text.split("\n");
    const id = (name: string) => NODE.exec(lines.find((line) => line.includes(`"${name}"`)) ?? "")?.[1];
    expect(lines).not.toContain(`  ${id("Order Placed")} --> ${id("Command")}`);
  });
});
