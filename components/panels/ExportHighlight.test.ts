import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/generate/formats";
import { orderFlowTemplate } from "@/lib/model/template";
import { tokenize, type HighlightLanguage } from "./ExportHighlight";

const cases: [HighlightLanguage, keyof typeof FORMATS][] = [
  ["typescript", "typescript"],
  ["yaml", "asyncapi"],
  ["json", "jsonschema"],
  ["mermaid", "mermaid"],
];

describe("tokenize (Export panel highlighting)", () => {
  it.each(cases)("gives back the %s text exactly", (language, format) => {
    const text = FORMATS[format].generate(orderFlowTemplate());
    expect(tokenize(text, language).map((token) => token.text).join("")).toBe(text);
  });

  it("finds TypeScript comments, strings, keywords and types", () => {
    const tokens = tokenize('/** Doc */\nexport interface A extends B<"x"> {}', "typescript");
    expect(tokens.filter((t) => t.kind !== "plain" && t.kind !== "punct")).toEqual([
      { kind: "comment", text: "/** Doc */" },
      { kind: "keyword", text: "export" },
      { kind: "keyword", text: "interface" },
      { kind: "type", text: "A" },
      { kind: "keyword", text: "extends" },
      { kind: "type", text: "B" },
      { kind: "string", text: '"x"' },
    ]);
  });

  it("finds YAML keys and values, and JSON keys", () => {
    const yaml = tokenize("asyncapi: 3.0.0\ninfo:\n  title: \"A: b\"\n  - $ref: x\n", "yaml");
    expect(yaml.filter((t) => t.kind === "key").map((t) => t.text)).toEqual(["asyncapi", "info", "title", "$ref"]);
    expect(yaml).toContainEqual({ kind: "string", text: '"A: b"' });
    const json = tokenize('{ "type": "object", "n": 1 }', "json");
    expect(json.filter((t) => t.kind === "key").map((t) => t.text)).toEqual(['"type"', '"n"']);
  });
});
