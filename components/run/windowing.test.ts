import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleRange } from "./windowing";

describe("visibleRange", () => {
  it("is empty for an empty list", () => {
    expect(visibleRange(0, 500, 24, 0)).toEqual({ start: 0, end: 0 });
  });
  it("covers the viewport plus overscan at the top", () => {
    expect(visibleRange(0, 240, 24, 1000, 5)).toEqual({ start: 0, end: 15 });
  });
  it("follows the scroll position", () => {
    // rows 100..110 visible (2400 / 24 = 100; (2400 + 240) / 24 = 110)
    expect(visibleRange(2400, 240, 24, 1000, 5)).toEqual({ start: 95, end: 115 });
  });
  it("counts a partly visible row", () => {
    expect(visibleRange(2412, 240, 24, 1000, 0)).toEqual({ start: 100, end: 111 });
  });
  it("clamps to the end of the list", () => {
    expect(visibleRange(24_000, 240, 24, 1000, 5)).toEqual({ start: 994, end: 1000 });
    expect(visibleRange(100_000, 240, 24, 30, 5)).toEqual({ start: 24, end: 30 });
  });
  it("tolerates negative scroll (overscroll bounce) and a zero viewport", () => {
    expect(visibleRange(-50, 240, 24, 1000, 0)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(240, 0, 24, 1000, 0)).toEqual({ start: 10, end: 11 });
  });
  it("renders a bounded number of rows whatever the list size", () => {
    const r = visibleRange(24 * 20_000, 600, 24, 30_000);
    expect(r.end - r.start).toBeLessThanOrEqual(600 / 24 + 1 + 16);
  });
});

describe("scrollToReveal", () => {
  it("leaves a visible row alone", () => {
    expect(scrollToReveal(5, 0, 240, 24)).toBeNull();
  });
  it("scrolls up to a row above the view", () => {
    expect(scrollToReveal(3, 240, 240, 24)).toBe(72);
  });
  it("scrolls down just enough for a row below the view", () => {
    expect(scrollToReveal(20, 0, 240, 24)).toBe(21 * 24 - 240);
  });
  it("treats a half-visible row as hidden", () => {
    expect(scrollToReveal(9, 12, 240, 24)).toBeNull();
    expect(scrollToReveal(10, 12, 240, 24)).toBe(264 - 240);
  });
});
