import { describe, expect, it } from "vitest";
import { humanize } from "./humanize";

describe("humanize", () => {
  it("reads a Pascal-case command name as words, the first capitalised", () => {
    expect(humanize("ReleaseInventory")).toBe("Release inventory");
    expect(humanize("RefundPayment")).toBe("Refund payment");
    expect(humanize("Cancel")).toBe("Cancel");
  });

  it("gives one reading for the ways one name is typed", () => {
    for (const name of ["release inventory", "release-inventory", "RELEASE_INVENTORY", "  Release   Inventory "]) {
      expect(humanize(name)).toBe("Release inventory");
    }
  });

  it("splits acronyms and keeps scripts without case as typed", () => {
    expect(humanize("HTTPRequestFailed")).toBe("Http request failed");
    expect(humanize("재고 예약하기")).toBe("재고 예약하기");
    expect(humanize("Refund\nall")).toBe("Refund all");
  });
});
