import { describe, expect, it } from "vitest";
import { isModelError, type ModelError } from "./errors";
import { parseBoard, parseBoardText } from "./parse";
import { serializeBoard } from "./serialize";
import { orderFlowTemplate } from "./template";
import { findUnsafeJson } from "./unsafeJson";

function errorOf(run: () => unknown): ModelError {
  try {
    run();
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error("expected a ModelError");
}

/** The template's text with `insert` spliced in right after the first `"kind":"<kind>"` of a node. */
function templateTextWith(kind: string, insert: string): string {
  const text = JSON.stringify(orderFlowTemplate());
  const marker = `"kind":"${kind}"`;
  expect(text).toContain(marker);
  return text.replace(marker, `${marker},${insert}`);
}

describe("findUnsafeJson", () => {
  it("finds __proto__, constructor and prototype at every depth, as JSON.parse leaves them, in document order", () => {
    const value = JSON.parse('{"a":{"__proto__":{"x":1}},"b":[{"c":{"constructor":1}}],"prototype":2,"ok":{"proto":1}}');
    expect(findUnsafeJson(value).map((i) => i.path)).toEqual(["a.__proto__", "b[0].c.constructor", "prototype"]);
    expect(findUnsafeJson(value)[0]!.message).toContain('"__proto__" is not allowed at any depth');
  });

  it("checks keys and strings for NUL and lone surrogates only when asked, with a path prefix", () => {
    const value = JSON.parse('{"name":"a\\u0000b","list":["fine","\\ud800"],"k\\u0000":1}');
    expect(findUnsafeJson(value)).toEqual([]);
    const issues = findUnsafeJson(value, { text: true, at: ["board"] });
    expect(issues.map((i) => i.path)).toEqual(["board.name", "board.list[1]", 'board["k\\u0000"]']);
    expect(issues[0]!.message).toContain("U+0000");
    expect(issues[1]!.message).toContain("U+D800");
    expect(issues[2]!.message).toMatch(/^this key /);
  });

  it("survives nesting far deeper than the call stack and stops at 50 issues", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}{"__proto__":1}${"]".repeat(100_000)}`);
    expect(findUnsafeJson(deep)).toHaveLength(1);
    const many = JSON.parse(`[${Array.from({ length: 200 }, () => '{"constructor":1}').join(",")}]`);
    expect(findUnsafeJson(many)).toHaveLength(50);
  });

  it("finds nothing in a real board", () => {
    expect(findUnsafeJson(orderFlowTemplate(), { text: true })).toEqual([]);
  });
});

describe("parseBoard refuses unsafe keys the same way at every depth", () => {
  const places: [string, string, string][] = [
    ["top level", JSON.stringify(orderFlowTemplate()).replace('{"format"', '{"__proto__":{"x":1},"format"'), "__proto__"],
    ["inside a node", templateTextWith("event", '"__proto__":{"polluted":true}'), "nodes[3].__proto__"],
    ["inside a payload field", JSON.stringify(orderFlowTemplate()).replace('"payload":[{', '"payload":[{"constructor":{"a":1},'), "nodes[1].payload[0].constructor"],
    ["inside settings", JSON.stringify({ ...orderFlowTemplate(), settings: {} }).replace('"settings":{}', '"settings":{"prototype":1}'), "settings.prototype"],
  ];
  for (const [where, text, path] of places) {
    it(`${where}: ${path}`, () => {
      const error = errorOf(() => parseBoardText(text));
      expect(error.code).toBe("invalid_board");
      expect(error.issues).toContainEqual({ path, message: expect.stringContaining("is not allowed at any depth") });
      expect(error.message).toContain(path);
    });
  }

  it("also in a v1 board, before its migration copies anything", () => {
    const v1 = JSON.parse(JSON.stringify({ ...orderFlowTemplate(), schemaVersion: 1, nodes: [] }));
    const text = JSON.stringify(v1).replace('"nodes":[]', '"nodes":[{"id":"s","kind":"saga","name":"S","position":{"x":0,"y":0},"steps":[{"id":"1","service":"A","action":"a","__proto__":{"x":1}}]}]');
    expect(errorOf(() => parseBoardText(text)).issues).toContainEqual({ path: "nodes[0].steps[0].__proto__", message: expect.any(String) });
  });
});

describe("every text field of the board refuses NUL and lone surrogates through one rule", () => {
  const board = () => JSON.parse(JSON.stringify(orderFlowTemplate())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const cases: [string, (b: Record<string, any>, bad: string) => void, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ["board name", (b, bad) => (b.name = `Order${bad}`), "name"],
    ["board description", (b, bad) => (b.description = bad), "description"],
    ["sticky name", (b, bad) => (b.nodes[3].name = `Placed${bad}`), "nodes[3].name"],
    ["sticky id", (b, bad) => (b.nodes[3].id = `id${bad}`), "nodes[3].id"],
    ["payload field name", (b, bad) => (b.nodes[1].payload[0].name = `f${bad}`), "nodes[1].payload[0].name"],
    ["edge label", (b, bad) => (b.edges[0].label = bad), "edges[0].label"],
  ];
  for (const bad of ["\u0000", "\ud800", "\udfff"]) {
    for (const [what, set, path] of cases) {
      it(`${what} with ${JSON.stringify(bad)}`, () => {
        const input = board();
        set(input, bad);
        const error = errorOf(() => parseBoard(input));
        expect(error.code).toBe("invalid_board");
        expect(error.issues).toContainEqual({ path, message: expect.stringContaining("must not contain NUL characters (U+0000) or unpaired surrogates") });
      });
    }
  }

  it("keeps accepting emoji and any script", () => {
    const input = board();
    input.name = "주문 흐름 🚚";
    input.nodes[3].name = "Zamówienie złożone 😀";
    expect(serializeBoard(parseBoard(input))).toContain("😀");
  });
});
