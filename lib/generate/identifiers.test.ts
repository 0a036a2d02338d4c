import { describe, expect, it } from "vitest";
import { asciiKey, baseIdentifier, IdentifierAllocator, propertyKey } from "./identifiers";

describe("identifiers", () => {
  it("derives bases by lib/model's rule, keeping Korean", () => {
    expect(baseIdentifier("order placed")).toBe("OrderPlaced");
    expect(baseIdentifier("주문 접수됨")).toBe("주문접수됨");
    expect(baseIdentifier("2fa enabled")).toBe("_2faEnabled");
    expect(baseIdentifier("🚀 Launched")).toBe("U1f680Launched");
  });

  it("allocates the first free base whose derived names are all free, in order", () => {
    const allocator = new IdentifierAllocator(["DomainEvent"]);
    const derive = (base: string) => [`${base}Event`, `is${base}Event`];
    expect(allocator.allocate("Order", derive)).toBe("Order");
    expect(allocator.allocate("Order", derive)).toBe("Order_2");
    expect(allocator.allocate("Domain", derive)).toBe("Domain_2");
    expect(allocator.allocate("Order", derive)).toBe("Order_3");
  });

  it("quotes property names that are not identifiers", () => {
    expect(propertyKey("orderId", JSON.stringify)).toBe("orderId");
    expect(propertyKey("class", JSON.stringify)).toBe("class");
    expect(propertyKey("주문번호", JSON.stringify)).toBe("주문번호");
    expect(propertyKey("2x", JSON.stringify)).toBe('"2x"');
    expect(propertyKey("a-b", JSON.stringify)).toBe('"a-b"');
  });

  it("makes ASCII keys", () => {
    expect(asciiKey("order-events")).toBe("order-events");
    expect(asciiKey("주문")).toBe("_xc8fc_xbb38");
    expect(asciiKey("a b/{c}")).toBe("a_x20b_x2f_x7bc_x7d");
    expect(asciiKey("")).toBe("_");
  });
});
