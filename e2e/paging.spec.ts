import { expect, type Page } from "@playwright/test";
import { READ_MODELS_PAGE, STREAMS_PAGE } from "@/lib/contracts/pages";
import { createBoard, openBoard, test } from "./fixtures";

// Orders in the run: more read-model rows (one per order) than one page, and four streams per
// order, so both tabs need "Load more" to show everything.
const ORDERS = READ_MODELS_PAGE.default + 10;
const STREAMS = ORDERS * 4;

const runView = (page: Page, path: string) => page.evaluate(`window.__stormflowRunView?.getState().${path}`);

/** Clicks "Load more" under a list until it is gone; returns the count shown after each click, the first page first. */
async function loadAll(page: Page, testId: string): Promise<number[]> {
  const foot = page.getByTestId(testId);
  const count = page.getByTestId(`${testId}-count`);
  await expect(count).toBeVisible();
  const shown = [Number(await count.getAttribute("data-shown"))];
  for (let i = 0; i < 20 && (await foot.getByRole("button", { name: "Load more" }).count()) > 0; i++) {
    await foot.getByRole("button", { name: "Load more" }).click();
    await expect(count).not.toHaveAttribute("data-shown", String(shown.at(-1)));
    shown.push(Number(await count.getAttribute("data-shown")));
  }
  return shown;
}

test.describe("paged run lists", () => {
  test("a run with more streams and rows than one page: the first page, then Load more brings the rest", async ({ page, request }) => {
    test.setTimeout(180_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    await page.getByRole("tab", { name: "Run" }).click();
    await page.getByTestId("run-count").fill(String(ORDERS));
    await page.getByTestId("run-concurrency").fill("16");
    await page.getByTestId("run-seed").fill("paging");
    await page.getByTestId("run-start").click();
    await expect.poll(() => runView(page, "runId"), { timeout: 30_000 }).toBeTruthy();
    await expect.poll(() => runView(page, "status"), { timeout: 120_000 }).toBe("completed");
    const runId = (await runView(page, "runId")) as string;

    // Event store: 200 streams, then a page more per click, until all are shown.
    await page.getByRole("tab", { name: "Event store" }).click();
    await expect(page.getByTestId("streams-more-count")).toHaveText(`${STREAMS_PAGE.default} shown · more in the store`);
    // The count above the list says "loaded" while the store holds more.
    await expect(page.getByTestId("eventstore")).toContainText(`${STREAMS_PAGE.default} loaded`);
    // The filter searches what is loaded, and says so when nothing there matches.
    const filter = page.getByRole("searchbox", { name: "Filter the streams loaded" });
    await filter.fill("no-such-stream");
    await expect(page.getByTestId("streams")).toContainText("Nothing loaded matches: Load more to search further.");
    await filter.fill("");
    const streamCounts = await loadAll(page, "streams-more");
    const expected = Array.from({ length: Math.ceil(STREAMS / STREAMS_PAGE.default) }, (_, i) => Math.min(STREAMS, (i + 1) * STREAMS_PAGE.default));
    expect(streamCounts).toEqual(expected);
    await expect(page.getByTestId("streams-more-count")).toHaveText(`All ${STREAMS.toLocaleString("en")} shown`);
    await expect(page.getByTestId("streams-more").getByRole("button", { name: "Load more" })).toHaveCount(0);
    // The last stream the API lists is the last row of the list, scrolled to the bottom.
    const all = (await (await request.get(`/api/streams?runId=${runId}&limit=${STREAMS_PAGE.max}`)).json()) as { streams: { streamId: string }[] };
    expect(all.streams).toHaveLength(STREAMS);
    await page.getByTestId("streams").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(page.locator(`[data-stream="${all.streams.at(-1)!.streamId}"]`)).toBeVisible();

    // Read models: one row per order, the first page then the rest.
    await page.getByRole("tab", { name: "Read models" }).click();
    await expect(page.getByTestId("readmodels-more-count")).toHaveText(`${READ_MODELS_PAGE.default} shown · more in the store`);
    await expect(page.getByTestId("readmodel-table")).toBeVisible();
    expect(await loadAll(page, "readmodels-more")).toEqual([READ_MODELS_PAGE.default, ORDERS]);
    await expect(page.getByTestId("readmodels-more-count")).toHaveText(`All ${ORDERS} shown`);
    await page.screenshot({ path: "test-results/paging-read-models.png" });
  });

  test("a run with nothing stored yet says so instead of an empty list", async ({ page, request }) => {
    const id = await createBoard(request);
    await openBoard(page, id);
    await page.getByRole("tab", { name: "Event store" }).click();
    await expect(page.getByTestId("eventstore-empty")).toBeVisible();
    await page.getByRole("tab", { name: "Read models" }).click();
    await expect(page.getByTestId("readmodels-empty")).toBeVisible();
  });
});
