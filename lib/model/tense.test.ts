import { describe, expect, it } from "vitest";
import { looksLikeEventName, looksPastTense } from "./tense";

describe("looksPastTense (event names)", () => {
  it.each([
    "OrderPlaced", "OrderPaid", "OrderShipped", "EmailSent", "ItemsSold", "PaymentFailed",
    "UserLoggedIn", "AccountSignedUp", "OrderPlacedV2", "Order placed", "order_built",
    "주문생성됨", "결제 완료", "결제했음", "注文済み", "Заказ создан",
  ])("accepts %j", (name) => {
    expect(looksPastTense(name)).toBe(true);
  });

  // Issue 16 bug 5: emoji around a past-tense name do not hide its tense.
  it.each(["🚀 Order rejected 🚫", "Order rejected!", "✅ Payment captured", "Order (rejected)", "⚠️ Order failed ⚠️", "Order shipped 1️⃣"])("accepts %j, with symbols around it", (name) => {
    expect(looksPastTense(name)).toBe(true);
  });

  it.each(["🚀 Place order 🚫", "Place order!"])("still flags %j", (name) => {
    expect(looksPastTense(name)).toBe(false);
  });

  it.each(["PlaceOrder", "OrderCreation", "Order", "Shipment", "Proceed", "주문하기", "결제하세요"])(
    "flags %j",
    (name) => {
      expect(looksPastTense(name)).toBe(false);
    },
  );
});

describe("looksLikeEventName (command names)", () => {
  it.each(["OrderPlaced", "PlacedOrder", "Ordered", "SentEmail", "주문생성됨"])("flags %j", (name) => {
    expect(looksLikeEventName(name)).toBe(true);
  });

  it.each([
    "PlaceOrder", "ShipOrder", "CancelOrder", "SendEmail", "ResetPassword", "ReadOrder", "SetStatus",
    "MarkAsShipped", "SeedDatabase", "Proceed", "Embed", "주문생성", "주문하기", "Заказать",
  ])("accepts %j", (name) => {
    expect(looksLikeEventName(name)).toBe(false);
  });
});

describe("numbers glued to a name", () => {
  it("do not hide its tense (fresh stickies are named SomethingHappened2)", () => {
    for (const name of ["SomethingHappened2", "OrderPlacedV2", "OrderPlaced10"]) expect([name, looksPastTense(name)]).toEqual([name, true]);
    for (const name of ["PlaceOrder2", "DoSomething2"]) expect([name, looksLikeEventName(name)]).toEqual([name, false]);
  });
});
