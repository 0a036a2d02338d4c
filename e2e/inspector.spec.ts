import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

// The inspector on the board page: what the user edits there reaches the saved board, with
// absent optional keys left absent. Boards are made through the API from JSON literals.

interface Stored {
  revision: number;
  board: { name: string; description?: string; settings?: { eventTypeStyle?: string }; nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
}

const BOARD = {
  format: "stormflow.board",
  schemaVersion: 1,
  name: "Inspector checks",
  nodes: [
    { id: "cmd-place", kind: "command", name: "PlaceOrder", position: { x: 0, y: 0 }, payload: [] },
    { id: "agg-order", kind: "aggregate", name: "Order", position: { x: 260, y: 0 } },
    { id: "evt-placed", kind: "event", name: "OrderPlaced", position: { x: 520, y: 0 }, payload: [{ name: "orderId", type: "uuid" }] },
    { id: "saga-order", kind: "saga", name: "OrderSaga", position: { x: 520, y: 260 }, steps: [] },
  ],
  edges: [
    { id: "e1", source: "cmd-place", target: "agg-order" },
    { id: "e2", source: "agg-order", target: "evt-placed" },
  ],
};

async function createBoard(request: APIRequestContext): Promise<string> {
  const res = await request.post("/api/boards", { data: BOARD });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function stored(request: APIRequestContext, id: string): Promise<Stored> {
  return (await (await request.get(`/api/boards/${id}`)).json()) as Stored;
}

/** The node as the server has it, once autosave has caught up with `check`. */
async function expectStoredNode(request: APIRequestContext, boardId: string, nodeId: string, check: (node: Record<string, unknown>) => void) {
  await expect(async () => {
    const node = (await stored(request, boardId)).board.nodes.find((n) => n.id === nodeId);
    expect(node).toBeDefined();
    check(node!);
  }).toPass({ timeout: 15_000 });
}

async function open(page: Page, id: string) {
  await page.goto(`/boards/${id}`);
  await expect(page.locator("[data-node-id]")).toHaveCount(BOARD.nodes.length, { timeout: 30_000 });
}

const inspector = (page: Page) => page.getByTestId("inspector");

test("an event: name, topic, version and payload edits are saved; cleared optional keys disappear", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  await page.locator('[data-node-id="evt-placed"]').click();

  const panel = inspector(page);
  await expect(panel).toContainText("Domain event");
  await expect(panel.getByTestId("inspector-event-type")).toHaveText("order.placed");
  // The default topic comes from the aggregate that emits the event.
  await expect(panel.getByTestId("inspector-topic")).toHaveAttribute("placeholder", "order-events");

  // A blank name is refused in place and never stored.
  const name = panel.getByTestId("inspector-name");
  await name.fill("");
  await expect(panel.getByText("A name is required.")).toBeVisible();
  await name.fill("OrderSubmitted");
  await expect(panel.getByTestId("inspector-event-type")).toHaveText("order.submitted");

  await panel.getByTestId("inspector-topic").fill("orders");
  await panel.getByTestId("inspector-version").fill("0");
  await expect(panel.getByText("A whole number, 1 or more.")).toBeVisible();
  await panel.getByTestId("inspector-version").fill("2");

  // Payload: add a field, name it, make it optional, then an object with a nested field.
  await panel.getByTestId("payload-add").click();
  await expect(panel.getByTestId("payload-1-name")).toBeFocused();
  await panel.getByTestId("payload-1-name").fill("placedAt");
  await panel.getByTestId("payload-1-type").selectOption("datetime");
  await panel.getByTestId("payload-1-required").uncheck();
  await panel.getByTestId("payload-add").click();
  await panel.getByTestId("payload-2-name").fill("2nd address");
  await expect(panel.getByText("Not an identifier", { exact: false })).toBeVisible();
  await panel.getByTestId("payload-2-name").fill("address");
  await panel.getByTestId("payload-2-type").selectOption("object");
  await panel.getByTestId("payload-2-fields-add").click();
  await panel.getByTestId("payload-2-fields-0-name").fill("city");
  // A field's description: opened from its row, stored as typed, and gone again when emptied.
  await expect(panel.getByTestId("payload-0-description")).toHaveCount(0);
  await panel.getByTestId("payload-0-describe").click();
  await expect(panel.getByTestId("payload-0-description")).toBeFocused();
  await page.keyboard.type("The order's id | as issued");
  await expectStoredNode(request, id, "evt-placed", (node) => {
    expect((node.payload as Record<string, unknown>[])[0]).toEqual({ name: "orderId", type: "uuid", description: "The order's id | as issued" });
  });
  await panel.getByTestId("payload-0-description").fill("");

  await expectStoredNode(request, id, "evt-placed", (node) => {
    expect(node).toMatchObject({ name: "OrderSubmitted", topic: "orders", version: 2 });
    expect(node.payload).toEqual([
      { name: "orderId", type: "uuid" },
      { name: "placedAt", type: "datetime", required: false },
      { name: "address", type: "object", fields: [{ name: "city", type: "string" }] },
    ]);
    expect(node).not.toHaveProperty("scope");
    expect(node).not.toHaveProperty("outcome");
  });

  // Move "address" up, check "required" again (the key goes), clear topic and version.
  await panel.getByTestId("payload-2").getByRole("button", { name: "Move field up" }).first().click();
  await panel.getByTestId("payload-2-required").check();
  await panel.getByTestId("inspector-topic").fill("");
  await panel.getByTestId("inspector-version").fill("");
  await panel.getByTestId("inspector-scope").selectOption("integration");

  await expectStoredNode(request, id, "evt-placed", (node) => {
    expect(node.payload).toEqual([
      { name: "orderId", type: "uuid" },
      { name: "address", type: "object", fields: [{ name: "city", type: "string" }] },
      { name: "placedAt", type: "datetime" },
    ]);
    expect(node).not.toHaveProperty("topic");
    expect(node).not.toHaveProperty("version");
    expect(node.scope).toBe("integration");
  });
});

test("typing a name is one undo step", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  await page.locator('[data-node-id="cmd-place"]').click();
  const name = inspector(page).getByTestId("inspector-name");
  await name.click();
  await name.press("End");
  await name.pressSequentially("Now", { delay: 30 });
  await expect(name).toHaveValue("PlaceOrderNow");
  await name.press("Escape");
  await page.keyboard.press("ControlOrMeta+z");
  await expect(name).toHaveValue("PlaceOrder");
});

test("a saga's steps: add, edit, compensation empty means null, reorder", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  await page.locator('[data-node-id="saga-order"]').click();
  const panel = inspector(page);
  await panel.getByTestId("steps-add").click();
  await expect(panel.getByTestId("steps-0-service")).toBeFocused();
  await panel.getByTestId("steps-0-service").fill("Inventory");
  await panel.getByTestId("steps-0-action").fill("Reserve items");
  await panel.getByTestId("steps-0-compensation").fill("Release items");
  await panel.getByTestId("steps-add").click();
  await panel.getByTestId("steps-1-service").fill("Payment");
  await panel.getByTestId("steps-1-action").fill("Charge");
  await expect(panel.getByTestId("steps-1-compensation")).toHaveAttribute("placeholder", "— no compensation");

  await expectStoredNode(request, id, "saga-order", (node) => {
    const steps = node.steps as { service: string; action: string; compensation: string | null }[];
    expect(steps.map(({ service, action, compensation }) => ({ service, action, compensation }))).toEqual([
      { service: "Inventory", action: "Reserve items", compensation: "Release items" },
      { service: "Payment", action: "Charge", compensation: null },
    ]);
  });

  // Payment first: now a step without compensation is not the last one, and the editor says so.
  await panel.getByTestId("steps-1").getByRole("button", { name: "Move step up" }).click();
  await expect(panel.getByText("Only the last step may go without a compensation.")).toBeVisible();
  await panel.getByTestId("steps-0-compensation").fill("Refund");
  await panel.getByTestId("steps-0-compensation").fill("");
  await expectStoredNode(request, id, "saga-order", (node) => {
    const steps = node.steps as { service: string; compensation: string | null }[];
    expect(steps.map((s) => [s.service, s.compensation])).toEqual([
      ["Payment", null],
      ["Inventory", "Release items"],
    ]);
  });
});

test("nothing selected: the board's name, description and event type style", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  const panel = inspector(page);
  await expect(panel.getByTestId("inspector-board-name")).toHaveValue("Inspector checks");
  await panel.getByTestId("inspector-board-name").fill("주문 설계 🚀");
  await panel.getByTestId("inspector-board-description").fill("Orders, end to end.");
  await panel.getByTestId("inspector-event-type-style").selectOption("screaming");
  await expect(panel).toContainText("OrderPlaced → ORDER_PLACED");

  await expect(async () => {
    const { board } = await stored(request, id);
    expect(board.name).toBe("주문 설계 🚀");
    expect(board.description).toBe("Orders, end to end.");
    expect(board.settings).toEqual({ eventTypeStyle: "screaming" });
  }).toPass({ timeout: 15_000 });

  await panel.getByTestId("inspector-board-description").fill("");
  await expect(async () => expect((await stored(request, id)).board).not.toHaveProperty("description")).toPass({ timeout: 15_000 });
  await page.screenshot({ path: "e2e/.output/inspector-board.png" });
});
