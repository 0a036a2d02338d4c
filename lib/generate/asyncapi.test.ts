import { Parser } from "@asyncapi/parser";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { analyzeBoard } from "../model/analyze";
import type { Board } from "../model/schema";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { arrow, sagaStep, sticky, testBoard } from "../model/testing/testBoards";
import { deriveTopology } from "../model/topology";
import { asyncapi } from "./asyncapi";
import { printYaml } from "./yaml";
import { DESIGN_WORDS } from "./i18n";
import { retryPolicyText } from "./retryPolicyText";
import { awkwardBoard, framedBoard, koreanBoard, NASTY_TEXT } from "./testing/testBoards";

/** spectral's DiagnosticSeverity.Error. */
const ERROR = 0;

async function parseDocument(text: string) {
  const { document, diagnostics } = await new Parser().parse(text);
  return { document, errors: diagnostics.filter((d) => d.severity === ERROR).map((d) => `${d.code} ${d.message} at ${d.path.join(".")}`) };
}

describe("asyncapi", () => {
  it.each([
    ["the Order template", orderFlowTemplate],
    ["the Create Order saga template", createOrderSagaTemplate],
    ["a Korean-named board", koreanBoard],
    ["a board full of awkward names", awkwardBoard],
    ["a board drawn in bounded contexts", framedBoard],
    ["a board of YAML's special strings", yamlSpecialBoard],
    ["a board with delivery overrides", deliveryBoard],
  ])("parses with @asyncapi/parser with no error diagnostics: %s", async (_label, board) => {
    const { document, errors } = await parseDocument(asyncapi(board()));
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
  }, 30_000);

  it("has a channel per topology channel, a message per event, step command and reply, send and receive operations, and the correlation id in the headers", async () => {
    const { document } = await parseDocument(asyncapi(orderFlowTemplate()));
    if (!document) throw new Error("no document");
    expect(document.version()).toBe("3.0.0");
    expect(document.channels().all().map((channel) => channel.address())).toEqual(
      deriveTopology(orderFlowTemplate()).channels.map((channel) => channel.name),
    );
    expect(document.channels().all().map((channel) => channel.address())).toEqual([
      "order-events", "inventory-service.commands", "payment-service.commands", "order.commands", "order-saga.replies",
    ]);
    const messages = document.components().messages().all();
    expect(messages.map((message) => message.title())).toEqual([
      "OrderPlaced", "OrderCompleted", "OrderFailed", "OrderShipped", "OrderCancelled",
      "ReserveInventory", "ChargePayment", "ConfirmOrder", "ReleaseInventory", "RefundPayment",
      "InventoryReserved", "InventoryReservationFailed", "PaymentCharged", "PaymentDeclined",
      "OrderConfirmed", "OrderConfirmationRejected", "InventoryReleased", "PaymentRefunded", "CommandDeadLettered",
    ]);
    for (const message of messages) {
      expect(message.correlationId()?.location()).toBe("$message.header#/correlationId");
      expect(message.headers()?.properties()?.correlationId).toBeDefined();
    }
    const operations = document.operations().all();
    const sends = operations.filter((op) => op.action() === "send").map((op) => op.id());
    const receives = operations.filter((op) => op.action() === "receive").map((op) => op.id());
    expect(sends).toEqual([
      "order.send.order-events",
      "order-saga.send.order-events",
      "order-saga.send.inventory-service.commands",
      "order-saga.send.payment-service.commands",
      "order-saga.send.order.commands",
      "inventory-service.send.order-saga.replies",
      "payment-service.send.order-saga.replies",
      "order.send.order-saga.replies",
    ]);
    expect(receives).toEqual([
      "order.receive.order.commands",
      "email-service.receive.order-events",
      "analytics-service.receive.order-events",
      "order-saga.receive.order-events",
      "order-saga.receive.order-saga.replies",
      "inventory-service.receive.inventory-service.commands",
      "payment-service.receive.payment-service.commands",
      "order-view.receive.order-events",
    ]);
    const titles = (id: string) => operations.find((op) => op.id() === id)?.messages().all().map((message) => message.title());
    expect(titles("email-service.receive.order-events")).toEqual(["OrderPlaced", "OrderShipped"]);
    // The saga sends its step commands to each participant and takes every reply on its channel.
    expect(titles("order-saga.send.inventory-service.commands")).toEqual(["ReserveInventory", "ReleaseInventory"]);
    expect(titles("order-saga.receive.order-saga.replies")).toEqual([
      "InventoryReserved", "InventoryReservationFailed", "InventoryReleased", "PaymentCharged", "PaymentDeclined",
      "PaymentRefunded", "OrderConfirmed", "OrderConfirmationRejected", "CommandDeadLettered",
    ]);
    // A participant receives its commands and sends its replies.
    expect(titles("payment-service.receive.payment-service.commands")).toEqual(["ChargePayment", "RefundPayment"]);
    expect(titles("payment-service.send.order-saga.replies")).toEqual(["PaymentCharged", "PaymentDeclined", "PaymentRefunded"]);
  });

  it("puts step commands in the command envelope and replies in the event envelope", () => {
    const doc = parse(asyncapi(orderFlowTemplate())) as {
      components: { messages: Record<string, { payload: { $ref: string }; traits: { $ref: string }[] }>; schemas: Record<string, { allOf?: { $ref?: string; properties?: Record<string, unknown> }[]; required?: string[] }> };
    };
    const { messages, schemas } = doc.components;
    expect(messages.ChargePayment?.payload.$ref).toBe("#/components/schemas/ChargePaymentCommand");
    expect(messages.ChargePayment?.traits).toEqual([{ $ref: "#/components/messageTraits/CommandMessage" }]);
    expect(schemas.ChargePaymentCommand?.allOf).toEqual([
      { $ref: "#/components/schemas/CommandEnvelope" },
      { properties: { commandType: { const: "ChargePayment" }, payload: { $ref: "#/components/schemas/ChargePaymentCommandPayload" } } },
    ]);
    expect(schemas.CommandEnvelope?.required).toEqual(["commandId", "commandType", "issuedAt", "correlationId", "causationId", "payload"]);
    expect(messages.PaymentDeclined?.payload.$ref).toBe("#/components/schemas/PaymentDeclinedEvent");
    expect(schemas.PaymentDeclinedEvent?.allOf?.[1]?.properties?.eventType).toEqual({ const: "payment.declined" });
  });

  it("gives every receive operation its group's trait: the Kafka group id, that group's retry policy and DLQ", () => {
    for (const board of [orderFlowTemplate(), createOrderSagaTemplate(), koreanBoard(), deliveryBoard()]) {
      const doc = parse(asyncapi(board)) as {
        operations: Record<string, { action: string; traits?: { $ref: string }[] }>;
        components: { operationTraits: Record<string, { description: string; bindings: { kafka: { groupId: { enum: string[] } } } }> };
      };
      const traits = Object.values(doc.components.operationTraits);
      const topology = deriveTopology(board);
      expect(traits.map((trait) => trait.bindings.kafka.groupId.enum)).toEqual(topology.groups.map((group) => [group.name]));
      topology.groups.forEach((group, index) => {
        expect(traits[index]?.description).toContain(`Retry policy: ${retryPolicyText(group.policy, DESIGN_WORDS.en.retry)}; then the dead-letter queue ${group.dlq}.`);
      });
      for (const operation of Object.values(doc.operations)) {
        expect(operation.traits?.length ?? 0).toBe(operation.action === "receive" ? 1 : 0);
      }
    }
    const doc = parse(asyncapi(deliveryBoard())) as { components: { operationTraits: Record<string, { description: string }> } };
    expect(doc.components.operationTraits.post?.description).toBe(
      "Consumer group post: at-least-once delivery to an idempotent consumer (duplicates skipped by eventId). " +
        "Retry policy: Up to 2 attempts, fixed wait 50 ms, plus up to 50% jitter; then the dead-letter queue post.dlq.",
    );
    expect(doc.components.operationTraits.bank?.description).toContain("(duplicates skipped by commandId)");
  });

  it("emits a step command named like a command of the board once, with the board command's payload", () => {
    const doc = parse(asyncapi(koreanBoard())) as {
      components: { messages: Record<string, { title: string; payload: { $ref: string } }>; schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const messages = Object.values(doc.components.messages).filter((message) => message.title === "재고 예약하기");
    expect(messages).toHaveLength(1);
    const payload = messages[0]?.payload.$ref.replace("#/components/schemas/", "").replace(/Command$/u, "CommandPayload") ?? "";
    const boardCommand = analyzeBoard(koreanBoard()).commands.find((command) => command.name === "재고 예약하기");
    expect(Object.keys(doc.components.schemas[payload]?.properties ?? {})).toEqual(boardCommand?.payload.map((field) => field.name));
  });

  it("keeps every awkward name as typed in titles, with ASCII keys", () => {
    const doc = parse(asyncapi(awkwardBoard())) as {
      channels: Record<string, { address: string; title: string }>;
      components: { messages: Record<string, { title: string }> };
    };
    const titles = Object.values(doc.components.messages).map((message) => message.title);
    expect(titles).toEqual(expect.arrayContaining(["Pipe | Event", 'Quote " Event', "Back\\slash", "Line Break Happened", "🚀 Launched"]));
    for (const key of [...Object.keys(doc.components.messages), ...Object.keys(doc.channels)]) {
      expect(key).toMatch(/^[A-Za-z0-9._-]+$/u);
    }
    const channel = Object.values(doc.channels).find((entry) => entry.title === "orders-{region}");
    expect(channel?.address).toBe("orders-(region)");
    expect(Object.values(doc.channels).find((entry) => entry.title === "pay {in}")?.address).toBe("pay (in)");
    // The topic `yes` and the saga's reply channel `yes` stay two channels with their own keys.
    expect(Object.entries(doc.channels).filter(([, entry]) => entry.address === "yes").map(([key]) => key)).toEqual(["yes", "yes_2"]);
  });

  it("writes Korean names as typed", () => {
    const doc = parse(asyncapi(koreanBoard())) as { channels: Record<string, { address: string }>; info: { title: string } };
    expect(doc.info.title).toBe("주문 흐름");
    expect(Object.values(doc.channels).map((channel) => channel.address)).toEqual([
      "주문-이벤트", "재고-이벤트", "주문-사가-events", "재고.commands", "결제.commands", "배송사.commands", "주문-사가.replies",
    ]);
  });

  it("reads the same with a YAML 1.2 loader (yaml) and with the AsyncAPI parser's (js-yaml)", () => {
    for (const board of [orderFlowTemplate(), koreanBoard(), awkwardBoard(), yamlSpecialBoard()]) {
      const text = asyncapi(board);
      expect(load(text)).toEqual(parse(text));
    }
  });

  it("keeps YAML's special strings as strings, quoting what a YAML 1.1 reader would take for another type", () => {
    const text = asyncapi(yamlSpecialBoard());
    const doc = parse(text) as {
      channels: Record<string, { address: string; title: string }>;
      components: { messages: Record<string, { title: string; description?: string }> };
    };
    const titles = Object.values(doc.components.messages).map((message) => message.title);
    expect(titles).toEqual(YAML_SPECIAL.map((text) => text.trim()));
    expect(Object.values(doc.channels).map((channel) => channel.title)).toEqual(YAML_SPECIAL.map((text) => `${text.trim()}-topic`));
    expect(Object.values(doc.components.messages).map((message) => message.description)).toEqual(
      YAML_SPECIAL.map((text) => `${text}\n${text}`),
    );
    for (const word of ["yes", "No", "on", "OFF", "y", "null", "~", "true", "1.5", "0x1F", "2001-12-14", "12:30:00"]) {
      expect(text).toContain(`title: "${word}"`);
      expect(text.split("\n").filter((line) => line.trim() === `title: ${word}`)).toEqual([]);
    }
  });

  it("prints any string so that both loaders read it back unchanged", () => {
    const strings = [...YAML_SPECIAL, NASTY_TEXT, "", " lead", "trail ", "a\n\nb\n", "tab\there", "\u2028sep", "nul\u0000", "bom\ufeff", "*/", "--- x", "... x"];
    const data = { list: strings, map: Object.fromEntries(strings.map((text, index) => [`k${index}`, { text, nested: [text] }])) };
    const text = printYaml(data);
    expect(parse(text)).toEqual(data);
    expect(load(text)).toEqual(data);
  });
});

/** Strings that YAML reads as something else, or as syntax, unless they are quoted. */
const YAML_SPECIAL = [
  "yes", "No", "on", "OFF", "y", "null", "~", "true", "1.5", "0x1F", "2001-12-14", "12:30:00",
  "a: b", "# hash", "- dash", "? what", "[list]", "{map}", "&anchor", "*alias", "!tag", "| pipe", "> fold",
  "'single'", '"double"', "%percent", "@at", "`tick`", "trailing:", "주문 접수됨", "🚀 launched",
];

/** One event per special string, with the string as its name, topic and (two-line) description. */
function yamlSpecialBoard() {
  const events = YAML_SPECIAL.map((text, index) =>
    sticky("event", `e${index}`, text, { topic: `${text}-topic`, description: `${text}\n${text}` }),
  );
  return testBoard(
    [sticky("aggregate", "g", "Thing"), ...events],
    events.map((event) => arrow("g", event.id)),
    { name: "yes" },
  );
}

/** Delivery settings on the board and on consumers: a group named `post`, a saga that never retries, a bank without jitter. */
function deliveryBoard(): Board {
  return testBoard(
    [
      sticky("command", "c", "Go"),
      sticky("aggregate", "a", "Thing"),
      sticky("event", "e", "Gone", { topic: "things", partitionKey: "thingId", payload: [{ name: "thingId", type: "uuid" }] }),
      sticky("service", "s1", "Mailer", { action: "Mail", delivery: { maxAttempts: 2, initialDelayMs: 50, group: "post" } }),
      sticky("saga", "g", "Flow", { delivery: { maxAttempts: 1 }, steps: [sagaStep("1", "x", "Charge")] }),
      sticky("externalSystem", "x", "Bank", { commandChannel: "bank-in", delivery: { jitter: 0 } }),
    ],
    [arrow("c", "a"), arrow("a", "e"), arrow("e", "s1"), arrow("e", "g"), arrow("g", "x")],
    { settings: { delivery: { maxAttempts: 3, maxDelayMs: 1000 } } },
  );
}

describe("asyncapi: bounded contexts", () => {
  it("tags the document with its bounded contexts, and each event and operation with its sticky's context", () => {
    const doc = parse(asyncapi(framedBoard())) as {
      info: { tags?: { name: string; description?: string }[] };
      operations: Record<string, { action: string; tags?: { name: string }[]; summary: string }>;
      components: { messages: Record<string, { title: string; tags?: { name: string }[] }> };
    };
    expect(doc.info.tags).toEqual([{ name: "Ordering", description: "Orders and their lifecycle" }, { name: "Consumer" }, { name: "Kitchen" }, { name: "Accounting" }]);
    const tagOf = (summaryStart: string) => Object.values(doc.operations).find((op) => op.summary.startsWith(summaryStart))?.tags?.map((t) => t.name);
    expect(tagOf("Order (aggregate) emits OrderCreated")).toEqual(["Ordering"]);
    expect(tagOf("Kitchen Service (service) replies")).toEqual(["Kitchen"]);
    const receives = Object.entries(doc.operations).filter(([, op]) => op.action === "receive");
    expect(receives.find(([key]) => key.startsWith("kitchen-service."))?.[1].tags).toEqual([{ name: "Kitchen" }]);
    expect(Object.values(doc.components.messages).find((m) => m.title === "OrderCreated")?.tags).toEqual([{ name: "Ordering" }]);
    // No frames, no tags anywhere.
    expect(asyncapi(createOrderSagaTemplate())).not.toMatch(/^\s*tags:/mu);
  });
});
