import { describe, expect, it } from "vitest";
import { ModelError } from "./errors";
import { checkInputText, inputTextIssues } from "./inputText";
import { parseBoard } from "./parse";
import { serializeBoard } from "./serialize";
import { orderFlowTemplate } from "./template";
import { arrow, frame, sticky, testBoard } from "./testing/testBoards";
import { controlCharacterReason, looksBlank } from "./wellFormedText";

const BLANK_LOOKING = ["\u3000\u00a0\u200b", "\u200b", " \u2060\ufeff ", "\u3164", "\u00ad"];

describe("names that look empty and control characters", () => {
  it("tells blank-looking text from text that shows something", () => {
    for (const text of ["", ...BLANK_LOOKING]) expect(looksBlank(text)).toBe(true);
    for (const text of ["a", "주문", "🚀", "\u200bx", "·"]) expect(looksBlank(text)).toBe(false);
  });

  it("refuses C0 controls, allowing tab and line breaks only where text spans lines", () => {
    expect(controlCharacterReason("ring\u0007", false)).toBe("must not contain control characters: it contains U+0007 at index 4");
    expect(controlCharacterReason("\u001b[31mred", true)).toMatch(/U\+001B at index 0/u);
    expect(controlCharacterReason("back\bspace", true)).toMatch(/U\+0008/u);
    expect(controlCharacterReason("a\tb", false)).toMatch(/U\+0009/u);
    // The other line breaks: a name stays one line; a note may hold them.
    expect(controlCharacterReason("Place\u2028Order", false)).toBe("must be one line: it contains the line break U+2028 at index 5");
    expect(controlCharacterReason("a\u2029b", false)).toMatch(/U\+2029/u);
    expect(controlCharacterReason("a\u0085b", false)).toMatch(/U\+0085/u);
    expect(controlCharacterReason("a\u2028b", true)).toBeNull();
    expect(controlCharacterReason("line\r\nnext\tcol", true)).toBeNull();
    expect(controlCharacterReason("Order placed", false)).toBeNull();
  });

  it("names each new blank-looking name with the schema's message for a blank one, and each control character", () => {
    const board = testBoard(
      [sticky("event", "e", "\u3000\u00a0\u200b"), sticky("command", "c", "Bell\u0007", { description: "two\nlines\tfine" })],
      [{ ...arrow("c", "e"), label: "esc\u001b" }],
      { name: "\u200b", frames: [frame("f", "\u200b\u200b", 0, 0, 400, 300)], notes: [{ id: "n", text: "\u200b\n\u200b", position: { x: 0, y: 0 } }] },
    );
    const issues = inputTextIssues(board, null);
    expect(issues.map((i) => i.path)).toEqual(["name", "nodes[0].name", "nodes[1].name", "edges[0].label", "frames[0].name", "notes[0].text"]);
    expect(issues[0]!.message).toBe("must not be blank");
    expect(issues[1]!.message).toBe('must not be blank [node "e"]');
    expect(issues[2]!.message).toMatch(/U\+0007/u);
    expect(() => checkInputText(board, null)).toThrow(ModelError);
    expect(() => checkInputText(board, null)).toThrow(/nodes\[0\]\.name: must not be blank/u);
  });

  it("lets a board stored before the rules load as it is, and be saved again unless its text is new", () => {
    // Such a board was valid when it was saved: parseBoard (every load) still reads it, byte for byte.
    const stored = testBoard([sticky("event", "e", "\u200b"), sticky("command", "c", "Ring\u0007")], [], { name: "Old\u0007" });
    expect(serializeBoard(parseBoard(JSON.parse(serializeBoard(stored))))).toBe(serializeBoard(stored));
    // Saved again with another edit: the old texts are not new, the edit passes.
    const edited = { ...stored, nodes: [...stored.nodes, sticky("hotspot", "h", "Why?")] };
    expect(inputTextIssues(edited, stored)).toEqual([]);
    // A new sticky given such a name, or an old one renamed to one, is refused.
    const renamed = { ...stored, nodes: stored.nodes.map((n) => (n.id === "c" ? { ...n, name: "\u3000" } : n)) };
    expect(inputTextIssues(renamed, stored).map((i) => i.path)).toEqual(["nodes[1].name"]);
  });

  it("holds a saga step's command and reply names to the rule too: a new one is refused, one stored before passes", () => {
    const stored = orderFlowTemplate();
    const index = stored.nodes.findIndex((n) => n.kind === "saga");
    const withStep = (name: string, at: "action" | "success") => ({
      ...stored,
      nodes: stored.nodes.map((n) =>
        n.kind === "saga"
          ? { ...n, steps: n.steps.map((step, j) => (j !== 1 ? step : at === "action" ? { ...step, action: { ...step.action, name } } : { ...step, replies: { ...step.replies, success: { ...step.replies.success, name } } })) }
          : n,
      ),
    });
    expect(inputTextIssues(withStep("Charge\nPayment", "action"), stored).map((i) => i.path)).toEqual([`nodes[${index}].steps[1].action.name`]);
    expect(inputTextIssues(withStep("\u200b", "success"), stored).map((i) => i.path)).toEqual([`nodes[${index}].steps[1].replies.success.name`]);
    // Stored so already: saved again, it passes.
    const old = withStep("Charge\u0007", "action");
    expect(inputTextIssues(old, old)).toEqual([]);
  });
});
