import { describe, expect, it } from "vitest";
import type { RunCounters, RunInfo } from "../contracts/runs";
import { isGoing, shownRun, type ShownRun } from "./runSource";

const counters = (finished: number) => ({ instances: { finished }, events: { appended: finished * 2 } }) as unknown as RunCounters;
const record = (status: RunInfo["status"], finished: number): RunInfo =>
  ({ runId: "r", status, counters: counters(finished), summary: status === "running" ? null : ({ count: finished } as RunInfo["summary"]) }) as RunInfo;
const live = (status: ShownRun["status"], finished: number | null): ShownRun => ({ status, counters: finished === null ? null : counters(finished), summary: null });

describe("shownRun: one source for status, counters and summary", () => {
  it("shows the live feed while it is connected and the record knows no more", () => {
    const feed = live("running", 40);
    expect(shownRun(feed, true, record("running", 10))).toEqual(feed);
    expect(shownRun(feed, true, undefined)).toBe(feed);
  });

  it("shows the record when the run ended and the socket has not said so yet", () => {
    expect(shownRun(live("running", 40), true, record("completed", 50))).toEqual({ status: "completed", counters: counters(50), summary: { count: 50 } });
  });

  it("shows the polled record while the socket is down, and before the first live counters", () => {
    expect(shownRun(live("running", 40), false, record("running", 45)).counters).toEqual(counters(45));
    // Offline, the poll cannot refresh a record read at the start: the progress never goes back to it.
    expect(shownRun(live("running", 319), false, record("running", 0)).counters).toEqual(counters(319));
    expect(shownRun(live(null, null), true, record("running", 5)).status).toBe("running");
  });

  it("keeps the live summary once both ended", () => {
    const ended: ShownRun = { status: "failed", counters: counters(9), summary: { count: 9 } as ShownRun["summary"] };
    expect(shownRun(ended, true, record("failed", 9))).toEqual(ended);
  });

  it("counts a run with no status yet as going", () => {
    expect(isGoing(null)).toBe(true);
    expect(isGoing("running")).toBe(true);
    expect(isGoing("stopped")).toBe(false);
  });
});
