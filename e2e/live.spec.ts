import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { RunGraph } from "@/lib/contracts/runs";
import { createOrderSagaTemplate } from "@/lib/model/template";
import { createBoard, openBoard, settled, stringsOf, test } from "./fixtures";

/** Fills the Run form and presses Start; returns the run id the page now shows. */
async function startRun(page: Page, opts: { count: number; concurrency: number; fault?: { target: string; mode: string; value?: string }; faultIndex?: number }) {
  const n = opts.faultIndex ?? 1;
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByTestId("run-count").fill(String(opts.count));
  await page.getByTestId("run-concurrency").fill(String(opts.concurrency));
  await page.getByTestId("run-seed").fill("e2e");
  if (opts.fault) {
    await page.getByTestId("run-add-fault").click();
    await page.getByLabel(`Fault ${n} target`).selectOption(opts.fault.target);
    await page.getByLabel(`Fault ${n} mode`).selectOption(opts.fault.mode);
    if (opts.fault.value) await page.getByLabel(`Fault ${n} value`).fill(opts.fault.value);
  }
  await page.getByTestId("run-start").click();
  // Starting a run opens the Timeline; the run view now streams it.
  await expect(page.getByRole("tab", { name: "Timeline" })).toHaveAttribute("aria-selected", "true");
  return (await page.waitForFunction(`window.__stormflowRunView?.getState().runId`)).jsonValue() as Promise<string>;
}

/** The seqs the page holds for the run on screen, from its run view store. */
const heldSeqs = (page: Page) => page.evaluate(`window.__stormflowRunView.getState().items.map((i) => i.seq)`) as Promise<number[]>;
const runStatus = (page: Page) => page.evaluate(`window.__stormflowRunView.getState().status`) as Promise<string | null>;

/** The run as `GET /api/runs/:id` draws it on its board. */
async function graphOf(request: APIRequestContext, runId: string): Promise<RunGraph> {
  const run = (await (await request.get(`/api/runs/${runId}`)).json()) as { graph: RunGraph | null };
  expect(run.graph).not.toBeNull();
  return run.graph!;
}

/**
 * Every sticky the graph counts has a run badge with exactly its counts (a saga's outcomes and
 * steps included), no other sticky has one, and every arrow the graph counts shows its distinct
 * messages, no other arrow.
 */
async function expectCanvasShowsGraph(page: Page, graph: RunGraph): Promise<void> {
  await expect(page.getByTestId("sticky-run-count")).toHaveCount(Object.keys(graph.nodes).length);
  for (const [nodeId, counts] of Object.entries(graph.nodes)) {
    const badge = page.locator(`[data-node-id="${nodeId}"] [data-testid="sticky-run-count"]`);
    for (const key of ["received", "handled", "failed", "retried", "deadLettered"] as const) {
      const attribute = key === "deadLettered" ? "data-dead-lettered" : `data-${key}`;
      await expect(badge, `${nodeId} ${key}`).toHaveAttribute(attribute, String(counts[key]));
    }
    if (counts.sagas) {
      for (const key of ["completed", "compensated", "failed"] as const) await expect(badge, `${nodeId} sagas ${key}`).toHaveAttribute(`data-sagas-${key}`, String(counts.sagas[key]));
    }
    for (const [index, step] of Object.entries(counts.steps ?? {})) {
      const li = page.locator(`[data-node-id="${nodeId}"] li[data-step-index="${index}"]`);
      for (const key of ["completed", "failed", "compensated", "compensationFailed"] as const) {
        const attribute = key === "compensationFailed" ? "data-compensation-failed" : `data-${key}`;
        await expect(li, `${nodeId} step ${index} ${key}`).toHaveAttribute(attribute, String(step[key]));
      }
    }
  }
  await expect(page.getByTestId("edge-count")).toHaveCount(Object.keys(graph.edges).length);
  for (const [edgeId, { messages }] of Object.entries(graph.edges)) {
    await expect(page.locator(`[data-edge-count="${edgeId}"]`), edgeId).toHaveAttribute("data-messages", String(messages));
  }
}

test.describe("live runs", () => {
  test("issue 16 bug 6: the Run form keeps count, seed and faults across a reload", async ({ page, request }) => {
    const id = await createBoard(request);
    await openBoard(page, id);
    await page.getByRole("tab", { name: "Run" }).click();
    await page.getByTestId("run-count").fill("37");
    await page.getByTestId("run-seed").fill("kept");
    await page.getByTestId("run-add-fault").click();
    await page.getByLabel("Fault 1 target").selectOption("PaymentService");
    await page.getByLabel("Fault 1 mode").selectOption("rate");
    await page.getByLabel("Fault 1 value").fill("0.25");
    await page.reload();
    await expect(page.getByTestId("canvas")).toBeVisible({ timeout: 30_000 });
    await page.getByRole("tab", { name: "Run" }).click();
    await expect(page.getByTestId("run-count")).toHaveValue("37");
    await expect(page.getByTestId("run-seed")).toHaveValue("kept");
    await expect(page.getByLabel("Fault 1 target")).toHaveValue("PaymentService");
    await expect(page.getByLabel("Fault 1 mode")).toHaveValue("rate");
    await expect(page.getByLabel("Fault 1 value")).toHaveValue("0.25");
  });

  test("PaymentService refusing: the saga sticky shows step 2 failed and step 1 compensated, OrderFailed lights up", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    await startRun(page, { count: 12, concurrency: 4, fault: { target: "PaymentService", mode: "fail" } });

    // ChargePayment (step 2) is refused every time; ReserveInventory (step 1) is undone; ConfirmOrder never runs.
    const saga = page.locator('[data-node-id="saga-order"]');
    await expect.poll(() => runStatus(page), { timeout: 60_000 }).toBe("completed");
    await expect(saga.locator('li[data-step-index="1"]')).toHaveAttribute("data-failed", "12");
    await expect(saga.locator('li[data-step-index="0"]')).toHaveAttribute("data-compensated", "12");
    await expect(saga.locator('li[data-step-index="0"]')).toHaveAttribute("data-completed", "12");
    await expect(saga.locator('li[data-step-index="2"]')).not.toHaveAttribute("data-completed", /.*/);
    await expect(saga.getByTestId("sticky-run-count")).toHaveAttribute("data-sagas-compensated", "12");
    await expect(page.locator('[data-node-id="evt-order-failed"] [data-testid="sticky-run-count"]')).toBeVisible();
    await expect(page.getByTestId("timeline")).toContainText("PlaceOrder");
    const kinds = (await page.evaluate(`[...new Set(window.__stormflowRunView.getState().items.map((i) => i.kind))]`)) as string[];
    expect(kinds).toEqual(expect.arrayContaining(["compensation", "saga-step", "publish", "handle"]));

    await page.getByRole("tab", { name: "Run" }).click();
    await expect(page.getByTestId("counter-sagas-compensated")).toHaveText("12");
    await page.screenshot({ path: "e2e/.output/live-compensation.png" });
  });

  test("after a faulted run on the template, every badge on the canvas equals the API's graph, and the saga sticky shows the failed step", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    // Step 2 only (ChargePayment) fails; InventoryService's first two attempts fail too, so there are retries.
    await page.getByRole("tab", { name: "Run" }).click();
    await page.getByTestId("run-add-fault").click();
    await page.getByLabel("Fault 1 target").selectOption("InventoryService");
    await page.getByLabel("Fault 1 mode").selectOption("transient");
    await page.getByLabel("Fault 1 value").fill("2");
    const runId = await startRun(page, { count: 8, concurrency: 4, fault: { target: "OrderSaga#2", mode: "fail" }, faultIndex: 2 });
    await expect.poll(() => runStatus(page), { timeout: 90_000 }).toBe("completed");

    const run = await (await request.get(`/api/runs/${runId}`)).json();
    const graph = run.graph as RunGraph;
    expect(Object.keys(graph.nodes).length).toBeGreaterThan(5);
    await expectCanvasShowsGraph(page, graph);
    // Retries on the stickies add up to the summary's, and there were some.
    const retried = Object.values(graph.nodes).reduce((n, c) => n + Number(c.retried), 0);
    expect(retried).toBe(run.summary.events.retried);
    expect(retried).toBeGreaterThan(0);

    // The saga sticky: step 2 failed in every instance, step 1 was compensated, step 3 never ran.
    const saga = page.locator('[data-node-id="saga-order"]');
    const steps = graph.nodes["saga-order"]?.steps ?? {};
    await expect(saga.locator('li[data-step-index="1"]')).toHaveAttribute("data-failed", String(steps[1]?.failed));
    expect(steps[1]?.failed).toBe(8);
    await expect(saga.locator('li[data-step-index="1"]')).toHaveClass(/stepFailed/);
    await expect(saga.locator('li[data-step-index="0"]')).toHaveAttribute("data-compensated", "8");
    await expect(saga.locator('li[data-step-index="2"]')).not.toHaveAttribute("data-completed", /.*/);
    await page.screenshot({ path: "e2e/.output/live-graph-equals-api.png" });
    // Up close (Ctrl+K reveals a sticky at zoom 1 or more): the saga's steps and its badge.
    await page.keyboard.press("Control+k");
    await page.getByPlaceholder("Find a sticky, frame or note by name or text…").fill("OrderSaga");
    await page.keyboard.press("Enter");
    await expect(saga).toBeInViewport();
    await page.waitForTimeout(400);
    await saga.screenshot({ path: "e2e/.output/live-saga-sticky.png" });
  });

  test("offline mid-run and back: the timeline holds every seq exactly once, as the HTTP trace does", async ({ page, context, request }) => {
    test.setTimeout(240_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    const runId = await startRun(page, { count: 150, concurrency: 4, fault: { target: "PaymentService", mode: "rate", value: "0.3" } });

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

  /** Starts a run of `count` in which every saga fails: step 3 fails, and undoing step 2 (RefundPayment) fails too, so that command is dead-lettered. */
  async function startFailingSagas(page: Page, count: number): Promise<string> {
    await page.getByRole("tab", { name: "Run" }).click();
    await page.getByTestId("run-add-fault").click();
    await page.getByLabel("Fault 1 target").selectOption("OrderSaga#3");
    await page.getByLabel("Fault 1 mode").selectOption("fail");
    const runId = await startRun(page, { count, concurrency: 1, fault: { target: "OrderSaga#2/compensation", mode: "fail" }, faultIndex: 2 });
    await expect.poll(() => runStatus(page), { timeout: 90_000 }).toBe("completed");
    return runId;
  }

  test("QA: replaying a dead letter from the DLQ panel brings the canvas badges up to the API's new graph, without a reload", async ({ page, request }) => {
    test.setTimeout(150_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    const runId = await startFailingSagas(page, 2);
    const before = await graphOf(request, runId);
    expect(before.nodes["saga-order"]?.sagas).toEqual({ completed: 0, compensated: 0, failed: 2 });
    await expectCanvasShowsGraph(page, before);

    await page.getByRole("tab", { name: "DLQ" }).click();
    const table = page.getByTestId("dlq-table");
    await expect(table.getByTestId("dlq-replay")).toHaveCount(2);
    await table.getByTestId("dlq-replay").first().click();
    await expect(table.locator('tr[data-replay="ok"]')).toHaveCount(1, { timeout: 30_000 });

    // The replayed RefundPayment went through: its saga undid step 1 too and ended compensated.
    const after = await graphOf(request, runId);
    expect(after.nodes["saga-order"]?.sagas).toEqual({ completed: 0, compensated: 1, failed: 1 });
    expect(after).not.toEqual(before);
    await expectCanvasShowsGraph(page, after);
    await page.screenshot({ path: "e2e/.output/live-dlq-replay-badges.png" });
    // The run history's row follows too.
    await page.getByRole("tab", { name: "Run" }).click();
    const row = page.getByTestId("run-history").locator(`button[data-run="${runId}"]`);
    await expect(row.getByTestId("run-history-sagas")).toHaveText(stringsOf("en").run.historySagas("0", "1", "1"));
  });

  test("QA: the run history shows failed sagas, in a warning tone that says so to a screen reader", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request);
    await openBoard(page, id);
    const runId = await startFailingSagas(page, 2);
    const S = stringsOf("en").run;

    await page.getByRole("tab", { name: "Run" }).click();
    const row = page.getByTestId("run-history").locator(`button[data-run="${runId}"]`);
    // Invariants held, so the run completed; but none of its sagas did.
    await expect(row.getByTestId("run-history-sagas")).toHaveText(S.historySagas("0", "0", "2"));
    await expect(row.getByTestId("run-history-sagas")).toHaveAttribute("data-tone", "warn");
    await expect(row.locator("[data-status]")).toHaveAttribute("data-tone", "warn");
    // The row's accessible name says so too (its aria-label is all a screen reader reads of it).
    const escaped = S.historySagasFailed(2).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await expect(row).toHaveAccessibleName(new RegExp(escaped));
    await page.getByTestId("run-history").screenshot({ path: "e2e/.output/run-history-failed-sagas.png" });
  });

  test("QA: on the Create Order saga template after a run, no arrow's count bubble covers a run badge or a sticky", async ({ page, request }) => {
    test.setTimeout(120_000);
    const id = await createBoard(request, createOrderSagaTemplate());
    await openBoard(page, id);
    // The pivot step fails: every saga is compensated, and the saga's badge says so (a wider badge).
    await startRun(page, { count: 12, concurrency: 2, fault: { target: "CreateOrderSaga#3", mode: "fail" } });
    await expect.poll(() => runStatus(page), { timeout: 90_000 }).toBe("completed");
    await expect(page.locator('[data-edge-count="e-created-view"]')).toBeVisible();
    await expect(page.locator('[data-node-id="saga-create-order"] [data-testid="sticky-run-count"]')).toHaveAttribute("data-sagas-compensated", /^[1-9]/);
    await settled(page);

    type Box = { id: string; x: number; y: number; width: number; height: number };
    const boxesOf = (selector: string, idOf: string) =>
      page.locator(selector).evaluateAll(
        (els, attribute) =>
          els.map((el) => {
            const r = el.getBoundingClientRect();
            const owner = el.closest(`[${attribute}]`);
            return { id: owner?.getAttribute(attribute) ?? "?", x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        idOf,
      ) as Promise<Box[]>;
    const meet = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    /** What each bubble on screen covers: run badges, and stickies. */
    const covered = async () => {
      const bubbles = await boxesOf('[data-testid="edge-count"]', "data-edge-count");
      const badges = await boxesOf('[data-testid="sticky-run-count"]', "data-node-id");
      const stickies = await boxesOf(".react-flow__node-sticky", "data-id");
      expect(bubbles.length).toBeGreaterThan(5);
      expect(badges.length).toBeGreaterThan(5);
      return bubbles.flatMap((bubble) => [
        ...badges.filter((badge) => meet(bubble, badge)).map((badge) => `${bubble.id} covers the run badge of ${badge.id}`),
        ...stickies.filter((sticky) => meet(bubble, sticky)).map((sticky) => `${bubble.id} covers sticky ${sticky.id}`),
      ]);
    };
    await page.screenshot({ path: "e2e/.output/saga-template-bubbles.png" });
    const fitted = await covered();
    // Up close too (Ctrl+K reveals a sticky at zoom 1 or more): the saga sticky, its badge and the arrows under it.
    await page.keyboard.press("Control+k");
    await page.getByPlaceholder("Find a sticky, frame or note by name or text…").fill("CreateOrderSaga");
    await page.keyboard.press("Enter");
    await expect(page.locator('[data-node-id="saga-create-order"]')).toBeInViewport();
    await settled(page);
    await page.screenshot({ path: "e2e/.output/saga-template-bubbles-close.png" });
    expect(fitted).toEqual([]);
    expect(await covered()).toEqual([]);
  });
});
