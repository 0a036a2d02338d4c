import { describe, expect, it } from "vitest";
import { cellText, filterRows, isNumeric, numericColumns, readModelTables, statusTone } from "./tables";

const rows = [
  { readModel: "OrderView", rowId: "o1", data: { orderId: "o1", status: "placed" }, eventCount: 1 },
  { readModel: "OrderView", rowId: "o2", data: { orderId: "o2", status: "cancelled", reason: "payment" }, eventCount: 3 },
  { readModel: "Stock", rowId: "s1", data: { sku: "A", qty: 4 }, eventCount: 2 },
];

describe("read-model tables", () => {
  it("splits by read model with the union of fields as columns", () => {
    const tables = readModelTables(rows);
    expect(tables.map((t) => [t.readModel, t.columns, t.rows.length])).toEqual([
      ["OrderView", ["orderId", "status", "reason"], 2],
      ["Stock", ["sku", "qty"], 1],
    ]);
  });
  it("writes cells compactly", () => {
    expect(cellText("x")).toBe("x");
    expect(cellText(4)).toBe("4");
    expect(cellText(false)).toBe("false");
    expect(cellText(null)).toBe("–");
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(cellText("y".repeat(5), 3)).toBe("yyyyy");
    expect(cellText({ long: "z".repeat(50) }, 10)).toBe('{"long":"…');
    expect(isNumeric(3)).toBe(true);
    expect(isNumeric("3")).toBe(false);
  });
  it("filters by row id or any field", () => {
    expect(filterRows(rows, "").length).toBe(3);
    expect(filterRows(rows, "CANCEL").map((r) => r.rowId)).toEqual(["o2"]);
    expect(filterRows(rows, "s1").map((r) => r.rowId)).toEqual(["s1"]);
  });
});

describe("column and status hints", () => {
  it("finds the numeric columns", () => {
    const [orders, stock] = readModelTables([...rows, { readModel: "Stock", rowId: "s2", data: { sku: "B", qty: null }, eventCount: 1 }]);
    expect([...numericColumns(orders!)]).toEqual([]);
    expect([...numericColumns(stock!)]).toEqual(["qty"]);
  });
  it("tints statuses", () => {
    expect(statusTone("OrderFailed")).toBe("bad");
    expect(statusTone("cancelled")).toBe("bad");
    expect(statusTone("OrderCompleted")).toBe("good");
    expect(statusTone("placed")).toBe("neutral");
    expect(statusTone(3)).toBe("neutral");
  });
});
