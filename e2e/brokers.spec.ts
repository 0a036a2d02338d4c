import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { e2eBrokers, type E2eBroker, type E2eBrokers } from "./brokers";
import { createBoard, openBoard, test } from "./fixtures";
import { natsProbe } from "@/lib/brokers/testing/probes";
import type { TransportResource } from "@/lib/sim/ports/transport";

/*
 * The Run form's Broker choice against the real brokers scripts/e2e.ts hands the server
 * (e2e/brokers.ts): NATS JetStream, RabbitMQ, and two nothing answers on.
 */

const configured = e2eBrokers();
function brokers(): E2eBrokers {
  if (!configured) throw new Error("no brokers for e2e: run this spec through scripts/e2e.ts (npx tsx scripts/e2e.ts e2e/brokers.spec.ts), which finds them");
  return configured;
}

/** Each kind as a person reads it, written out here (not the app's strings). */
const KIND_NAME = { nats: "NATS JetStream", rabbitmq: "RabbitMQ" } as const;
const optionLabel = (b: E2eBroker) => `${KIND_NAME[b.kind]} · ${b.shown}`;

interface RunRecord {
  status: string;
  scenario: { count: number; broker?: string; keepTopology?: boolean };
  summary: {
    count: number;
    broker?: { kind: string; url: string; resources: TransportResource[] };
    sagas: { started: number; completed: number; compensated: number; failed: number };
    invariants: { name: string; ok: boolean; detail: string }[];
  } | null;
}

/** The Broker select's chosen text's width in its font, and the room the select gives it (inside its padding, which holds the arrow). */
const chosenTextFit = (page: Page) =>
  page.getByTestId("run-broker").evaluate((el) => {
    const select = el as HTMLSelectElement;
    const style = getComputedStyle(select);
    const ctx = document.createElement("canvas").getContext("2d")!;
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return { text: ctx.measureText(select.selectedOptions[0]!.text).width, room: select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
  });

const runView = (page: Page, path: string) => page.evaluate(`window.__stormflowRunView?.getState().${path}`);

async function openRunTab(page: Page, boardId: string): Promise<void> {
  await openBoard(page, boardId);
  await page.getByRole("tab", { name: "Run" }).click();
  // The choice shows once the server's brokers are loaded.
  await expect(page.getByTestId("run-broker")).toBeVisible();
}

/** Fills count, seed and time scale 0, presses Start, and returns the id of the run the page now shows. */
async function startRun(page: Page, count: number): Promise<string> {
  await page.getByTestId("run-count").fill(String(count));
  await page.getByTestId("run-seed").fill("brokers");
  await page.getByTestId("run-time-scale").fill("0");
  await page.getByTestId("run-start").click();
  await expect(page.getByRole("tab", { name: "Timeline" })).toHaveAttribute("aria-selected", "true");
  return (await page.waitForFunction(`window.__stormflowRunView?.getState().runId`)).jsonValue() as Promise<string>;
}

async function runRecord(request: APIRequestContext, runId: string): Promise<RunRecord> {
  const res = await request.get(`/api/runs/${runId}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as RunRecord;
}

/** No URL password in the page's HTML (text, attributes, option values), nor the distinctive one anywhere; a failure quotes where. */
async function expectNoPassword(page: Page): Promise<void> {
  const html = await page.content();
  const around = (needle: string) => {
    const at = html.indexOf(needle);
    return at < 0 ? null : html.slice(Math.max(0, at - 120), at + needle.length + 40);
  };
  for (const b of brokers().all.filter((x) => x.password)) expect(around(`:${b.password}@`), `${b.shown}'s password on the page`).toBeNull();
  expect(around(brokers().unreachableRabbitmq.password), "the password on the page").toBeNull();
}

test.describe("runs on real brokers", () => {
  test("the Broker choice lists In process first, then every configured broker with its kind, and shows no password", async ({ page, request }) => {
    const all = brokers().all;
    const listed = await request.get("/api/brokers");
    expect(listed.status()).toBe(200);
    const body = await listed.text();
    expect(JSON.parse(body)).toEqual({ brokers: all.map((b) => ({ id: b.shown, kind: b.kind })) });
    expect(body).not.toContain(brokers().unreachableRabbitmq.password);

    const boardId = await createBoard(request);
    await openRunTab(page, boardId);
    const select = page.getByTestId("run-broker");
    await expect(select.locator("option")).toHaveText(["In process", ...all.map(optionLabel)]);
    expect(await select.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(["", ...all.map((b) => b.shown)]);
    // In process stays the default: the other specs' runs never touch a broker.
    await expect(select).toHaveValue("");
    await expectNoPassword(page);
  });

  for (const kind of ["nats", "rabbitmq"] as const) {
    test(`a run of the Order template on ${KIND_NAME[kind]} completes with every invariant holding, and the summary names the broker`, async ({ page, request }) => {
      test.setTimeout(120_000);
      const broker = brokers()[kind];
      const boardId = await createBoard(request);
      await openRunTab(page, boardId);
      await page.getByTestId("run-broker").selectOption({ label: optionLabel(broker) });
      await expect(page.getByTestId("run-broker")).toHaveValue(broker.shown);
      // The choice reads in full (two NATS differ by their port only), and hovering says it too.
      const fit = await chosenTextFit(page);
      expect(fit.room, `"${optionLabel(broker)}" is ${Math.ceil(fit.text)} px wide`).toBeGreaterThanOrEqual(fit.text);
      await expect(page.getByTestId("run-broker")).toHaveAttribute("title", optionLabel(broker));
      const runId = await startRun(page, 20);
      await expect.poll(() => runView(page, "status"), { timeout: 90_000 }).toBe("completed");

      // What the server recorded: this broker, 20 orders, every invariant holding.
      const run = await runRecord(request, runId);
      expect(run.status).toBe("completed");
      expect(run.scenario.broker).toBe(broker.shown);
      expect(run.summary?.count).toBe(20);
      expect(run.summary?.broker).toMatchObject({ kind, url: broker.shown });
      const resources = run.summary!.broker!.resources.length;
      expect(resources).toBeGreaterThan(10);
      expect(run.summary!.invariants.map((i) => i.name).sort()).toEqual(["idempotency", "outbox-drained", "projection-rebuild", "saga-atomicity", "stream-versions"]);
      expect(run.summary!.invariants.filter((i) => !i.ok)).toEqual([]);
      expect(run.summary!.sagas.started).toBe(20);
      expect(run.summary!.sagas.completed + run.summary!.sagas.compensated).toBe(20);

      // What the Run tab shows of it.
      await page.getByRole("tab", { name: "Run" }).click();
      await expect(page.getByTestId("run-progress")).toHaveAttribute("data-status", "completed");
      const summary = page.getByTestId("run-summary");
      await expect(summary).toContainText("Every invariant holds.");
      await expect(summary.locator("li[data-invariant]")).toHaveCount(5);
      await expect(summary.locator('li[data-invariant][data-ok="true"]')).toHaveCount(5);
      await expect(page.getByTestId("run-summary-broker")).toHaveText(`on ${KIND_NAME[kind]} at ${broker.shown} (${resources} resources)`);
      // The run history says where each run went.
      const row = page.getByTestId("run-history").locator(`[data-run="${runId}"]`);
      await expect(row.getByTestId("run-history-broker")).toHaveText(kind === "nats" ? "NATS" : "RabbitMQ");
      await expect(row.getByTestId("run-history-broker")).toHaveAttribute("title", `Ran on ${KIND_NAME[kind]} at ${broker.shown}`);
      await expect(page.getByTestId("counter-sagas-completed")).toHaveText(String(run.summary!.sagas.completed));
      // The form keeps the broker for the next run.
      await expect(page.getByTestId("run-broker")).toHaveValue(broker.shown);
      await expectNoPassword(page);
      // A taller dock (as a user drags it) shows the form and the summary's head together.
      await page.getByTestId("dock-resize").focus();
      for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowUp");
      await page.getByTestId("run-summary-broker").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `e2e/.output/brokers-${kind}-summary.png` });
    });
  }

  test("an unreachable broker: Start shows the error naming its host and port, and no run starts", async ({ page, request }) => {
    const boardId = await createBoard(request);
    await openRunTab(page, boardId);
    const panel = page.getByTestId("run-panel");
    for (const broker of [brokers().unreachableNats, brokers().unreachableRabbitmq]) {
      await page.getByTestId("run-broker").selectOption({ label: optionLabel(broker) });
      await page.getByTestId("run-count").fill("5");
      const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/api/boards/${boardId}/runs`));
      await page.getByTestId("run-start").click();
      const res = await answer;
      expect(res.status()).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("broker_unavailable");
      const alert = panel.getByRole("alert");
      await expect(alert).toContainText("The run could not be started.");
      await expect(alert).toContainText(broker.hostPort);
      await expect(alert).toContainText(broker.kind === "nats" ? "NATS" : "RabbitMQ");
      // One line, as the API gives it, and not the whole stack.
      expect((await alert.innerText()).split("\n").filter((l) => l.trim()).length).toBeLessThanOrEqual(3);
      await expectNoPassword(page);
      // The Run tab stays, nothing is on screen, and the board has no run.
      await expect(page.getByRole("tab", { name: "Run" })).toHaveAttribute("aria-selected", "true");
      expect(await runView(page, "runId")).toBeNull();
      await alert.getByRole("button", { name: "Dismiss" }).click();
      await expect(alert).toHaveCount(0);
    }
    const history = await request.get(`/api/boards/${boardId}/runs`);
    expect(((await history.json()) as { runs: unknown[] }).runs).toEqual([]);
    await page.getByTestId("run-history").getByRole("button", { name: "Refresh" }).click();
    await expect(page.getByTestId("run-history-empty")).toBeVisible();
  });

  test("the choice is remembered per board across a reload, and a remembered broker the server no longer lists falls back to In process", async ({ page, request }) => {
    test.setTimeout(120_000);
    const { rabbitmq } = brokers();
    const boardId = await createBoard(request);
    await openRunTab(page, boardId);
    await page.getByTestId("run-broker").selectOption({ label: optionLabel(rabbitmq) });
    await page.reload();
    await expect(page.getByTestId("canvas")).toBeVisible({ timeout: 30_000 });
    await page.getByRole("tab", { name: "Run" }).click();
    await expect(page.getByTestId("run-broker")).toHaveValue(rabbitmq.shown);

    // Per board: another board's form starts in process.
    const other = await createBoard(request);
    await openRunTab(page, other);
    await expect(page.getByTestId("run-broker")).toHaveValue("");

    // A broker this server does not list, remembered from before (another server, an edited STORMFLOW_BROKERS).
    const key = `stormflow.runForm.${boardId}`;
    const stored = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), key)) ?? "null") as Record<string, unknown> | null;
    expect(stored).toMatchObject({ broker: rabbitmq.shown });
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, JSON.stringify({ ...stored, broker: "nats://gone.example:4222", count: "3", timeScale: "0" })] as const);
    await openRunTab(page, boardId);
    // The entry was read (its count is back), and the choice shows In process…
    await expect(page.getByTestId("run-count")).toHaveValue("3");
    await expect(page.getByTestId("run-broker")).toHaveValue("");
    // …and is what Start sends: the run goes in process, not refused for an unknown broker.
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/api/boards/${boardId}/runs`));
    await page.getByTestId("run-start").click();
    const res = await answer;
    expect(res.status(), await res.text()).toBe(202);
    expect(res.request().postDataJSON()).not.toHaveProperty("broker");
    await expect(page.getByRole("tab", { name: "Timeline" })).toHaveAttribute("aria-selected", "true");
    const runId = (await (await page.waitForFunction(`window.__stormflowRunView?.getState().runId`)).jsonValue()) as string;
    await expect.poll(() => runView(page, "status"), { timeout: 60_000 }).toBe("completed");
    const run = await runRecord(request, runId);
    expect(run.scenario.broker).toBeUndefined();
    expect(run.summary?.broker).toBeUndefined();
    expect(run.summary?.count).toBe(3);
    await page.getByRole("tab", { name: "Run" }).click();
    await expect(page.getByTestId("run-summary")).toBeVisible();
    await expect(page.getByTestId("run-summary-broker")).toHaveCount(0);
  });

  test("Keep the run's broker topology: offered for a real broker only, remembered, and the run's streams stay on NATS after it ends", async ({ page, request }) => {
    test.setTimeout(120_000);
    const nats = brokers().nats;
    const boardId = await createBoard(request);
    await openRunTab(page, boardId);
    // In process: nothing to keep, no switch.
    await expect(page.getByTestId("run-keep-topology")).toHaveCount(0);
    await page.getByTestId("run-broker").selectOption({ label: optionLabel(nats) });
    const keep = page.getByTestId("run-keep-topology");
    await expect(keep).not.toBeChecked();
    await keep.check();
    // Remembered across a reload, like the rest of the form.
    await openRunTab(page, boardId);
    await expect(page.getByTestId("run-keep-topology")).toBeChecked();
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith(`/api/boards/${boardId}/runs`));
    const runId = await startRun(page, 3);
    expect((await answer).request().postDataJSON()).toMatchObject({ broker: nats.shown, keepTopology: true });
    await expect.poll(() => runView(page, "status"), { timeout: 90_000 }).toBe("completed");
    const run = await runRecord(request, runId);
    expect(run.scenario.keepTopology).toBe(true);
    const resources = run.summary!.broker!.resources.filter((r) => r.type !== "subject");
    expect(resources.length).toBeGreaterThan(0);
    // Still on the broker after the run ended; then this test removes them.
    const probe = await natsProbe(nats.url);
    try {
      for (const resource of resources) expect(await probe.exists(resource), `${resource.type} ${resource.name} kept`).toBe(true);
    } finally {
      await probe.remove(resources);
      await probe.close();
    }
  });
});
