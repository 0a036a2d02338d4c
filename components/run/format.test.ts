import { describe, expect, it } from "vitest";
import { formatClock, formatCount, formatIsoClock, formatDuration, formatPercent, progressFraction, shortId } from "./format";

describe("format", () => {
  it("counts with separators", () => {
    expect(formatCount(100000)).toBe("100,000");
    expect(formatCount(null)).toBe("–");
  });
  it("durations with a precision that fits their size", () => {
    expect(formatDuration(0.4213)).toBe("0.42 ms");
    expect(formatDuration(4.25)).toBe("4.3 ms");
    expect(formatDuration(123.4)).toBe("123 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
    expect(formatDuration(12_340)).toBe("12.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(179_800)).toBe("3 min");
    expect(formatDuration(3_900_000)).toBe("1 h 5 min");
    expect(formatDuration(-1)).toBe("–");
    expect(formatDuration(Number.NaN)).toBe("–");
  });
  it("clock time to the millisecond", () => {
    expect(formatClock(Date.UTC(2025, 0, 2, 14, 3, 27, 512), "UTC")).toBe("14:03:27.512");
    expect(formatClock(Date.UTC(2025, 0, 2, 0, 0, 0, 7) + 0.6, "UTC")).toBe("00:00:00.007");
  });
  it("clock time of an ISO timestamp", () => {
    expect(formatIsoClock("2025-01-02T14:03:27.512Z", "UTC")).toBe("14:03:27.512");
    expect(formatIsoClock("not a date")).toBe("not a date");
  });
  it("percentages", () => {
    expect(formatPercent(0.05)).toBe("5%");
    expect(formatPercent(0.125)).toBe("12.5%");
  });
  it("short ids", () => {
    expect(shortId("0123456789abcdef")).toBe("01234567…");
    expect(shortId("abc")).toBe("abc");
  });
  it("progress fraction", () => {
    expect(progressFraction(5, 10)).toBe(0.5);
    expect(progressFraction(12, 10)).toBe(1);
    expect(progressFraction(3, 0)).toBe(0);
  });
});
