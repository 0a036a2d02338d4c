import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { jsonSchema } from "./jsonSchema";
import { awkwardBoard, koreanBoard } from "./testBoards";

type Schema = { $schema: string; $defs: Record<string, { type: string; properties: Record<string, unknown>; required?: string[] }> };

describe("jsonSchema", () => {
  it("is one draft 2020-12 document with $defs for every event and command payload, named as in the TypeScript", () => {
    const doc = JSON.parse(jsonSchema(orderFlowTemplate())) as Schema;
    expect(doc.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(doc.$defs)).toEqual([
      "OrderPlacedPayload", "OrderCompletedPayload", "OrderFailedPayload", "OrderShippedPayload", "OrderCancelledPayload",
      "PlaceOrderCommandPayload", "ShipOrderCommandPayload", "CancelOrderCommandPayload",
    ]);
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

  it("keeps Korean keys and awkward field names as they are, the first of two same-name fields", () => {
    expect(Object.keys((JSON.parse(jsonSchema(koreanBoard())) as Schema).$defs)).toContain("주문접수됨Payload");
    const doc = JSON.parse(jsonSchema(awkwardBoard())) as Schema;
    const payload = doc.$defs.ClassPayload;
    expect(Object.keys(payload?.properties ?? {})).toEqual(["class", "2x", "a-b", 'quote"d', "__proto__", "dup", "list", "any", "when"]);
    expect(payload?.properties.dup).toEqual({ type: "string" });
    expect(payload?.required).not.toContain("a-b");
  });
});
