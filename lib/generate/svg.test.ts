import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { KIND_META } from "../model/kinds";
import { arrow, sticky, testBoard } from "../model/testing/testBoards";
import { svg } from "./svg";
import { awkwardBoard, koreanBoard } from "./testing/testBoards";

/** Every element of `tag` with `attr` in the parsed document, anywhere. */
function all(node: unknown, tag: string, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) all(n, tag, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === tag) for (const v of Array.isArray(value) ? value : [value]) out.push(v as Record<string, unknown>);
      all(value, tag, out);
    }
  }
  return out;
}

const parse = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", textNodeName: "#text", isArray: (name) => name === "g" || name === "text" || name === "path" || name === "rect" }).parse(text) as unknown;

describe("svg", () => {
  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ["a Korean-named board", koreanBoard],
    ["a board full of awkward names", awkwardBoard],
  ])("is well-formed XML with a group per sticky in its legend colour and a path per arrow: %s", (_label, make) => {
    const board = make();
    const text = svg(board);
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = parse(text);
    const groups = all(doc, "g").filter((g) => g["@data-node-id"] !== undefined);
    expect(groups.map((g) => g["@data-node-id"])).toEqual(board.nodes.map((n) => n.id));
    for (const [i, group] of groups.entries()) {
      const node = board.nodes[i]!;
      expect(group["@data-kind"]).toBe(node.kind);
      expect((group.rect as Record<string, unknown>[])[0]!["@fill"]).toBe(KIND_META[node.kind].fill);
    }
    const edges = board.edges.filter((e) => board.nodes.some((n) => n.id === e.source) && board.nodes.some((n) => n.id === e.target));
    expect(all(doc, "path").filter((p) => p["@data-edge-id"] !== undefined).map((p) => p["@data-edge-id"])).toEqual(edges.map((e) => e.id));
    // Deterministic: the same board, the same bytes.
    expect(svg(make())).toBe(text);
  });

  it("shows names as typed: markup, quotes and control characters are text, never elements", () => {
    const evil = `</text><script>alert("x")</script> & 'q' \u0001 \u{1F680} 주문`;
    const board = testBoard([sticky("event", "e1", evil, { payload: [{ name: "a<b", type: "string" }] }), sticky("service", "s1", "Svc", { action: `"><image href=x onerror=alert(1)>` })], [{ ...arrow("e1", "s1"), label: "<b>bold</b>" }], { name: `Board <"&'>` });
    const text = svg(board);
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toMatch(/<script|<image|<b>/u);
    const texts = all(parse(text), "text").map((t) => String(t["#text"] ?? ""));
    const joined = texts.join("\n");
    // Read back by a parser, the names are text again, as typed (wrapped over lines).
    expect(joined.replace(/\n/gu, "")).toContain('</text><script>alert("x")</script>');
    expect(joined).toContain("a<b: string");
    expect(joined).toContain("<b>bold</b>");
    expect(text).toContain("<title>Board &lt;&quot;&amp;&#39;&gt;</title>");
    expect(text).not.toContain("\u0001");
    expect(text).toContain("🚀");
  });

  it("draws a failure event with a red edge and its label, and keeps long names inside the sticky", () => {
    const long = "A very long event name that goes on and on well past what one sticky line holds";
    const board = testBoard(
      [sticky("aggregate", "a", "Order"), sticky("event", "f", "OrderRejected", { outcome: "failure", payload: [] }), sticky("event", "l", long, { payload: [] })],
      [arrow("a", "f"), arrow("a", "l")],
    );
    const text = svg(board);
    expect(text).toMatch(/<path data-edge-id="a--f" d="[^"]+" stroke="#e03131" marker-end="url\(#arrow-failure\)"\/>/u);
    expect(text).toContain("DOMAIN EVENT · FAILURE");
    const lines = all(all(parse(text), "g").find((g) => g["@data-node-id"] === "l"), "text").map((t) => String(t["#text"] ?? ""));
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(24);
  });
});
