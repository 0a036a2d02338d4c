import { describe, expect, it } from "vitest";
import { displayWidth, markdownCode, markdownFence, markdownHeadingText, markdownTable, markdownText, mermaidText, oneLine, tsDoc, tsString } from "./escape";

describe("escape", () => {
  it("puts text on one line", () => {
    expect(oneLine("  a\nb\r\nc\u2028d\te  ")).toBe("a b c d e");
  });

  it("escapes Markdown so that a name cannot end a cell, start markup or open HTML", () => {
    expect(markdownText("a | b")).toBe("a \\| b");
    expect(markdownText("`x` *y* [z](u) <b>")).toBe("\\`x\\` \\*y\\* \\[z\\](u) \\<b\\>");
    expect(markdownText("back\\slash")).toBe("back\\\\slash");
    expect(markdownText("line\nbreak")).toBe("line break");
    expect(markdownText("customer_id _em_")).toBe("customer_id \\_em\\_");
    expect(markdownText("R&D &amp;")).toBe("R&D \\&amp;");
    expect(markdownHeadingText("Saga #")).toBe("Saga \\#");
  });

  it("leaves Markdown text with nothing to escape as it is, and escapes each special character", () => {
    expect(markdownText("Order placed 2 (v1), 주문 #1: done!")).toBe("Order placed 2 (v1), 주문 #1: done!");
    for (const char of ["\\", "`", "*", "[", "]", "<", ">", "|", "~", "_"]) expect(markdownText(`a ${char} b`)).toBe(`a \\${char} b`);
    expect(markdownText("a &b; c")).toBe("a \\&b; c");
  });

  it("keeps URLs and e-mail addresses in user text from becoming links (GFM autolinks)", () => {
    expect(markdownText("<https://evil.example>")).toBe("\\<https\\://evil.example\\>");
    expect(markdownText("see https://a.example/x and ftp://b.example")).toBe("see https\\://a.example/x and ftp\\://b.example");
    expect(markdownText("www.evil.example or (WWW.x.example)")).toBe("www\\.evil.example or (WWW\\.x.example)");
    expect(markdownText("write to ops.team+x@evil.example")).toBe("write to ops.team+x\\@evil.example");
    // What only looks alike is left as typed.
    expect(markdownText("at 10:30 @ desk, awww.")).toBe("at 10:30 @ desk, awww.");
  });

  it("makes code spans and fences that the content cannot close", () => {
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`x`")).toBe("`` `x` ``");
    expect(markdownCode("a|b")).toBe("`a\\|b`");
    expect(markdownFence(["```", "x"], "text")).toEqual(["````text", "```", "x", "````"]);
  });

  it("draws table delimiter rows as wide as the header cells, counting Hangul as two columns", () => {
    expect(markdownTable(["Event", "Aggregate"], [["a", "b"]])).toEqual(["| Event | Aggregate |", "|-------|-----------|", "| a | b |"]);
    expect(markdownTable(["이벤트"], [])[1]).toBe("|--------|");
    expect(displayWidth("주문A")).toBe(5);
  });

  it("keeps TSDoc comments closed only at their end", () => {
    expect(tsDoc("a */ b")).toEqual(["/** a *\\/ b */"]);
    expect(tsDoc("one\ntwo", "  ")).toEqual(["  /**", "   * one", "   * two", "   */"]);
    expect(tsDoc("  \n ")).toEqual([]);
  });

  it("writes string literals that survive quotes, backslashes and line separators", () => {
    expect(tsString('a"b\\c\nd\u2028')).toBe('"a\\"b\\\\c\\nd\\u2028"');
  });

  it("escapes Mermaid labels", () => {
    expect(mermaidText('say "hi" #1 <b> `x` & more\nline')).toBe("say #quot;hi#quot; #35;1 #lt;b#gt; #96;x#96; #amp; more line");
  });
});
