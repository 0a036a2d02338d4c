import { describe, expect, it } from "vitest";
import { distinctNames, fitName, nameHash } from "./resourceNames";

describe("broker resource names", () => {
  it("keeps acceptable, distinct names as they are", () => {
    const names = distinctNames(["order-events", "payment.commands"], (n) => n.replace(/[^A-Za-z0-9_-]/g, "_"));
    expect([...names.values()]).toEqual(["order-events", "payment_commands"]);
  });

  it("tells apart names that become one, and names the run uses itself, with a stable hash", () => {
    const token = (n: string) => n.replace(/[^A-Za-z0-9_-]/g, "_");
    const names = distinctNames(["order.events", "order_events", "order events", "_direct", "ok"], token, new Set(["_direct"]));
    const values = [...names.values()];
    expect(new Set(values).size).toBe(5);
    expect(names.get("order.events")).toBe(`order_events-${nameHash("order.events")}`);
    expect(names.get("_direct")).toBe(`_direct-${nameHash("_direct")}`);
    expect(names.get("ok")).toBe("ok");
    // The same on every call (a resumed run declares the same names).
    expect(distinctNames(["order.events", "order_events", "order events", "_direct", "ok"], token, new Set(["_direct"]))).toEqual(names);
  });

  it("cuts a name longer than a broker takes at a character boundary, keeping it distinct", () => {
    const korean = "주문".repeat(100); // 600 bytes of UTF-8
    const fitted = fitName(`sf-1.${korean}`);
    expect(new TextEncoder().encode(fitted).length).toBeLessThanOrEqual(255);
    expect(fitted).toMatch(/^sf-1\.(주문)+주?~[0-9a-f]{8}$/u);
    expect(fitName(`sf-1.${korean}x`)).not.toBe(fitted);
    expect(fitName("short")).toBe("short");
  });
});
