import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBoardText } from "./parse";
import type { Board } from "./schema";
import { serializeBoard } from "./serialize";
import { emptyBoard, orderFlowTemplate } from "./template";

// The test reads the template's bytes to prove the committed file is canonical; product code
// imports it as JSON instead, so lib/model itself needs no Node API.
const templateTexts = ["orderFlow", "createOrderSaga"].map((name) => readFileSync(new URL(`./templates/${name}.board.json`, import.meta.url), "utf8"));

/** A board that uses every optional key, written with keys in a scrambled order. */
const everything: Board = {
  nodes: [
    {
      payload: [
        {
          items: { fields: [{ type: "string", name: "sku" }], type: "object", required: false },
          type: "array",
          name: "lines",
          description: "order lines",
        },
      ],
      outcome: "failure",
      partitionKey: "lines",
      topic: "orders",
      version: 2,
      scope: "integration",
      position: { y: -3.5, x: 1e21 },
      description: "d",
      name: "OrderRejected",
      kind: "event",
      id: "e1",
    },
    {
      delivery: { jitter: 0, maxDelayMs: 900, multiplier: 3, initialDelayMs: 100, maxAttempts: 2, group: "mail" },
      commandChannel: "mail.commands",
      consistency: "strong",
      action: "Send",
      position: { x: 0, y: 0 },
      name: "Mailer",
      kind: "service",
      id: "s1",
    },
    {
      steps: [
        {
          timeoutMs: 500,
          compensation: { reply: { payload: [], name: "Undone" }, payload: [{ type: "uuid", name: "id" }], description: "undo", name: "Undo" },
          replies: { failure: { payload: [], name: "Failed" }, success: { payload: [], description: "ok", name: "Done" } },
          action: { payload: [], name: "Do" },
          participant: "s1",
          type: "compensable",
          id: "1",
        },
      ],
      delivery: { maxAttempts: 3 },
      replyChannel: "saga.replies",
      position: { x: 0, y: 0 },
      name: "Saga",
      kind: "saga",
      id: "g1",
    },
    { delivery: { group: "view" }, fields: [], position: { x: 0, y: 0 }, name: "View", kind: "readModel", id: "r1" },
  ],
  edges: [{ label: "emits", target: "e1", source: "s1", id: "x" }],
  notes: [{ position: { y: 2, x: 1 }, text: "Who pays?", id: "n1" }],
  frames: [{ size: { height: 300, width: 400 }, position: { y: -10, x: -20 }, color: "#e7f5ff", description: "the shop", name: "Ordering", id: "f1" }],
  settings: { delivery: { jitter: 0.1, maxAttempts: 4 }, eventTypeStyle: "screaming" },
  description: "all keys",
  name: "Everything",
  schemaVersion: 2,
  format: "stormflow.board",
};

describe("serializeBoard", () => {
  it("writes 2-space JSON with a trailing newline", () => {
    const text = serializeBoard(emptyBoard("Empty"));
    expect(text).toBe(
      '{\n  "format": "stormflow.board",\n  "schemaVersion": 2,\n  "name": "Empty",\n  "nodes": [],\n  "edges": []\n}\n',
    );
  });

  it("orders keys canonically at every level", () => {
    const data: unknown = JSON.parse(serializeBoard(everything));
    /** The keys of the object at `path` inside `data`. */
    const keysAt = (...path: (string | number)[]) =>
      Object.keys(path.reduce((value: unknown, key) => (value as Record<string, unknown>)[key], data) as object);
    expect(keysAt()).toEqual(["format", "schemaVersion", "name", "description", "settings", "nodes", "edges", "frames", "notes"]);
    expect(keysAt("frames", 0)).toEqual(["id", "name", "description", "color", "position", "size"]);
    expect(keysAt("frames", 0, "position")).toEqual(["x", "y"]);
    expect(keysAt("frames", 0, "size")).toEqual(["width", "height"]);
    expect(keysAt("notes", 0)).toEqual(["id", "text", "position"]);
    expect(keysAt("notes", 0, "position")).toEqual(["x", "y"]);
    expect(keysAt("settings")).toEqual(["eventTypeStyle", "delivery"]);
    expect(keysAt("settings", "delivery")).toEqual(["maxAttempts", "jitter"]);
    expect(keysAt("nodes", 0)).toEqual([
      "id", "kind", "name", "description", "position", "payload", "scope", "version", "topic", "partitionKey", "outcome",
    ]);
    expect(keysAt("nodes", 0, "position")).toEqual(["x", "y"]);
    expect(keysAt("nodes", 0, "payload", 0)).toEqual(["name", "type", "description", "items"]);
    expect(keysAt("nodes", 0, "payload", 0, "items")).toEqual(["type", "required", "fields"]);
    expect(keysAt("nodes", 1)).toEqual(["id", "kind", "name", "position", "action", "consistency", "commandChannel", "delivery"]);
    expect(keysAt("nodes", 1, "delivery")).toEqual(["group", "maxAttempts", "initialDelayMs", "multiplier", "maxDelayMs", "jitter"]);
    expect(keysAt("nodes", 2)).toEqual(["id", "kind", "name", "position", "replyChannel", "delivery", "steps"]);
    expect(keysAt("nodes", 2, "steps", 0)).toEqual(["id", "type", "participant", "action", "replies", "compensation", "timeoutMs"]);
    expect(keysAt("nodes", 2, "steps", 0, "replies")).toEqual(["success", "failure"]);
    expect(keysAt("nodes", 2, "steps", 0, "replies", "success")).toEqual(["name", "description", "payload"]);
    expect(keysAt("nodes", 2, "steps", 0, "compensation")).toEqual(["name", "description", "payload", "reply"]);
    expect(keysAt("nodes", 3)).toEqual(["id", "kind", "name", "position", "fields", "delivery"]);
    expect(keysAt("edges", 0)).toEqual(["id", "source", "target", "label"]);
  });

  it("keeps absent optional keys absent: no default is written", () => {
    const text = serializeBoard(orderFlowTemplate());
    expect(text).not.toContain('"required": true');
    expect(text).not.toContain('"scope"');
    expect(text).not.toContain('"timeoutMs"');
    expect(text).not.toContain("null");
  });

  it("round-trips: parse(serialize(b)) deep-equals b, and serializing again is byte-identical", () => {
    for (const board of [everything, orderFlowTemplate(), emptyBoard("x")]) {
      const text = serializeBoard(board);
      const reparsed = parseBoardText(text);
      expect(reparsed).toStrictEqual(board);
      expect(serializeBoard(reparsed)).toBe(text);
    }
  });

  it("the committed template files are already canonical", () => {
    for (const text of templateTexts) expect(serializeBoard(parseBoardText(text))).toBe(text);
  });

  it("keeps nodes and edges in board order", () => {
    const board = orderFlowTemplate();
    const data = JSON.parse(serializeBoard(board)) as Board;
    expect(data.nodes.map((n) => n.id)).toEqual(board.nodes.map((n) => n.id));
    expect(data.edges.map((e) => e.id)).toEqual(board.edges.map((e) => e.id));
  });
});
