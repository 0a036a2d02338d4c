import { expect, test, type Page } from "@playwright/test";
import { createBoard, openBoard } from "./fixtures";

/** Fills the Run form and presses Start; returns the run id the page now shows. */
async function startRun(page: Page, opts: { count: number; concurrency: number; fault: { target: string; mode: string; value?: string } }) {
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByTestId("run-count").fill(String(opts.count));
  await page.getByTestId("run-concurrency").fill(String(opts.concurrency));
  await page.getByTestId("run-seed").fill("e2e");
  await page.getByTestId("run-add-fault").click();
  await page.getByLabel("Fault 1 target").selectOption(opts.fault.target);
  await page.getByLabel("Fault 1 mode").selectOption(opts.fault.mode);
  if (opts.fault.value) await page.getByLabel("Fault 1 value").fill(opts.fault.value);
  await page.getByTestId("run-start").click();
  // Starting a run opens the Timeline; the run view now streams it.
  await expect(page.getByRole("tab", { name: "Timeline" })).toHaveAttribute("aria-selected", "true");
  return (await page.waitForFunction(`window.__stormflowRunView?.getState().runId`)).jsonValue() as Promise<string>;
}

/** The seqs the page holds for the run on screen, from its run view store. */
const heldSeqs = (page: Page) => page.evaluate(`window.__stormflowRunView.getState().items.map((i) => i.seq)`) as Promise<number[]>;
const runStatus = (page: Page) => page.evaluate(`window.__stormflowRunView.getState().status`) as Promise<string | null>;

test.describe("live runs", () => {
  test("Payment failing: OrderFailed and compensation spans arrive live, and the saga shows the reverse compensation", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    await startRun(page, { count: 12, concurrency: 4, fault: { target: "Payment", mode: "fail" } });

    // The saga sticky lights its compensations in reverse order of completion: Inventory, then Order.
    const saga = page.locator('[data-node-id="saga-order"]');
    await expect(saga.locator('li[data-step-index="1"]')).toHaveAttribute("data-compensated", "1", { timeout: 30_000 });
    await expect(saga.locator('li[data-step-index="0"]')).toHaveAttribute("data-compensated", "2");
    await expect(saga.locator('li[data-step-index="2"]')).not.toHaveAttribute("data-compensated", /.*/);
    await expect(page.locator('[data-node-id="evt-order-failed"] [data-testid="sticky-run-count"]')).toBeVisible();
    await expect(page.getByTestId("timeline")).toContainText("PlaceOrder");
    const kinds = (await page.evaluate(`[...new Set(window.__stormflowRunView.getState().items.map((i) => i.kind))]`)) as string[];
    expect(kinds).toEqual(expect.arrayContaining(["compensation", "saga-step", "publish", "handle"]));

    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toBe("completed");
    await page.getByRole("tab", { name: "Run" }).click();
    await expect(page.getByTestId("counter-sagas-compensated")).toHaveText("12");
    await page.screenshot({ path: "e2e/.output/live-compensation.png" });
  });

  test("offline mid-run and back: the timeline holds every seq exactly once, as the HTTP trace does", async ({ page, context, request }) => {
    test.setTimeout(240_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    const runId = await startRun(page, { count: 150, concurrency: 4, fault: { target: "Payment", mode: "rate", value: "0.3" } });

    await expect.poll(async () => (await heldSeqs(page)).length, { timeout: 30_000 }).toBeGreaterThan(50);
    await context.setOffline(true);
    // Make the drop certain: the browser may keep an open socket while "offline".
    await page.evaluate(`window.__stormflowSocket?.io.engine.close()`);
    await page.waitForTimeout(1500);
    await context.setOffline(false);

    await expect.poll(() => runStatus(page), { timeout: 120_000 }).not.toBe("running");
    const items: number[] = [];
    for (let after = 0; ; ) {
      const page_ = await (await request.get(`/api/runs/${runId}/trace?after=${after}&limit=5000`)).json();
      items.push(...page_.items.map((i: { seq: number }) => i.seq));
      if (page_.items.length === 0) break;
      after = page_.nextAfter;
    }
    await expect.poll(async () => (await heldSeqs(page)).length, { timeout: 30_000 }).toBe(items.length);
    const held = await heldSeqs(page);
    expect(held).toEqual(items);
    expect(new Set(held).size).toBe(held.length);
  });

  test("a dead letter is replayed from the DLQ view", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    // Every message's first 5 attempts fail: all attempts of the delivery are used, then the DLQ;
    // the replay is the 6th attempt, which succeeds.
    await startRun(page, { count: 1, concurrency: 1, fault: { target: "AnalyticsService", mode: "transient", value: "5" } });
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).not.toBe("running");

    await page.getByRole("tab", { name: "DLQ" }).click();
    const table = page.getByTestId("dlq-table");
    await expect(table).toContainText("AnalyticsService");
    await table.getByTestId("dlq-replay").first().click();
    await expect(table.locator('tr[data-replay="ok"]')).toHaveCount(1, { timeout: 30_000 });
    const dlq = await (await request.get(`/api/runs/${await page.evaluate(`window.__stormflowRunView.getState().runId`)}/dlq`)).json();
    expect(dlq.deadLetters.some((d: { replayStatus: string | null }) => d.replayStatus === "ok")).toBe(true);
  });
});
