import { describe, expect, it } from "vitest";
import type { RevisionInfo } from "@/lib/contracts/boards";
import { appendOlder, compareTargets, mergeNewest, type RevisionList } from "./revisionList";

const rev = (revision: number, text = `r${revision}`): RevisionInfo => ({
  revision,
  savedAt: new Date(Date.UTC(2025, 0, 1, 0, revision)).toISOString(),
  authors: [],
  summary: { added: 0, removed: 0, changed: 0, moved: 0, edgesAdded: 0, edgesRemoved: 0, renamed: false, contractChanges: 0, breaking: 0, text },
});
const list = (revs: number[], next: number | null): RevisionList => ({ revisions: revs.map((r) => rev(r)), next });
const numbers = (l: RevisionList) => l.revisions.map((r) => r.revision);

describe("appendOlder", () => {
  it("adds the older page at the end and takes its cursor", () => {
    const merged = appendOlder(list([10, 9, 8], 8), list([7, 6], 6));
    expect(numbers(merged)).toEqual([10, 9, 8, 7, 6]);
    expect(merged.next).toBe(6);
  });
  it("keeps one entry per revision when pages overlap", () => {
    expect(numbers(appendOlder(list([10, 9, 8], 8), list([8, 7], null)))).toEqual([10, 9, 8, 7]);
  });
});

describe("mergeNewest", () => {
  it("puts new revisions on top and keeps the older pages loaded and their cursor", () => {
    const merged = mergeNewest(list([10, 9, 8, 7, 6], 6), list([12, 11, 10], 10));
    expect(numbers(merged)).toEqual([12, 11, 10, 9, 8, 7, 6]);
    expect(merged.next).toBe(6);
  });
  it("prefers the fresh copy of a revision", () => {
    const fresh = { revisions: [rev(11, "fresh"), rev(10, "fresh")], next: 10 };
    const merged = mergeNewest({ revisions: [rev(10, "stale"), rev(9)], next: 9 }, fresh);
    expect(merged.revisions.map((r) => r.summary.text)).toEqual(["fresh", "fresh", "r9"]);
  });
  it("starts again from the page when it does not reach the list (no hole)", () => {
    const merged = mergeNewest(list([10, 9], 9), list([30, 29, 28], 28));
    expect(numbers(merged)).toEqual([30, 29, 28]);
    expect(merged.next).toBe(28);
  });
  it("is the page alone when that page holds every kept revision", () => {
    const merged = mergeNewest(list([10, 9, 8, 7], 7), list([11, 10, 9], null));
    expect(numbers(merged)).toEqual([11, 10, 9]);
    expect(merged.next).toBeNull();
  });
  it("is the page on a first load", () => {
    expect(mergeNewest({ revisions: [], next: null }, list([3, 2, 1], null))).toEqual(list([3, 2, 1], null));
  });
});

describe("compareTargets", () => {
  it("compares an older revision with the newest", () => {
    expect(compareTargets(2, 3)).toEqual({ from: 2, to: 3 });
  });
  it("compares the newest with the one before it", () => {
    expect(compareTargets(3, 3)).toEqual({ from: 2, to: 3 });
  });
  it("has nothing to compare the first revision with when it is the only one", () => {
    expect(compareTargets(1, 1)).toBeNull();
  });
});
