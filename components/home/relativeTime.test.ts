import { describe, expect, it } from "vitest";
import { absoluteTime, relativeTime } from "./relativeTime";
import { homeStringsKo } from "./strings.ko";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;

describe("relativeTime", () => {
  it("speaks English by default", () => {
    expect(relativeTime(ago(10_000), NOW)).toBe("just now");
    expect(relativeTime(ago(5 * MIN), NOW)).toBe("5 min ago");
    expect(relativeTime(ago(3 * 60 * MIN), NOW)).toBe("3 hours ago");
    expect(relativeTime(ago(30 * 60 * MIN), NOW)).toBe("yesterday");
  });
  it("speaks Korean with the Korean words, without plural forms", () => {
    expect(relativeTime(ago(10_000), NOW, "ko", homeStringsKo)).toBe("방금");
    expect(relativeTime(ago(5 * MIN), NOW, "ko", homeStringsKo)).toBe("5분 전");
    expect(relativeTime(ago(60 * MIN), NOW, "ko", homeStringsKo)).toBe("1시간 전");
    expect(relativeTime(ago(30 * 60 * MIN), NOW, "ko", homeStringsKo)).toBe("어제");
    expect(relativeTime(ago(3 * 24 * 60 * MIN), NOW, "ko", homeStringsKo)).toBe("3일 전");
  });
  it("gives the date in the UI's language after a week", () => {
    expect(relativeTime(ago(10 * 24 * 60 * MIN), NOW, "en")).toBe("Nov 22, 2026");
    expect(relativeTime(ago(10 * 24 * 60 * MIN), NOW, "ko", homeStringsKo)).toBe("2026. 11. 22.");
  });
});

describe("absoluteTime", () => {
  it("writes the full date in the language asked for", () => {
    expect(absoluteTime(new Date(NOW).toISOString(), "ko")).toMatch(/^2026년 12월 2일 수요일/u);
    expect(absoluteTime(new Date(NOW).toISOString(), "en")).toMatch(/^Wednesday, December 2, 2026/u);
  });
});
