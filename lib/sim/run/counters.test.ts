import { describe, expect, it } from "vitest";
import { Counters, emptyCounters } from "./counters";

describe("Counters of a resumed run", () => {
  it("count the re-issued entry commands from zero, and never show less than was counted before the restart", () => {
    const stored = { ...emptyCounters(), instances: { issued: 500, finished: 478 } };
    const tally = new Counters(stored);
    tally.restartInstances();
    // The flow control reads the recount; what is shown (and stored) keeps the floor.
    expect(tally.instances).toEqual({ issued: 0, finished: 0 });
    expect(tally.snapshot().instances).toEqual({ issued: 500, finished: 478 });
    tally.instances.issued = 600;
    tally.instances.finished = 590;
    expect(tally.snapshot().instances).toEqual({ issued: 600, finished: 590 });
    // A second restart keeps the highest seen.
    tally.restartInstances();
    expect(tally.snapshot().instances).toEqual({ issued: 600, finished: 590 });
  });

  it("count the outcome of each re-issued entry command once: the summary says as many as were issued", () => {
    const stored = { ...emptyCounters(), instances: { issued: 500, finished: 478 }, commands: { handled: 480, rejected: 20 } };
    const tally = new Counters(stored);
    tally.restartInstances();
    expect(tally.snapshot().commands).toEqual({ handled: 480, rejected: 20 });
    // The resumed run re-issues all 3,000: each is handled (or rejected) once more, from zero.
    tally.commands.handled = 2_900;
    tally.commands.rejected = 100;
    expect(tally.snapshot().commands).toEqual({ handled: 2_900, rejected: 100 });
    tally.restartInstances();
    tally.commands.handled = 10;
    expect(tally.snapshot().commands).toEqual({ handled: 2_900, rejected: 100 });
  });
});
