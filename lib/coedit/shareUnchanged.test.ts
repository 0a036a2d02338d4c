import { describe, expect, it } from "vitest";
import type { Board } from "../model/schema";
import { orderFlowTemplate } from "../model/template";
import { shareUnchanged } from "./shareUnchanged";

/** A deep copy, as readBoard gives after a remote update: equal values, no shared objects. */
const copy = (b: Board): Board => structuredClone(b);

describe("shareUnchanged", () => {
  it("returns `previous` itself when nothing changed", () => {
    const previous = orderFlowTemplate();
    expect(shareUnchanged(previous, copy(previous))).toBe(previous);
  });

  it("keeps the identity of every unchanged sticky and edge, and takes the changed one from `next`", () => {
    const previous = orderFlowTemplate();
    const next = copy(previous);
    next.nodes[3] = { ...next.nodes[3]!, position: { x: 1, y: 1 } };
    const merged = shareUnchanged(previous, next);
    expect(merged).not.toBe(previous);
    merged.nodes.forEach((n, i) => (i === 3 ? expect(n).toBe(next.nodes[3]) : expect(n).toBe(previous.nodes[i])));
    merged.edges.forEach((e, i) => expect(e).toBe(previous.edges[i]));
    expect(merged.nodes[3]!.position).toEqual({ x: 1, y: 1 });
  });

  it("is a new board when only the order, the count or the board's own keys changed", () => {
    const previous = orderFlowTemplate();
    const reordered = { ...copy(previous), nodes: copy(previous).nodes.reverse() };
    const merged = shareUnchanged(previous, reordered);
    expect(merged).not.toBe(previous);
    expect(merged.nodes.map((n) => n.id)).toEqual(reordered.nodes.map((n) => n.id));
    expect(merged.nodes[0]).toBe(previous.nodes.at(-1));

    const fewer = copy(previous);
    fewer.edges.pop();
    expect(shareUnchanged(previous, fewer).edges).toHaveLength(previous.edges.length - 1);

    const renamed = { ...copy(previous), name: "Another name" };
    const r = shareUnchanged(previous, renamed);
    expect(r).not.toBe(previous);
    expect(r.name).toBe("Another name");
    expect(r.nodes[0]).toBe(previous.nodes[0]);

    const settings = { ...copy(previous), settings: { eventTypeStyle: "pascal" as const } };
    expect(shareUnchanged(previous, settings).settings).toEqual({ eventTypeStyle: "pascal" });
  });

  it("takes a sticky with a new id from `next` even when another sticky had the same content", () => {
    const previous = orderFlowTemplate();
    const next = copy(previous);
    next.nodes[0] = { ...next.nodes[0]!, id: "actor-new" };
    const merged = shareUnchanged(previous, next);
    expect(merged.nodes[0]!.id).toBe("actor-new");
    expect(merged.nodes[0]).toBe(next.nodes[0]);
  });
});

describe("shareUnchanged: frames and notes", () => {
  it("keeps unchanged frames and notes, and notices a frame that changed or went away", () => {
    const frame = { id: "f", name: "Ordering", position: { x: 0, y: 0 }, size: { width: 300, height: 200 } };
    const note = { id: "n", text: "Hm", position: { x: 5, y: 5 } };
    const previous = { ...orderFlowTemplate(), frames: [frame], notes: [note] };
    const same = structuredClone(previous);
    expect(shareUnchanged(previous, same)).toBe(previous);
    const moved = shareUnchanged(previous, { ...structuredClone(previous), frames: [{ ...frame, position: { x: 9, y: 0 } }] });
    expect(moved).not.toBe(previous);
    expect(moved.frames![0]!.position.x).toBe(9);
    expect(moved.notes![0]).toBe(note);
    expect(moved.nodes).toEqual(previous.nodes);
    expect(moved.nodes[0]).toBe(previous.nodes[0]);
    const { frames: _gone, ...withoutFrames } = structuredClone(previous);
    const removed = shareUnchanged(previous, withoutFrames);
    expect(removed).not.toBe(previous);
    expect("frames" in removed).toBe(false);
  });
});
