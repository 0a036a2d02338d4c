import { describe, expect, it } from "vitest";
import { readPages, type Page } from "./readPages";

/** A fake paged list of `total` numbers with cursors as the server makes them (the last item). */
function pagedNumbers(total: number) {
  const calls: { after: string | null; limit: number }[] = [];
  const loadPage = async (after: string | null, limit: number): Promise<Page<number>> => {
    calls.push({ after, limit });
    const start = after === null ? 0 : Number(after) + 1;
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => start + i);
    return { items, next: start + limit < total ? String(items.at(-1)) : null };
  };
  return { loadPage, calls };
}

describe("readPages", () => {
  const limits = { default: 10, max: 25 };

  it("reads one page when one is wanted, and says where the next starts", async () => {
    const { loadPage, calls } = pagedNumbers(100);
    expect(await readPages(loadPage, 10, limits)).toEqual({ items: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], next: "9" });
    expect(calls).toEqual([{ after: null, limit: 10 }]);
  });

  it("reads from the start up to what is wanted, never asking more than max per request", async () => {
    const { loadPage, calls } = pagedNumbers(100);
    const page = await readPages(loadPage, 60, limits);
    expect(page.items).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(page.next).toBe("59");
    expect(calls.map((c) => c.limit)).toEqual([25, 25, 10]);
  });

  it("stops at the end of the list with next null, and on an empty list", async () => {
    const short = pagedNumbers(12);
    expect(await readPages(short.loadPage, 60, limits)).toEqual({ items: Array.from({ length: 12 }, (_, i) => i), next: null });
    expect(await readPages(pagedNumbers(0).loadPage, 10, limits)).toEqual({ items: [], next: null });
  });

  it("stops on a cursor that does not move on instead of looping", async () => {
    let calls = 0;
    const stuck = async (): Promise<Page<number>> => {
      calls++;
      return { items: [1], next: "same" };
    };
    const page = await readPages(stuck, 100, limits);
    expect(page.next).toBeNull();
    expect(calls).toBe(2);
  });
});
