import { describe, expect, it } from "vitest";
import type { Span } from "../ports/trace";
import { ResumePoints } from "./resumePoints";

type Stored = Pick<Span, "kind" | "status" | "attributes" | "spanId">;
let ids = 0;
const span = (kind: Span["kind"], status: Span["status"], attributes: Record<string, string | number | boolean | null>): Stored => ({ kind, status, attributes, spanId: `s${++ids}` });
const at = { group: "inventory-service", messageId: "m1", copy: 0 };
const failed = (attempt: number, designMs: number) => span("deliver", "error", { ...at, attempt, error: `boom ${attempt}`, designMs });
const waited = (attempt: number, delayMs: number) => span("retry", "ok", { ...at, attempt, delayMs });

describe("ResumePoints", () => {
  it("keeps where an unfinished delivery stood: its last failed attempt, and the wait after it when that was stored", () => {
    const points = new ResumePoints();
    const second = failed(2, 350);
    points.apply([failed(1, 0), waited(2, 250), second]);
    expect(points.take("inventory-service", "m1", 0)).toEqual({ attempt: 2, error: "boom 2", spanId: second.spanId, designMs: 350, waitedMs: null });
    // Taken once: a later delivery of the message starts afresh.
    expect(points.take("inventory-service", "m1", 0)).toBeUndefined();
    points.apply([failed(1, 0), waited(2, 250)]);
    expect(points.take("inventory-service", "m1", 0)).toMatchObject({ attempt: 1, waitedMs: 250 });
  });

  it("forgets a delivery that ended (handled or dead-lettered), and keeps copies, groups and messages apart", () => {
    const points = new ResumePoints();
    points.apply([failed(1, 0), span("deliver", "ok", { ...at, attempt: 2 })]);
    points.apply([span("deliver", "error", { ...at, messageId: "m2", attempt: 5 }), span("dead-letter", "error", { ...at, messageId: "m2" })]);
    points.apply([span("deliver", "error", { ...at, copy: 1, attempt: 1 }), span("deliver", "error", { ...at, group: "payment-service", attempt: 1 })]);
    expect(points.size).toBe(2);
    expect(points.take("inventory-service", "m1", 1)).toMatchObject({ attempt: 1 });
    expect(points.take("payment-service", "m1", 0)).toMatchObject({ attempt: 1 });
  });

  it("leaves out what is no broker delivery's: a saga's wait before a step is sent again, an aggregate's attempts", () => {
    const points = new ResumePoints();
    points.apply([failed(1, 0), span("retry", "ok", { ...at, attempt: 2, delayMs: 9, sagaId: "saga-1" }), span("handle", "error", { ...at, attempt: 1, direct: true })]);
    expect(points.take("inventory-service", "m1", 0)).toMatchObject({ attempt: 1, waitedMs: null });
    points.apply([span("retry", "ok", { ...at, attempt: 2, delayMs: 9, direct: true }), span("deliver", "error", { group: null, messageId: "m3", attempt: 1 })]);
    expect(points.size).toBe(0);
  });
});
