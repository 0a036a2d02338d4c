import { describe, expect, it } from "vitest";
import { frame, sticky, testBoard } from "@/lib/model/testing/testBoards";
import { searchItems, searchMatches } from "./search";

const board = testBoard([sticky("event", "evt-1", "OrderPlaced"), sticky("command", "cmd-1", "PlaceOrder")], [], {
  frames: [frame("frame-1", "Ordering", 0, 0, 400, 300), frame("frame-2", "Shipping", 500, 0, 400, 300)],
  notes: [{ id: "note-1", text: "  Who approves refunds?\nAsk finance.", position: { x: 0, y: 400 } }],
});
const look = {
  sticky: () => ({ label: "sticky", swatch: "#fff" }),
  frame: () => ({ label: "바운디드 컨텍스트", swatch: "#eee" }),
  note: () => ({ label: "메모", swatch: "#ddd" }),
};

describe("search (Ctrl/Cmd+K)", () => {
  it("finds frames by name and notes by any of their text, as it finds stickies", () => {
    const items = searchItems(board, look);
    expect(items.map((i) => i.id)).toEqual(["evt-1", "cmd-1", "frame-1", "frame-2", "note-1"]);
    expect(searchMatches(items, "order").map((i) => i.id)).toEqual(["evt-1", "cmd-1", "frame-1"]);
    expect(searchMatches(items, "FINANCE").map((i) => i.id)).toEqual(["note-1"]);
    // A note is listed by its first line; a frame or note also by its kind in the UI's language.
    expect(items.find((i) => i.id === "note-1")!.name).toBe("Who approves refunds?");
    expect(searchMatches(items, "메모").map((i) => i.id)).toEqual(["note-1"]);
    expect(searchMatches(items, "컨텍스트").map((i) => i.id)).toEqual(["frame-1", "frame-2"]);
    expect(searchMatches(items, "  ")).toHaveLength(5);
  });
});
