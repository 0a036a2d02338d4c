import { describe, expect, it } from "vitest";
import { FSI, isolateBidi, PDI } from "./bidi";
import { ISSUE_CATALOGUE, quoteName } from "./issueCodes";
import { sticky, testBoard } from "./testing/testBoards";
import { validateBoard } from "./validate";

const RLO = "\u202E";
const PDF = "\u202C";

describe("isolateBidi", () => {
  it("leaves text without right-to-left characters or bidi controls as it is", () => {
    expect(isolateBidi("OrderPlaced")).toBe("OrderPlaced");
    expect(isolateBidi("주문 생성됨 🚀")).toBe("주문 생성됨 🚀");
  });

  it("isolates text with an override or right-to-left script", () => {
    expect(isolateBidi(`evil ${RLO}xxx`)).toBe(`${FSI}evil ${RLO}xxx${PDI}`);
    expect(isolateBidi("שלום")).toBe(`${FSI}שלום${PDI}`);
  });

  it("drops a PDI of the text's own that would close the isolate early, keeps matched ones", () => {
    expect(isolateBidi(`a${PDI}${RLO}b`)).toBe(`${FSI}a${RLO}b${PDI}`);
    expect(isolateBidi(`a\u2067b${PDI}c`)).toBe(`${FSI}a\u2067b${PDI}c${PDI}`);
  });
});

describe("names in problem messages", () => {
  it("cannot reorder the sentence around them, cut or not", () => {
    expect(quoteName(`x${RLO}evil${PDF}`)).toBe(`"${FSI}x${RLO}evil${PDF}${PDI}"`);
    // A long name is cut before its PDF: the isolate's PDI still ends the override inside the quotes.
    const long = quoteName(`${"a".repeat(30)}${RLO}${"b".repeat(60)}${PDF}`);
    expect(long.endsWith(`…${PDI}"`)).toBe(true);
    expect(long).not.toContain(PDF);
    expect(quoteName("Order")).toBe('"Order"');
  });

  it("a validation message of a name holding U+202E keeps the override inside the name", () => {
    const issues = validateBoard(testBoard([sticky("event", "e", `${"x".repeat(40)}${RLO}evil ${"x".repeat(40)}${PDF}`)]));
    const message = issues.find((issue) => issue.code === "event-no-producer")?.message ?? "";
    expect(message).toContain(`${RLO}`);
    const start = message.indexOf(FSI);
    const end = message.indexOf(PDI);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(message.indexOf(RLO)).toBeGreaterThan(start);
    expect(message.indexOf(RLO)).toBeLessThan(end);
    expect(ISSUE_CATALOGUE["event-no-producer"]).toBeDefined();
  });
});
