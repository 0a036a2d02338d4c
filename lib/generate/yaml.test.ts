import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { printYaml } from "./yaml";

/** What both loaders read back: js-yaml (YAML 1.1, as AsyncAPI's parser) and yaml (YAML 1.2). */
function readBack(text: string): [unknown, unknown] {
  return [load(text), parse(text)];
}

const AWKWARD = [
  "", " ", "plain", "two words", "Order placed", "order-events", "$ref", "#/components/x", "a: b", "a #b", "- item", "? q", "!tag", "&anchor", "*alias",
  "yes", "No", "ON", "off", "y", "N", "true", "False", "null", "~", "NULL", "1", "1.0", "3.0.0", "1.0.0.1", "1.2.", "1..2", "0x1F", "1e3", ".inf", "-.inf", ".NaN", "2026-12-01", "12:30",
  "<<", "=", "%", "@", "`", "'quoted'", '"double"', "back\\slash", "tab\there", "line\nbreak", "two\n\nparagraphs", "trailing\n", "\nleading",
  "  indented\nsecond", "spaces at end   ", "carriage\r\nreturn", "sep\u2028arator", "para\u2029graph", "nel\u0085x", "bom\ufeffx", "del\u007fx",
  "nul\u0000x", "lone \ud800 surrogate", "emoji 🎉 and 주문", "주문 흐름", "}{][", "a,b", "ends with colon:", "Events (of Order), keyed by id.", "it's", "f(x)", "trailing space ", "a , b", "(parens first)", "x:y", "x: y", "http://example.com/a#b", "---", "...", "| pipe", "> fold",
];

describe("printYaml", () => {
  it("reads back exactly, with YAML 1.1 and 1.2 loaders, for every awkward string as a value, a key and a list item", () => {
    for (const text of AWKWARD) {
      const document = { value: text, [text === "" ? "empty" : text]: [text, { nested: text }], list: [text, text] };
      const printed = printYaml(document);
      const [a, b] = readBack(printed);
      expect(a, `js-yaml: ${JSON.stringify(text)}\n${printed}`).toEqual(document);
      expect(b, `yaml: ${JSON.stringify(text)}\n${printed}`).toEqual(document);
    }
  });

  it("prints JSON data as block YAML a person reads: plain where safe, quoted elsewhere, |- for text of several lines", () => {
    const printed = printYaml({
      asyncapi: "3.0.0",
      info: { title: "Order flow", description: "First line.\nSecond line." },
      channels: { "order-events": { address: "order-events", messages: { OrderPlaced: { $ref: "#/components/messages/OrderPlaced" } } } },
      required: ["orderId", "yes"],
      empty: {},
      none: [],
      count: 3,
      flag: false,
      nothing: null,
      skipped: undefined,
    });
    expect(printed).toBe(
      [
        "asyncapi: 3.0.0",
        "info:",
        "  title: Order flow",
        "  description: |-",
        "    First line.",
        "    Second line.",
        "channels:",
        "  order-events:",
        "    address: order-events",
        "    messages:",
        "      OrderPlaced:",
        '        $ref: "#/components/messages/OrderPlaced"',
        "required:",
        "  - orderId",
        '  - "yes"',
        "empty: {}",
        "none: []",
        "count: 3",
        "flag: false",
        "nothing: null",
        "",
      ].join("\n"),
    );
    expect(readBack(printed)[0]).toMatchObject({ required: ["orderId", "yes"], count: 3, flag: false, nothing: null });
  });

  it("prints lists of mappings with the first key on the dash, and nested lists", () => {
    const document = { allOf: [{ $ref: "#/x" }, { properties: { a: { type: "string" } }, required: ["a"] }], matrix: [[1, 2], [], [{ a: 1 }]] };
    const printed = printYaml(document);
    expect(printed).toContain('allOf:\n  - $ref: "#/x"\n  - properties:\n      a:\n        type: string\n    required:\n      - a\n');
    for (const read of readBack(printed)) expect(read).toEqual(document);
  });
});
