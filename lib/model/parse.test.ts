import { describe, expect, it } from "vitest";
import { ModelError, isModelError } from "./errors";
import { parseBoard, parseBoardText } from "./parse";
import type { Board } from "./schema";
import { serializeBoard } from "./serialize";
import { emptyBoard, orderFlowTemplate } from "./template";

/** The ModelError thrown by `run`, for assertions on its fields. */
function errorOf(run: () => unknown): ModelError {
  try {
    run();
  } catch (error) {
    if (isModelError(error)) return error;
    throw error;
  }
  throw new Error("expected a ModelError");
}

function boardWith(patch: Record<string, unknown>): Record<string, unknown> {
  return { ...orderFlowTemplate(), ...patch };
}

const node = (over: Record<string, unknown>) => ({
  id: "n1",
  kind: "aggregate",
  name: "Order",
  position: { x: 0, y: 0 },
  ...over,
});

describe("parseBoardText", () => {
  it("parses the template", () => {
    const board = parseBoardText(serializeBoard(orderFlowTemplate()));
    expect(board.nodes).toHaveLength(22);
  });

  it("refuses text that is not JSON, with line, column and offset", () => {
    const error = errorOf(() => parseBoardText('{\n  "format": "stormflow.board",\n  "name": }'));
    expect(error.code).toBe("not_json");
    expect(error.message).toContain("line 3, column 11 (offset 43)");
    expect(error.message).toContain('"}"');
  });

  it("reports the end of the text for truncated files", () => {
    const error = errorOf(() => parseBoardText('{"format": "stormflow.board"'));
    expect(error.code).toBe("not_json");
    expect(error.message).toContain("the end of the text");
  });

  it("accepts a byte-order mark and keeps offsets true to the original text", () => {
    expect(parseBoardText(`\uFEFF${serializeBoard(emptyBoard("B"))}`).name).toBe("B");
    expect(errorOf(() => parseBoardText("\uFEFF{,}")).message).toContain("offset 2");
  });

  it("refuses text over the size limit as too_large, without parsing it", () => {
    const huge = { length: 64 * 1024 * 1024 } as unknown as string;
    expect(errorOf(() => parseBoardText(huge)).code).toBe("too_large");
  });

  it("reports a 10 MiB name as invalid_board, with its length and not its text", () => {
    const board = orderFlowTemplate();
    (board.nodes[2] as { name: string }).name = "x".repeat(10_485_760);
    const error = errorOf(() => parseBoardText(JSON.stringify(board)));
    expect(error.code).toBe("invalid_board");
    expect(error.issues).toEqual([
      { path: "nodes[2].name", message: 'must be at most 120 characters (got 10485760) [node "agg-order-place"]' },
    ]);
    expect(error.message).toContain("nodes[2].name: must be at most 120 characters (got 10485760)");
    expect(error.message.length).toBeLessThan(500);
  });
});

describe("parseBoard: what kind of document", () => {
  it.each([null, 42, "board", [], true])("refuses %j as not_a_board", (value) => {
    expect(errorOf(() => parseBoard(value)).code).toBe("not_a_board");
  });

  it("refuses a missing or different format as not_a_board, saying what it found", () => {
    const missing = errorOf(() => parseBoard({ schemaVersion: 1, name: "x", nodes: [], edges: [] }));
    expect(missing.code).toBe("not_a_board");
    expect(missing.message).toContain('no "format" key');
    const other = errorOf(() => parseBoard({ format: "excalidraw" }));
    expect(other.code).toBe("not_a_board");
    expect(other.message).toContain('"excalidraw"');
  });

  it("refuses a newer schema version, naming both versions", () => {
    const error = errorOf(() => parseBoard(boardWith({ schemaVersion: 7 })));
    expect(error.code).toBe("unsupported_version");
    expect(error.message).toContain("schema version 7");
    expect(error.message).toContain("version 2");
  });

  it.each([undefined, 0, 1.5, "1"])("refuses schemaVersion %j as invalid_board", (version) => {
    const error = errorOf(() => parseBoard(boardWith({ schemaVersion: version })));
    expect(error.code).toBe("invalid_board");
    expect(error.issues[0]?.path).toBe("schemaVersion");
  });

  it("refuses more nodes than the limit as too_large", () => {
    const nodes = Array.from({ length: 5001 }, (_, i) => node({ id: `n${i}` }));
    const error = errorOf(() => parseBoard(boardWith({ nodes, edges: [] })));
    expect(error.code).toBe("too_large");
    expect(error.message).toContain("5001 nodes");
  });

  it("returns a new object and leaves its input untouched", () => {
    const input = JSON.parse(serializeBoard(orderFlowTemplate())) as Board;
    const frozen = JSON.stringify(input);
    const board = parseBoard(input);
    expect(board).not.toBe(input);
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it("does not fill in defaults", () => {
    const board = parseBoard(boardWith({}));
    const event = board.nodes.find((n) => n.kind === "event");
    expect(event && "scope" in event).toBe(false);
    expect(board.settings).toEqual({ eventTypeStyle: "dotted" });
  });
});

describe("parseBoard: schema violations", () => {
  function issuesOf(patch: Record<string, unknown>) {
    const error = errorOf(() => parseBoard(boardWith(patch)));
    expect(error.code).toBe("invalid_board");
    return error.issues;
  }

  it("lists every problem with its path", () => {
    const issues = issuesOf({
      name: "   ",
      nodes: [
        node({ id: "bad id" }),
        node({ kind: "wizard", id: "n2" }),
        node({ id: "n3", position: { x: "1", y: 2 } }),
        node({ id: "n4", kind: "event", payload: [{ name: "", type: "text" }], version: 0 }),
      ],
      edges: [],
    });
    expect(issues.map((i) => i.path)).toEqual([
      "name",
      "nodes[0].id",
      "nodes[1].kind",
      "nodes[2].position.x",
      "nodes[3].payload[0].name",
      "nodes[3].payload[0].type",
      "nodes[3].version",
    ]);
    expect(issues[0]?.message).toBe("must not be blank");
    expect(issues[1]?.message).toContain("letters A-Z a-z, digits, '_' and '-'");
    expect(issues[2]?.message).toBe(
      'must be one of event, command, aggregate, policy, readModel, service, externalSystem, actor, saga, hotspot (got "wizard") [node "n2"]',
    );
    expect(issues[3]?.message).toBe('must be a number (got a string) [node "n3"]');
    expect(issues[4]?.message).toBe('must not be empty [node "n4"]');
    expect(issues[5]?.message).toContain('must be one of "string", "number"');
    expect(issues[6]?.message).toBe('must be at least 1 (got 0) [node "n4"]');
  });

  it("reports missing keys as required", () => {
    const issues = issuesOf({ nodes: [{ id: "n1", kind: "event", name: "X", position: { x: 0, y: 0 } }], edges: [] });
    expect(issues).toEqual([{ path: "nodes[0].payload", message: 'is required [node "n1"]' }]);
  });

  it("refuses unknown keys, located at the key", () => {
    const issues = issuesOf({ nodes: [node({ payloads: [] })], edges: [], extra: 1 });
    expect(issues.map((i) => i.path)).toEqual(["nodes[0].payloads", "extra"]);
  });

  it("refuses non-finite positions and fields nested deeper than 8 levels", () => {
    let shape: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 9; i++) shape = { type: "array", items: shape };
    const issues = issuesOf({
      nodes: [
        node({ position: { x: Number.NaN, y: Number.POSITIVE_INFINITY } }),
        node({ id: "deep", kind: "command", payload: [{ name: "a", ...shape }] }),
      ],
      edges: [],
    });
    expect(issues.map((i) => i.path)).toEqual([
      "nodes[0].position.x",
      "nodes[0].position.y",
      "nodes[1].payload[0].items.items.items.items.items.items.items.items",
    ]);
    expect(issues[0]?.message).toContain("must be a finite number");
    expect(issues[2]?.message).toContain("at most 8 levels deep");
  });

  it("enforces the event, service, saga and edge rules", () => {
    const issues = issuesOf({
      nodes: [
        node({ id: "e", kind: "event", payload: [], scope: "global", topic: "", outcome: "maybe" }),
        node({ id: "s", kind: "service", action: "a".repeat(201), consistency: "weak" }),
        node({ id: "g", kind: "saga", steps: [{ id: "1", type: "first", action: { name: "" }, replies: {} }] }),
      ],
      edges: [{ id: "x", source: "e", target: "s", label: "l".repeat(201) }],
      settings: { eventTypeStyle: "kebab" },
    });
    expect(issues.map((i) => i.path)).toEqual([
      "settings.eventTypeStyle",
      "nodes[0].scope",
      "nodes[0].topic",
      "nodes[0].outcome",
      "nodes[1].action",
      "nodes[1].consistency",
      "nodes[2].steps[0].type",
      "nodes[2].steps[0].action.name",
      "nodes[2].steps[0].action.payload",
      "nodes[2].steps[0].replies.success",
      "edges[0].label",
    ]);
  });

  it("reports duplicate ids and edges to missing nodes", () => {
    const issues = issuesOf({
      nodes: [node({ id: "a" }), node({ id: "b" }), node({ id: "a" })],
      edges: [
        { id: "e1", source: "a", target: "b" },
        { id: "e1", source: "a", target: "ghost" },
      ],
    });
    expect(issues).toEqual([
      { path: "nodes[2].id", message: 'duplicate id "a", already used by nodes[0]' },
      { path: "edges[1].id", message: 'duplicate id "e1", already used by edges[0]' },
      { path: "edges[1].target", message: 'no node has the id "ghost" [edge "e1"]' },
    ]);
  });

  it("keeps frame and note ids apart from each other and from the stickies (one id space on the canvas)", () => {
    const size = { width: 100, height: 100 };
    const issues = issuesOf({
      nodes: [node({ id: "a" })],
      edges: [],
      frames: [
        { id: "a", name: "Ordering", position: { x: 0, y: 0 }, size },
        { id: "f", name: "Shipping", position: { x: 0, y: 0 }, size },
        { id: "f", name: "Again", position: { x: 0, y: 0 }, size },
      ],
      notes: [
        { id: "f", text: "?", position: { x: 0, y: 0 } },
        { id: "n", text: "?", position: { x: 0, y: 0 } },
        { id: "n", text: "!", position: { x: 0, y: 0 } },
      ],
    });
    expect(issues).toEqual([
      { path: "frames[0].id", message: 'duplicate id "a", already used by one of the nodes' },
      { path: "frames[2].id", message: 'duplicate id "f", already used by frames[1]' },
      { path: "notes[0].id", message: 'duplicate id "f", already used by one of the frames' },
      { path: "notes[2].id", message: 'duplicate id "n", already used by notes[1]' },
    ]);
  });

  it("checks frames and notes: sizes, colours, text", () => {
    const issues = issuesOf({
      nodes: [],
      edges: [],
      frames: [{ id: "f", name: " ", color: "red", position: { x: 0, y: 0 }, size: { width: 10, height: 1e9 } }],
      notes: [{ id: "n", text: "", position: { x: 0, y: 0 } }],
    });
    expect(issues.map((issue) => issue.path)).toEqual(["frames[0].name", "frames[0].color", "frames[0].size.width", "frames[0].size.height", "notes[0].text"]);
    expect(issues.find((issue) => issue.path === "frames[0].color")?.message).toContain("#rrggbb");
  });

  it("refuses a note of only spaces and line breaks as it refuses an empty one, naming the field", () => {
    const issues = issuesOf({
      nodes: [],
      edges: [],
      notes: [
        { id: "n", text: " \n\t\u3000 ", position: { x: 0, y: 0 } },
        { id: "m", text: "  Who approves?\n", position: { x: 0, y: 0 } },
      ],
    });
    expect(issues).toEqual([{ path: "notes[0].text", message: "must not be blank" }]);
  });

  it("reads coordinates however far, 1e308 included: any finite number (files that hold one keep loading)", () => {
    const board = parseBoardText(JSON.stringify(boardWith({ nodes: [node({ position: { x: 1e308, y: -1e308 } })], edges: [], frames: [{ id: "f", name: "F", position: { x: -1e308, y: 0 }, size: { width: 100, height: 100 } }] })));
    expect(board.nodes[0]!.position).toEqual({ x: 1e308, y: -1e308 });
    expect(board.frames![0]!.position).toEqual({ x: -1e308, y: 0 });
  });

  it("is a ModelError and an Error", () => {
    const error = errorOf(() => parseBoard(boardWith({ name: "" })));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ModelError");
    expect(error.message).toBe("The board is not valid (1 problem):\n  name: must not be empty");
  });
});

describe("parseBoard: messages stay short and accurate", () => {
  it("names the expected type, and cuts hostile keys", () => {
    const error = errorOf(() => parseBoard(boardWith({ name: 5, ["k".repeat(100)]: 1 })));
    expect(error.issues).toEqual([
      { path: "name", message: "must be a string (got a number)" },
      { path: `["${"k".repeat(39)}…"]`, message: "is not a key of the board format" },
    ]);
  });
});

describe("enum messages", () => {
  it("name the value that is not allowed, not its length", async () => {
    const { orderFlowTemplate } = await import("./template");
    const board = orderFlowTemplate() as unknown as { nodes: { payload?: { type: string }[] }[] };
    board.nodes[1]!.payload![0]!.type = "date";
    expect(() => parseBoard(board)).toThrow(/nodes\[1\]\.payload\[0\]\.type: must be one of .*\(got "date"\)/);
  });
});
