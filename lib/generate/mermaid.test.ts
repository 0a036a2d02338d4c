import { describe, expect, it } from "vitest";
import { KIND_META } from "../model/kinds";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { mermaid } from "./mermaid";
import { awkwardBoard, framedBoard, koreanBoard } from "./testing/testBoards";

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
    // 22 stickies: four Order aggregates and two EmailService stickies merge, the hotspot is left out.
    expect(nodes).toHaveLength(17);
    expect(nodes.filter((line) => line.includes('"Order"'))).toEqual(['  n3[["Order"]]:::aggregate']);
    expect(text).not.toContain("Payment gateway");
    expect(text).toContain('  n4 -->|"Send confirmation"| n5');
  });

  it("lists a saga's steps as participant: action (undo: compensation), and labels its arrows to participants with their steps", () => {
    const text = mermaid(createOrderSagaTemplate());
    expect(text).toContain(
      '>"CreateOrderSaga<br/>1. Consumer Service: VerifyConsumer (undo: ReleaseConsumerHold)<br/>2. Kitchen Service: CreateTicket (undo: RejectTicket)' +
        '<br/>3. Accounting Service: AuthorizeCard<br/>4. Kitchen Service: ApproveTicket<br/>5. Order: ApproveOrder"]:::saga',
    );
    const lines = text.split("\n");
    const id = (label: string) => NODE.exec(lines.find((line) => line.includes(`"${label}"`)) ?? "")?.[1];
    const saga = NODE.exec(lines.find((line) => line.includes('"CreateOrderSaga<br/>')) ?? "")?.[1];
    expect(lines).toContain(`  ${saga} -->|"steps 2, 4"| ${id("Kitchen Service")}`);
    expect(lines).toContain(`  ${saga} -->|"step 1"| ${id("Consumer Service")}`);
    // The Order aggregate performs step 5: its arrow is labelled too, through the merged sticky.
    expect(lines).toContain(`  ${saga} -->|"step 5"| ${id("Order")}`);
    expect(mermaid(orderFlowTemplate())).toContain('1. InventoryService: ReserveInventory (undo: ReleaseInventory)');
  });

  it("keeps an arrow's own label, and leaves an arrow to a sticky that performs no step unlabelled", () => {
    const board = testBoard(
      [
        sticky("saga", "z", "Flow", { steps: [sagaStep("1", "s", "Charge"), sagaStep("2", undefined, "Ship")] }),
        sticky("service", "s", "Pay", { action: "Take money" }),
        sticky("externalSystem", "x", "Bank"),
      ],
      [{ ...arrow("z", "s"), label: "charges | \"pays\"" }, arrow("z", "x")],
    );
    const text = mermaid(board);
    expect(text).toContain('  n1 -->|"charges | #quot;pays#quot;"| n2');
    expect(text).toContain("  n1 --> n3\n");
    expect(text).toContain('"Flow<br/>1. Pay: Charge<br/>2. Ship"');
  });

  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ["a Korean-named board", koreanBoard],
    ["awkward names", awkwardBoard],
  ])(
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

  it("draws each bounded context as a subgraph of the stickies in it, one context in two frames as one subgraph", () => {
    const text = mermaid(framedBoard());
    const lines = text.split("\n");
    const subgraphs = lines.filter((line) => line.startsWith("  subgraph "));
    expect(subgraphs).toEqual(['  subgraph c1["Ordering"]', '  subgraph c2["Consumer"]', '  subgraph c3["Kitchen"]', '  subgraph c4["Accounting"]']);
    const body = (header: string) => lines.slice(lines.indexOf(header) + 1, lines.indexOf("  end", lines.indexOf(header)));
    // OrderView sits in the second "ordering" frame: the same context.
    expect(body('  subgraph c1["Ordering"]').some((line) => line.includes('"OrderView"'))).toBe(true);
    expect(body('  subgraph c3["Kitchen"]')).toEqual(['    n7["Kitchen Service"]:::service']);
    // Without frames, no subgraph at all.
    expect(mermaid(createOrderSagaTemplate())).not.toContain("subgraph");
  });

  it("escapes a context's name and gives an empty frame no subgraph", () => {
    const board = { ...testBoard([sticky("event", "e", "Placed")]), frames: [{ id: "f1", name: 'A "q" ]] end', position: { x: -50, y: -50 }, size: { width: 400, height: 400 } }, { id: "f2", name: "Empty", position: { x: 5000, y: 0 }, size: { width: 100, height: 100 } }] };
    const text = mermaid(board);
    expect(text).toContain("  subgraph c1[\"A #quot;q#quot; ]] end\"]");
    expect(text).not.toContain("Empty");
  });
});
