import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { jsonSchema } from "./jsonSchema";
import { typescriptContracts } from "./typescriptContracts";
import { awkwardBoard, koreanBoard } from "./testing/testBoards";

type Schema = { $schema: string; $defs: Record<string, { type: string; title: string; $comment: string; properties: Record<string, unknown>; required?: string[] }> };

describe("jsonSchema", () => {
  it("is one draft 2020-12 document with $defs for every event, command, step command and reply payload, named as in the TypeScript", () => {
    const doc = JSON.parse(jsonSchema(orderFlowTemplate())) as Schema;
    expect(doc.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(doc.$defs)).toEqual([
      "OrderPlacedPayload", "OrderCompletedPayload", "OrderFailedPayload", "OrderShippedPayload", "OrderCancelledPayload",
      "PlaceOrderCommandPayload", "ShipOrderCommandPayload", "CancelOrderCommandPayload",
      "ReserveInventoryCommandPayload", "ChargePaymentCommandPayload", "ConfirmOrderCommandPayload",
      "ReleaseInventoryCommandPayload", "RefundPaymentCommandPayload",
      "InventoryReservedPayload", "InventoryReservationFailedPayload", "PaymentChargedPayload", "PaymentDeclinedPayload",
      "OrderConfirmedPayload", "OrderConfirmationRejectedPayload", "InventoryReleasedPayload", "PaymentRefundedPayload",
      "CommandDeadLetteredPayload",
    ]);
    // Every key is a payload type the TypeScript contracts declare.
    const typescript = typescriptContracts(orderFlowTemplate());
    for (const key of Object.keys(doc.$defs)) expect(typescript).toMatch(new RegExp(`export (interface|type) ${key} `, "u"));
    expect(doc.$defs.PaymentDeclinedPayload?.required).toEqual(["orderId", "reason"]);
    expect(doc.$defs.ReserveInventoryCommandPayload?.$comment).toBe(
      "Payload of command ReserveInventory, sent by a saga step to its participant on inventory-service.commands.",
    );
    expect(doc.$defs.InventoryReservedPayload?.$comment).toBe(
      "Payload of reply inventory.reserved, sent by a participant on order-saga.replies to the saga step that awaits it.",
    );
    expect(doc.$defs.OrderCancelledPayload?.required).toEqual(["orderId"]);
    expect(doc.$defs.OrderPlacedPayload?.properties.items).toEqual({
      type: "array",
      items: {
        type: "object",
        properties: { productId: { type: "string" }, quantity: { type: "integer" }, price: { type: "number" } },
        required: ["productId", "quantity", "price"],
      },
    });
  });

  it("keeps a step command that is a command of the board once, with the board's payload", () => {
    const keys = Object.keys((JSON.parse(jsonSchema(koreanBoard())) as Schema).$defs);
    expect(keys.filter((key) => key.startsWith("재고예약하기"))).toEqual(["재고예약하기CommandPayload"]);
    expect(keys).toEqual(expect.arrayContaining(["결제승인CommandPayload", "재고확보됨Payload", "환불됨Payload"]));
  });

  it("keeps Korean keys and awkward field names as they are, the first of two same-name fields", () => {
    expect(Object.keys((JSON.parse(jsonSchema(koreanBoard())) as Schema).$defs)).toContain("주문접수됨Payload");
    const doc = JSON.parse(jsonSchema(awkwardBoard())) as Schema;
    const payload = doc.$defs.ClassPayload;
    expect(Object.keys(payload?.properties ?? {})).toEqual(["class", "2x", "a-b", 'quote"d', "__proto__", "dup", "list", "any", "when"]);
    expect(payload?.properties.dup).toEqual({ type: "string" });
    expect(payload?.required).not.toContain("a-b");
  });
});
