import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { test } from "./fixtures";

// The inspector on the board page: what the user edits there reaches the saved board, with
// absent optional keys left absent. Boards are made through the API from JSON literals.

interface Stored {
  revision: number;
  board: {
    name: string;
    description?: string;
    settings?: { eventTypeStyle?: string; delivery?: Record<string, number> };
    nodes: Record<string, unknown>[];
    edges: { id: string; source: string; target: string }[];
  };
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
    { id: "svc-inventory", kind: "service", name: "InventoryService", position: { x: 820, y: 160 }, action: "" },
    { id: "svc-payment", kind: "service", name: "PaymentService", position: { x: 820, y: 360 }, action: "" },
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

test("a saga's steps: add, pick participants (the saga gets its edges), types, compensation, replies, reorder", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  await page.locator('[data-node-id="saga-order"]').click();
  const panel = inspector(page);

  // A first step: the pivot, no participant yet (the saga reaches none), replies named after its command.
  await panel.getByTestId("steps-add").click();
  await expect(panel.getByTestId("steps-0-action")).toBeFocused();
  await expect(panel.getByTestId("steps-0-type")).toHaveValue("pivot");
  await expect(panel.getByTestId("steps-0-participant")).toHaveValue("");
  await expect(panel.getByTestId("steps-0")).toContainText("has no participant");
  await panel.getByTestId("steps-0-action").fill("ReserveInventory");
  await expect(panel.getByTestId("steps-0-success")).toHaveValue("ReserveInventoryCompleted");
  await expect(panel.getByTestId("steps-0-failure")).toHaveValue("ReserveInventoryFailed");
  // A required name cannot be emptied.
  await panel.getByTestId("steps-0-success").fill("");
  await expect(panel.getByText("A name is required.")).toBeVisible();
  await panel.getByTestId("steps-0-success").press("Escape");
  await expect(panel.getByTestId("steps-0-success")).toHaveValue("ReserveInventoryCompleted");

  // Choosing the participant draws the saga → participant edge, labelled with the step's number.
  await panel.getByTestId("steps-0-participant").selectOption("svc-inventory");
  await expect(page.locator('[data-edge-steps]')).toHaveText(["1"]);
  await expect(panel.getByTestId("steps-0")).not.toContainText("has no participant");

  // Compensable: the compensation is required, and its reply follows its name.
  await panel.getByTestId("steps-0-type").selectOption("compensable");
  await expect(panel.getByTestId("steps-0")).toContainText("is compensable but has no compensation");
  await panel.getByTestId("steps-0-compensation").fill("ReleaseInventory");
  await expect(panel.getByTestId("steps-0-compensation-reply")).toHaveValue("ReleaseInventoryCompleted");
  await expect(panel.getByTestId("steps-0")).not.toContainText("has no compensation");

  // A second step: the pivot again (none so far), on the saga's first participant until another is picked.
  await panel.getByTestId("steps-add").click();
  await expect(panel.getByTestId("steps-1-action")).toBeFocused();
  await expect(panel.getByTestId("steps-1-type")).toHaveValue("pivot");
  await expect(panel.getByTestId("steps-1-participant")).toHaveValue("svc-inventory");
  await expect(panel.getByTestId("steps-1-never-compensated")).toContainText("Not compensated");
  await panel.getByTestId("steps-1-participant").selectOption("svc-payment");
  await panel.getByTestId("steps-1-action").fill("ChargePayment");
  await panel.getByTestId("steps-1-failure").fill("");
  await panel.getByTestId("steps-1-timeout").fill("0");
  await expect(panel.getByText("Whole milliseconds, from 1 to 3,600,000.")).toBeVisible();
  await panel.getByTestId("steps-1-timeout").fill("2500");
  // The command's payload, behind its toggle.
  await panel.getByTestId("steps-1-action-payload-toggle").click();
  await panel.getByTestId("steps-1-action-payload-add").click();
  await panel.getByTestId("steps-1-action-payload-0-name").fill("amount");
  await panel.getByTestId("steps-1-action-payload-0-type").selectOption("number");
  await expect(page.locator('[data-edge-steps]')).toHaveText(["1", "2"]);

  await expectStoredNode(request, id, "saga-order", (node) => {
    const steps = node.steps as Record<string, unknown>[];
    expect(steps.map(({ id: _, ...step }) => step)).toEqual([
      {
        type: "compensable",
        participant: "svc-inventory",
        action: { name: "ReserveInventory", payload: [] },
        replies: { success: { name: "ReserveInventoryCompleted", payload: [] }, failure: { name: "ReserveInventoryFailed", payload: [] } },
        compensation: { name: "ReleaseInventory", payload: [], reply: { name: "ReleaseInventoryCompleted", payload: [] } },
      },
      {
        type: "pivot",
        participant: "svc-payment",
        action: { name: "ChargePayment", payload: [{ name: "amount", type: "number" }] },
        replies: { success: { name: "ChargePaymentCompleted", payload: [] } },
        timeoutMs: 2500,
      },
    ]);
  });
  await expect(async () => {
    const { board } = await stored(request, id);
    const fromSaga = board.edges.filter((e) => e.source === "saga-order").map((e) => e.target);
    expect(fromSaga).toEqual(["svc-inventory", "svc-payment"]);
  }).toPass({ timeout: 15_000 });
  await page.screenshot({ path: "e2e/.output/inspector-saga.png" });

  // Payment first: the compensable step now follows the pivot, which validation points out;
  // emptying the compensation takes it away (and the missing compensation is reported).
  await panel.getByTestId("steps-1").getByRole("button", { name: "Move step up" }).click();
  await expect(panel.getByTestId("steps-1")).toContainText("comes after the pivot");
  await panel.getByTestId("steps-1-compensation").fill("");
  await expect(panel.getByTestId("steps-1-compensation-reply")).toHaveCount(0);
  await expect(panel.getByTestId("steps-1")).toContainText("has no compensation");
  await expect(page.locator('[data-edge-steps]')).toHaveText(["2", "1"]);
  await expectStoredNode(request, id, "saga-order", (node) => {
    const steps = node.steps as { participant: string; type: string; compensation?: unknown }[];
    expect(steps.map((s) => [s.participant, s.type, s.compensation ?? null])).toEqual([
      ["svc-payment", "pivot", null],
      ["svc-inventory", "compensable", null],
    ]);
  });

  // A compensation kept on a retriable step is shown with a warning until removed.
  await panel.getByTestId("steps-1-compensation").fill("Release");
  await panel.getByTestId("steps-1-type").selectOption("retriable");
  await expect(panel.getByTestId("steps-1")).toContainText("is never sent");
  await panel.getByTestId("steps-1-remove-compensation").click();
  await expectStoredNode(request, id, "saga-order", (node) => {
    const steps = node.steps as { type: string; compensation?: unknown }[];
    expect(steps[1]).toMatchObject({ type: "retriable" });
    expect(steps[1]).not.toHaveProperty("compensation");
  });

  // Undo brings the compensation back; the step list on the canvas reads participant — command.
  await page.keyboard.press("ControlOrMeta+z");
  await expect(panel.getByTestId("steps-1-remove-compensation")).toBeVisible();
  await expect(page.locator('[data-node-id="saga-order"] li[data-step-index="1"]')).toContainText("InventoryService — ReserveInventory");
  await expect(page.locator('[data-node-id="saga-order"] li[data-step-index="0"]')).toContainText("PaymentService — ChargePayment");

  // Typing a command name is one undo step, replies included.
  const action = panel.getByTestId("steps-0-action");
  await action.click();
  await action.press("End");
  await action.pressSequentially("Now", { delay: 30 });
  await expect(panel.getByTestId("steps-0-success")).toHaveValue("ChargePaymentNowCompleted");
  await action.press("Escape");
  await page.keyboard.press("ControlOrMeta+z");
  await expect(action).toHaveValue("ChargePayment");
  await expect(panel.getByTestId("steps-0-success")).toHaveValue("ChargePaymentCompleted");
});

test("delivery: a consumer's group and retry overrides, an event's partition key, the board's defaults", async ({ page, request }) => {
  const id = await createBoard(request);
  await open(page, id);
  const panel = inspector(page);

  // The board's defaults: blank shows the built-in value; a value out of range is refused in place.
  await expect(panel.getByTestId("board-delivery-maxAttempts")).toHaveAttribute("placeholder", "5");
  await panel.getByTestId("board-delivery-maxAttempts").fill("30");
  await expect(panel.getByText("From 1 to 20.")).toBeVisible();
  await panel.getByTestId("board-delivery-maxAttempts").fill("3");
  await panel.getByTestId("board-delivery-jitter").fill("0.05");
  await expect(panel.getByTestId("board-delivery-summary")).toContainText("Up to 3 attempts, exponential backoff 200 ms \u2192 400 ms");
  await expect(async () => expect((await stored(request, id)).board.settings).toEqual({ delivery: { maxAttempts: 3, jitter: 0.05 } })).toPass({
    timeout: 15_000,
  });

  // The saga: its consumer group and reply channel defaults are derived, and shown in grey.
  await page.locator('[data-node-id="saga-order"]').click();
  await expect(panel.getByTestId("delivery-maxAttempts")).toHaveAttribute("placeholder", "3");
  await expect(panel).toContainText("Used once the saga has steps.");

  // An event: partition key from its payload; the default leaves no key behind.
  await page.locator('[data-node-id="evt-placed"]').click();
  await panel.getByTestId("inspector-partition-key").selectOption("orderId");
  await expectStoredNode(request, id, "evt-placed", (node) => expect(node.partitionKey).toBe("orderId"));
  await panel.getByTestId("inspector-partition-key").selectOption("");
  await expectStoredNode(request, id, "evt-placed", (node) => expect(node).not.toHaveProperty("partitionKey"));

  // A participant: its group, retries and command channel; blank removes each key, and `delivery` with the last.
  await page.locator('[data-node-id="svc-payment"]').click();
  await panel.getByTestId("delivery-group").fill("payments worker");
  await expect(panel.getByText("starting with a letter or digit", { exact: false })).toBeVisible();
  await panel.getByTestId("delivery-group").fill("payments");
  await panel.getByTestId("delivery-maxAttempts").fill("7");
  await panel.getByTestId("delivery-command-channel").fill("payments.in");
  await expectStoredNode(request, id, "svc-payment", (node) => {
    expect(node.delivery).toEqual({ group: "payments", maxAttempts: 7 });
    expect(node.commandChannel).toBe("payments.in");
  });
  await panel.getByTestId("delivery-group").fill("");
  await panel.getByTestId("delivery-maxAttempts").fill("");
  await panel.getByTestId("delivery-command-channel").fill("");
  await expectStoredNode(request, id, "svc-payment", (node) => {
    expect(node).not.toHaveProperty("delivery");
    expect(node).not.toHaveProperty("commandChannel");
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

test("issue 16 bug 1: on a board reached from the home page, a payload field's name box is wide and the type select sits beside it", async ({ page, request }) => {
  const id = await createBoard(request);
  // Client-side navigation from the home page loads the stylesheets in another order than a reload.
  await page.goto("/");
  await page.locator(`a[href="/boards/${id}"]`).first().click();
  await expect(page.locator("[data-node-id]")).toHaveCount(BOARD.nodes.length, { timeout: 30_000 });
  await page.locator('[data-node-id="evt-placed"]').click();
  const name = inspector(page).locator('[aria-label="Field name"]').first();
  const type = inspector(page).locator('[aria-label="Field type"]').first();
  await expect(name).toHaveValue("orderId");
  const nameBox = (await name.boundingBox())!;
  const typeBox = (await type.boundingBox())!;
  expect(nameBox.width).toBeGreaterThan(80);
  expect(Math.round(typeBox.width)).toBe(92);
  expect(typeBox.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
});
