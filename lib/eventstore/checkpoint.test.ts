import { describe, expect, it } from "vitest";
import { START_CHECKPOINT, checkpointOf, compareCheckpoints, parseCheckpoint } from "./checkpoint";

describe("checkpoints", () => {
  it("are the transaction id and global position of the last event read", () => {
    expect(checkpointOf({ transactionId: "812", globalPosition: "9007199254740995" })).toBe("812:9007199254740995");
    expect(parseCheckpoint("812:9007199254740995")).toEqual({ transactionId: 812n, globalPosition: 9007199254740995n });
    expect(parseCheckpoint(START_CHECKPOINT)).toEqual({ transactionId: 0n, globalPosition: 0n });
  });

  it("order by transaction id first, then position", () => {
    const sorted = ["7:100", "8:3", "8:4", "10:1"];
    expect([...sorted].reverse().sort(compareCheckpoints)).toEqual(sorted);
    expect(compareCheckpoints("8:3", "8:3")).toBe(0);
  });

  it("refuse anything else with invalid_argument", () => {
    for (const bad of ["", "1", "1:", ":1", "01:1", "1:-1", "1:2:3", " 1:2", "1:9223372036854775808", "18446744073709551616:1"]) {
      expect(() => parseCheckpoint(bad), bad).toThrow(expect.objectContaining({ code: "invalid_argument" }));
    }
    expect(parseCheckpoint("18446744073709551615:9223372036854775807").globalPosition).toBe(2n ** 63n - 1n);
  });
});
