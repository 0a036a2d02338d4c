import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { test } from "./fixtures";

// The home page: list, create (blank, template, import), rename, duplicate, delete.
// The tests share one server and database, so they run in order and start from no boards.
test.describe.configure({ mode: "serial" });

interface Summary {
  id: string;
  name: string;
  nodeCount: number;
}

async function listBoards(request: APIRequestContext): Promise<Summary[]> {
  const res = await request.get("/api/boards");
  expect(res.status()).toBe(200);
  return (await res.json()) as Summary[];
}

async function deleteAllBoards(request: APIRequestContext): Promise<void> {
  for (const board of await listBoards(request)) {
    expect((await request.delete(`/api/boards/${board.id}`)).status()).toBe(204);
  }
}

const toolbar = (page: Page) => page.getByTestId("home-toolbar");
const rowNamed = (page: Page, name: string) =>
  page.locator("[data-board-id]").filter({ has: page.getByRole("link", { name, exact: true }) });

/** A small valid board file, written here (never read from the shared docs). */
const VALID_BOARD = {
  format: "stormflow.board",
  schemaVersion: 1,
  name: "Imported payments",
  settings: { eventTypeStyle: "screaming" },
  nodes: [
    { id: "cmd-pay", kind: "command", name: "Pay", position: { x: 0, y: 0 }, payload: [{ name: "amount", type: "number" }] },
    { id: "agg-payment", kind: "aggregate", name: "Payment", position: { x: 200, y: 0 } },
    { id: "evt-paid", kind: "event", name: "PaymentCompleted", position: { x: 400, y: 0 }, payload: [] },
  ],
  edges: [
    { id: "e1", source: "cmd-pay", target: "agg-payment" },
    { id: "e2", source: "agg-payment", target: "evt-paid" },
  ],
};

/** A board file that breaks the format in two places. */
const INVALID_BOARD = {
  format: "stormflow.board",
  schemaVersion: 1,
  name: "Broken",
  nodes: [{ id: "evt-1", kind: "event", name: "Happened", position: { x: 0, y: 0 }, payload: [{ name: "at", type: "date" }] }],
  edges: [{ id: "e1", source: "evt-1", target: "nowhere" }],
};

function file(name: string, content: string) {
  return { name, mimeType: "application/json", buffer: Buffer.from(content, "utf8") };
}

test("the home page renders in Chromium and the health check sees the embedded database", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, database: "embedded", version: expect.any(String) });

  await page.goto("/");
  await expect(page).toHaveTitle(/Stormflow/);
  await expect(page.getByRole("heading", { name: "Stormflow" })).toBeVisible();
});

test("with no boards, the empty state says what to do next", async ({ page, request }) => {
  await deleteAllBoards(request);
  await page.goto("/");
  const empty = page.getByTestId("empty-state");
  await expect(empty).toContainText("No boards yet.");
  await expect(empty).toContainText("Start from a template, or drop an event on a blank board.");
  await expect(empty.getByRole("button", { name: 'New from template "Order flow"' })).toBeVisible();
  await expect(empty.getByRole("button", { name: 'New from template "Create Order saga"' })).toBeVisible();
  await expect(empty.getByRole("button", { name: "New board" })).toBeVisible();
  await expect(page.locator("[data-board-id]")).toHaveCount(0);
});

test("loading shows skeleton rows, and a failed load offers Retry", async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/boards", async (route) => {
    await held;
    await route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ error: { code: "unavailable", message: "The database is restarting." } }) });
  });
  await page.goto("/");
  await expect(page.getByTestId("boards-loading")).toBeVisible();
  release();
  const alert = page.getByRole("alert").filter({ hasText: "The boards could not be loaded." });
  await expect(alert).toContainText("The database is restarting.");
  await page.unroute("**/api/boards");
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByTestId("empty-state")).toBeVisible();
});

test("New from template opens the new board, and the list shows it with 22 stickies", async ({ page, request }) => {
  await page.goto("/");
  await page.getByTestId("empty-state").getByRole("button", { name: 'New from template "Order flow"' }).click();
  await expect(page).toHaveURL(/\/boards\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const id = page.url().split("/").pop()!;

  await page.goto("/");
  const row = page.locator(`[data-board-id="${id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByRole("link", { name: "Order flow", exact: true })).toHaveAttribute("href", `/boards/${id}`);
  await expect(row).toContainText("22 stickies");
  await expect(row).toContainText("just now");
  await expect(row.locator("time")).toHaveAttribute("title", /\d{4}/);
  expect((await listBoards(request)).map((b) => b.nodeCount)).toEqual([22]);
});

test("the toolbar's template menu works from the keyboard and creates the Create Order saga", async ({ page, request }) => {
  await page.goto("/");
  const button = toolbar(page).getByRole("button", { name: "New from template" });
  await expect(button).toHaveAttribute("aria-haspopup", "menu");
  await button.focus();
  await page.keyboard.press("ArrowDown");
  const menu = page.getByRole("menu", { name: "New from template" });
  const items = menu.getByRole("menuitem");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toBeFocused();
  await expect(items.nth(0)).toContainText("Order flow");
  await expect(items.nth(1)).toContainText("13 stickies");
  // Esc closes back onto the button; ↑ opens on the last item, ↓ wraps to the first.
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(items.nth(0)).toBeFocused();
  await page.keyboard.press("End");
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/boards\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const id = page.url().split("/").pop()!;
  await expect(page.locator("[data-node-id]")).toHaveCount(13, { timeout: 30_000 });

  const stored = await (await request.get(`/api/boards/${id}`)).json();
  expect(stored.board.name).toBe("Create Order saga");
  expect(stored.board.nodes).toHaveLength(13);
  await page.goto("/");
  await expect(page.locator(`[data-board-id="${id}"]`)).toContainText("13 stickies");
  // The later tests expect the Order flow board alone.
  expect((await request.delete(`/api/boards/${id}`)).status()).toBe(204);
});

test("New board creates a blank board and opens it", async ({ page, request }) => {
  await page.goto("/");
  await toolbar(page).getByRole("button", { name: "New board" }).click();
  await expect(page).toHaveURL(/\/boards\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const id = page.url().split("/").pop()!;
  const stored = await (await request.get(`/api/boards/${id}`)).json();
  expect(stored.board).toMatchObject({ name: "Untitled board", nodes: [], edges: [] });
  expect((await request.delete(`/api/boards/${id}`)).status()).toBe(204);
});

test("Rename: Esc cancels, Enter saves (Korean and emoji names too)", async ({ page, request }) => {
  await page.goto("/");
  const row = rowNamed(page, "Order flow");
  const id = (await row.getAttribute("data-board-id"))!;

  await row.getByRole("button", { name: "Rename" }).click();
  const input = page.getByRole("textbox", { name: "New name for Order flow" });
  await expect(input).toBeFocused();
  await input.fill("Something else");
  await input.press("Escape");
  await expect(input).toBeHidden();
  await expect(page.locator(`[data-board-id="${id}"]`).getByRole("link")).toHaveText("Order flow");

  await page.locator(`[data-board-id="${id}"]`).getByRole("button", { name: "Rename" }).click();
  await input.fill("주문 흐름 🚀");
  await input.press("Enter");
  await expect(input).toBeHidden();
  await expect(page.locator(`[data-board-id="${id}"]`).getByRole("link")).toHaveText("주문 흐름 🚀");

  const stored = await (await request.get(`/api/boards/${id}`)).json();
  expect(stored.board.name).toBe("주문 흐름 🚀");
  expect(stored.revision).toBe(2);
  expect(stored.board.nodes).toHaveLength(22);

  await page.reload();
  await expect(page.locator(`[data-board-id="${id}"]`).getByRole("link")).toHaveText("주문 흐름 🚀");
});

test("Duplicate copies the board as “Copy of …”", async ({ page, request }) => {
  await page.goto("/");
  await rowNamed(page, "주문 흐름 🚀").getByRole("button", { name: "Duplicate" }).click();
  const copy = rowNamed(page, "Copy of 주문 흐름 🚀");
  await expect(copy).toBeVisible();
  await expect(copy).toContainText("22 stickies");
  await expect(page.locator("[data-board-id]")).toHaveCount(2);

  const copyId = (await copy.getAttribute("data-board-id"))!;
  const stored = await (await request.get(`/api/boards/${copyId}`)).json();
  expect(stored.board.nodes).toHaveLength(22);
  expect(stored.board.name).toBe("Copy of 주문 흐름 🚀");
});

test("Delete asks first; Cancel keeps the board, Delete board removes it", async ({ page, request }) => {
  await page.goto("/");
  const copy = rowNamed(page, "Copy of 주문 흐름 🚀");
  await copy.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete “Copy of 주문 흐름 🚀”?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("22 stickies");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(copy).toBeVisible();

  await copy.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete board" }).click();
  await expect(dialog).toBeHidden();
  await expect(copy).toHaveCount(0);
  await expect(page.locator("[data-board-id]")).toHaveCount(1);
  expect((await listBoards(request)).map((b) => b.name)).toEqual(["주문 흐름 🚀"]);
});

test("Import of a valid .board.json creates the board and opens it", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.locator("[data-board-id]")).toHaveCount(1);
  await page.getByTestId("import-input").setInputFiles(file("payments.board.json", JSON.stringify(VALID_BOARD, null, 2)));
  await expect(page).toHaveURL(/\/boards\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const id = page.url().split("/").pop()!;
  const stored = await (await request.get(`/api/boards/${id}`)).json();
  // Stored in the current schema version (a v1 file is migrated on the way in), otherwise as written.
  expect(stored.board).toEqual({ ...VALID_BOARD, schemaVersion: 2 });

  await page.goto("/");
  await expect(rowNamed(page, "Imported payments")).toContainText("3 stickies");
});

test("Import of an invalid file shows each problem with its path, and creates nothing", async ({ page, request }) => {
  const before = (await listBoards(request)).length;
  await page.goto("/");
  await expect(page.locator("[data-board-id]")).toHaveCount(before);

  await page.getByTestId("import-input").setInputFiles(file("broken.board.json", JSON.stringify(INVALID_BOARD)));
  const alert = page.getByRole("alert").filter({ hasText: "“broken.board.json” cannot be imported." });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("The board is not valid (2 problems)");
  const issues = alert.getByTestId("import-issues");
  await expect(issues).toContainText("nodes[0].payload[0].type");
  await expect(issues).toContainText("edges[0].target");
  await expect(issues).toContainText('no node has the id "nowhere"');
  await expect(page).toHaveURL(/\/$/);

  // Not JSON at all: the line and column of the mistake.
  await page.getByTestId("import-input").setInputFiles(file("notes.board.json", '{ "format": "stormflow.board", }'));
  const notJson = page.getByRole("alert").filter({ hasText: "“notes.board.json” cannot be imported." });
  await expect(notJson).toContainText("not valid JSON");
  await expect(notJson).toContainText("line 1");
  await notJson.getByRole("button", { name: "Dismiss" }).click();
  await expect(notJson).toBeHidden();

  expect((await listBoards(request)).length).toBe(before);
  await expect(page.locator("[data-board-id]")).toHaveCount(before);
});

test("screenshot: the home page with a few boards", async ({ page, request }) => {
  const order = (await listBoards(request)).find((b) => b.nodeCount === 22)!;
  const template = (await (await request.get(`/api/boards/${order.id}`)).json()).board;
  const extra = [
    { ...template, name: "Checkout & payments", nodes: template.nodes.slice(0, 12), edges: [] },
    { format: "stormflow.board", schemaVersion: 1, name: "재고 관리 (Inventory) 📦", nodes: [], edges: [] },
  ];
  for (const board of extra) expect((await request.post("/api/boards", { data: board })).status()).toBe(201);
  await page.goto("/");
  await expect(page.locator("[data-board-id]")).toHaveCount(4);
  await expect(rowNamed(page, "재고 관리 (Inventory) 📦")).toContainText("0 stickies");
  await page.mouse.move(0, 0);
  await page.screenshot({ path: "e2e/.output/home.png" });
});

test("the home and board pages load with an icon and no console error or failed request", async ({ page, request }) => {
  const problems: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  const res = await request.get(icon!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("image/svg+xml");

  const created = await request.post("/api/boards", { data: { format: "stormflow.board", schemaVersion: 1, name: "Clean load", nodes: [], edges: [] } });
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/boards/${id}`);
  await expect(page.getByTestId("canvas-empty")).toBeVisible();
  expect(problems).toEqual([]);
});
