import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { KIND_META } from "../model/kinds";
import { arrow, sticky, testBoard } from "../model/testing/testBoards";
import { svg } from "./svg";
import { awkwardBoard, framedBoard, koreanBoard, NASTY_TEXT } from "./testing/testBoards";

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
    ["a board drawn in bounded contexts", framedBoard],
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

  it("draws frames under the arrows and stickies, largest first, and notes over them, each with its text", () => {
    const board = framedBoard();
    const text = svg(board);
    const frames = text.indexOf('<g class="frames">');
    expect(frames).toBeGreaterThan(0);
    expect(frames).toBeLessThan(text.indexOf('<g class="edges"'));
    expect(text.indexOf('<g class="notes">')).toBeGreaterThan(text.indexOf('<g class="stickies">'));
    const doc = parse(text);
    const frameGroups = all(doc, "g").filter((g) => g["@data-frame-id"] !== undefined);
    // The largest frame first, so the smaller ones are painted over it.
    expect(frameGroups[0]!["@data-frame-id"]).toBe("frame-ordering");
    expect(new Set(frameGroups.map((g) => g["@data-frame-id"]))).toEqual(new Set(board.frames!.map((f) => f.id)));
    const kitchen = frameGroups.find((g) => g["@data-frame-id"] === "frame-kitchen")!;
    expect((kitchen.rect as Record<string, unknown>[])[0]!["@fill"]).toBe("#fff9db");
    expect(all(kitchen, "text").map((t) => t["#text"])).toEqual(["Kitchen"]);
    const note = all(doc, "g").find((g) => g["@data-note-id"] === "note-kitchen")!;
    const noteLines = all(note, "text").map((t) => String(t["#text"]));
    expect(noteLines.join(" ")).toBe("Does the kitchen confirm by phone? Ask the restaurant owners.");
    // The typed line break is kept: the second line of text starts a line of the picture.
    expect(noteLines.some((line) => line.startsWith("Ask the"))).toBe(true);
    // The picture reaches the note below the frames.
    const [, minY, , height] = String(text.match(/viewBox="([^"]+)"/u)![1]).split(" ").map(Number);
    expect(minY! + height!).toBeGreaterThan(640);
  });

  it("escapes frame names and note texts", () => {
    const board = { ...awkwardBoard(), frames: [{ id: "f<1", name: NASTY_TEXT.slice(0, 120), color: "#123456", position: { x: 0, y: 0 }, size: { width: 900, height: 900 } }], notes: [{ id: "n1", text: NASTY_TEXT, position: { x: 0, y: 1000 } }] };
    const text = svg(board);
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toMatch(/<script/u);
    const doc = parse(text);
    expect(all(doc, "g").some((g) => g["@data-frame-id"] === "f<1")).toBe(true);
    const noteText = all(all(doc, "g").find((g) => g["@data-note-id"] === "n1"), "text").map((t) => String(t["#text"] ?? "")).join(" ");
    expect(noteText).toContain("<script>alert(1)</script>");
  });

  it("fills a frame of any colour with a light tint, so the arrows over a black frame still show", () => {
    const board = { ...testBoard([sticky("command", "c", "Place"), sticky("aggregate", "a", "Order")], [arrow("c", "a")]), frames: [{ id: "f", name: "Dark", color: "#000000", position: { x: -40, y: -40 }, size: { width: 800, height: 400 } }] };
    const doc = parse(svg(board));
    const frame = all(doc, "g").find((g) => g["@data-frame-id"] === "f")!;
    const fill = String((frame.rect as Record<string, unknown>[])[0]!["@fill"]);
    expect(fill).toMatch(/^#[0-9a-f]{6}$/u);
    // Light: every channel well above black's (a tint, not the colour itself).
    for (const i of [1, 3, 5]) expect(parseInt(fill.slice(i, i + 2), 16)).toBeGreaterThan(200);
  });

  it("stays a finite picture when a board places things absurdly far (any finite coordinate is allowed)", () => {
    const board = { ...testBoard([{ ...sticky("event", "e", "Placed"), position: { x: 1e308, y: -1e308 } }]), notes: [{ id: "n", text: "far", position: { x: -1e308, y: 0 } }], frames: [{ id: "f", name: "F", position: { x: 1e308, y: 1e308 }, size: { width: 100, height: 100 } }] };
    const text = svg(board);
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).not.toMatch(/Infinity|NaN/u);
  });
});
