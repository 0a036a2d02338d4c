import { describe, expect, it } from "vitest";
import { encodeNotice, parseNotice, type Notice } from "./notice";

const counts = { commands: { handled: 1, rejected: 0 }, sagas: { started: 1, completed: 0, compensated: 0, failed: 0 }, events: { appended: 1, delivered: 2 }, concurrencyConflicts: 0 };
const notice: Notice = {
  v: 1,
  worker: "w1",
  handled: [{ group: "email-service", messageId: "m1", outcome: { status: "processed" } }],
  spans: [],
  counts: counts as unknown as Notice["counts"],
  flows: [["c1", 2]],
  rows: [],
};

describe("parseNotice", () => {
  it("takes a worker's notice as encoded", () => {
    expect(parseNotice(encodeNotice(notice))).toEqual(notice);
  });

  it("drops what is not JSON or not a notice", () => {
    for (const body of ["not json", "{", "null", "[]", '{"v":2}', '{"v":1}']) expect(parseNotice(body)).toBeNull();
  });

  // The control queue is on a shared broker: a count a worker could not have sent would corrupt the summary.
  it("drops counts that are negative, fractional, unsafe or infinite", () => {
    const bad = (patch: object) => JSON.stringify({ ...notice, counts: { ...counts, ...patch } });
    expect(parseNotice(bad({ commands: { handled: -1000 } }))).toBeNull();
    expect(parseNotice(bad({ events: { delivered: 1e300 } }))).toBeNull();
    expect(parseNotice(bad({ sagas: { completed: 0.5 } }))).toBeNull();
    expect(parseNotice(bad({ concurrencyConflicts: -1 }))).toBeNull();
    // 1e999 parses as Infinity, which the JSON summary would print as null.
    expect(parseNotice(encodeNotice(notice).replace('"concurrencyConflicts":0', '"concurrencyConflicts":1e999'))).toBeNull();
  });

  it("drops flows that are not rows added", () => {
    const bad = (flows: unknown) => JSON.stringify({ ...notice, flows });
    expect(parseNotice(bad([["c1", -5]]))).toBeNull();
    expect(parseNotice(bad([["c1", 0]]))).toBeNull();
    expect(parseNotice(bad([["c1", 1e300]]))).toBeNull();
  });
});
