import fs from "node:fs";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { Board } from "@/lib/model/schema";
import { centerOf, createBoard, openBoard, test } from "./fixtures";

/*
 * The History tab in Chromium (issue 15): a board saved three times through the API lists three
 * revisions, the newest with its breaking change; an old revision opens read-only (no edit reaches
 * it or the board); two revisions compare under a mode, with the changed contract's sticky
 * outlined on the canvas; restoring the first revision brings its content back as a fourth.
 */

const TEMPLATE = JSON.parse(fs.readFileSync("lib/model/templates/orderFlow.board.json", "utf8")) as Board;
const EVENT = "evt-order-placed";
const FIELD = "totalAmount";
const SHOTS = ".tmp";

async function save(request: APIRequestContext, id: string, board: Board): Promise<number> {
  const current = await request.get(`/api/boards/${id}`);
  expect(current.status()).toBe(200);
  const { revision } = (await current.json()) as { revision: number };
  const res = await request.put(`/api/boards/${id}`, { data: { revision, board } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { revision: number }).revision;
}

async function serverBoard(request: APIRequestContext, id: string): Promise<{ revision: number; board: Board }> {
  const res = await request.get(`/api/boards/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as { revision: number; board: Board };
}

const sticky = (page: Page, id: string) => page.locator(`.react-flow__node [data-node-id="${id}"]`);

test("History lists the revisions, shows one read-only, compares two under a mode and restores one", async ({ page, request }) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const id = await createBoard(request, TEMPLATE);
  const renamed: Board = { ...structuredClone(TEMPLATE), name: "Order flow v2" };
  const second = await save(request, id, renamed);
  const withoutField = structuredClone(renamed);
  const event = withoutField.nodes.find((n) => n.id === EVENT);
  if (event?.kind !== "event") throw new Error(`${EVENT} is not an event of the template`);
  expect(event.payload.some((f) => f.name === FIELD && f.required !== false)).toBe(true);
  event.payload = event.payload.filter((f) => f.name !== FIELD);
  const third = await save(request, id, withoutField);
  expect([second, third]).toEqual([2, 3]);

  await openBoard(page, id);
  await expect(page.getByTestId("board-name")).toHaveText("Order flow v2");
  await expect(sticky(page, EVENT)).not.toContainText(FIELD);
  const stickies = await page.locator("[data-node-id]").count();
  expect(stickies).toBe(TEMPLATE.nodes.length);

  // The list: newest first, the breaking save marked, the rename in the summary.
  await page.getByRole("tab", { name: "History", exact: true }).click();
  const rows = page.getByTestId("revision-row");
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-revision")))).toEqual(["3", "2", "1"]);
  const row = (n: number) => page.locator(`[data-testid="revision-row"][data-revision="${n}"]`);
  await expect(row(3).getByTestId("breaking-badge")).toHaveText("1 breaking");
  await expect(row(2).getByTestId("breaking-badge")).toHaveCount(0);
  await expect(row(1).getByTestId("breaking-badge")).toHaveCount(0);
  await expect(row(2)).toContainText("renamed “Order flow v2”");
  await expect(row(1)).toContainText("#1");
  await expect(row(1).locator("[title]").first()).toHaveAttribute("title", /\d{4}/);
  await expect(page.getByTestId("history-load-older")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/history-list.png` });

  // Revision 1, read-only: the original name and field, and no edit changes anything.
  const viewOne = row(1).getByRole("button", { name: /^View revision 1 / });
  await viewOne.click();
  const banner = page.getByTestId("revision-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/Viewing revision 1 of .+ — read-only/);
  await expect(page.getByRole("status").filter({ has: banner })).toHaveCount(1);
  await expect(page.getByTestId("revision-board-name")).toContainText("Order flow");
  await expect(page.getByTestId("revision-board-name")).not.toContainText("v2");
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-readonly", "true");
  await expect(sticky(page, EVENT)).toContainText(FIELD);
  await expect(page.locator("[data-node-id]")).toHaveCount(stickies);

  await sticky(page, "svc-analytics").click();
  await expect(page.locator('.react-flow__node[data-id="svc-analytics"]')).toHaveClass(/selected/);
  await page.keyboard.press("Delete");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Control+d");
  await expect(page.locator("[data-node-id]")).toHaveCount(stickies);
  await expect(sticky(page, "svc-analytics")).toBeVisible();
  // A drag of a sticky pans the view at most: the sticky keeps its place on the board (its flow position).
  const flowPosition = () => page.locator('.react-flow__node[data-id="actor-warehouse"]').evaluate((el) => (el as HTMLElement).style.transform);
  const placed = await flowPosition();
  expect(placed).toMatch(/translate\(/);
  const before = await centerOf(page, '.react-flow__node [data-node-id="actor-warehouse"]');
  await page.mouse.move(before.x, before.y);
  await page.mouse.down();
  await page.mouse.move(before.x + 60, before.y + 80, { steps: 6 });
  await page.mouse.up();
  expect(await flowPosition()).toBe(placed);
  await sticky(page, "svc-analytics").dblclick();
  await expect(page.getByRole("textbox", { name: "Sticky name" })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/history-readonly.png` });

  await banner.getByRole("button", { name: "Back to current" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("canvas")).not.toHaveAttribute("data-readonly", /.*/);
  await expect(viewOne).toBeFocused();
  await expect(sticky(page, EVENT)).not.toContainText(FIELD);
  await expect(sticky(page, "svc-analytics")).toBeVisible();
  await expect(page.locator("[data-node-id]")).toHaveCount(stickies);
  // Nothing reached the server either.
  const still = await serverBoard(request, id);
  expect(still.revision).toBe(3);
  expect(still.board.nodes.length).toBe(stickies);

  // Escape leaves a revision too.
  await row(2).getByRole("button", { name: /^View revision 2 / }).click();
  await expect(banner).toContainText("Viewing revision 2 of");
  await page.keyboard.press("Escape");
  await expect(banner).toHaveCount(0);

  // Compare 2 → 3 under full: one breaking change, its sticky outlined in red.
  await row(2).getByRole("button", { name: "Compare revision 2 with the current revision" }).click();
  const verdict = page.getByTestId("compare-verdict");
  await expect(verdict).toContainText("1 breaking change");
  await expect(verdict).toHaveAttribute("data-compatible", "false");
  const changes = page.getByTestId("compare-change");
  await expect(changes).toHaveCount(1);
  await expect(changes.first()).toContainText("OrderPlaced");
  await expect(changes.first()).toContainText("field removed");
  await expect(changes.first()).toContainText(`payload.${FIELD}`);
  await expect(changes.first()).toContainText("OrderSaga");
  await expect(changes.first()).toHaveAttribute("data-breaking", "true");
  await expect(sticky(page, EVENT)).toHaveAttribute("data-compat", "breaking");
  await expect(page.locator("[data-compat]")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/history-compare.png` });
  await changes.first().scrollIntoViewIfNeeded();
  await page.getByTestId("dock").screenshot({ path: `${SHOTS}/history-compare-dock.png` });
  await changes.first().click();
  await expect(page.locator(`.react-flow__node[data-id="${EVENT}"]`)).toHaveClass(/selected/);

  // Backward: new code still reads old data (a field fewer), so the same change is compatible.
  await page.getByTestId("compare-mode").selectOption("backward");
  await expect(page.getByTestId("compare-hint")).toContainText("new code reads old data");
  await expect(verdict).toContainText("Compatible");
  await expect(verdict).toHaveAttribute("data-compatible", "true");
  await expect(changes.first()).toHaveAttribute("data-breaking", "false");
  await expect(sticky(page, EVENT)).toHaveAttribute("data-compat", "changed");

  // Restore revision 1 (after a confirmation): the live board shows it, as a 4th revision.
  await row(1).getByRole("button", { name: /^View revision 1 / }).click();
  await banner.getByRole("button", { name: "Restore this revision" }).click();
  const dialog = page.getByRole("dialog", { name: "Restore revision 1?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Restore", exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(banner).toHaveCount(0);
  await expect(page.getByTestId("revision-status")).toContainText("Revision 1 restored as revision 4.");
  await expect(page.getByTestId("board-name")).toHaveText("Order flow");
  await expect(sticky(page, EVENT)).toContainText(FIELD);
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toHaveAttribute("data-revision", "4");
  const restored = await serverBoard(request, id);
  expect(restored.revision).toBe(4);
  expect(restored.board.name).toBe("Order flow");
  const restoredEvent = restored.board.nodes.find((n) => n.id === EVENT);
  expect(restoredEvent?.kind === "event" && restoredEvent.payload.some((f) => f.name === FIELD)).toBe(true);
});
