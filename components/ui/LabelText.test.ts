import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/components/i18n/dictionaries";
import { splitUnit } from "./LabelText";

describe("splitUnit", () => {
  it("finds the unit of every retry and timeout label, in both languages", () => {
    for (const lang of ["en", "ko"] as const) {
      const S = DICTIONARIES[lang].inspector;
      for (const text of [S.timeout, S.retryLabels.initialDelayMs, S.retryLabels.maxDelayMs]) expect(splitUnit(text)?.unit.trim()).toBe("(ms)");
    }
    expect(splitUnit("첫 대기 (ms)")).toEqual({ label: "첫 대기", unit: " (ms)" });
  });

  it("leaves labels without a unit whole", () => {
    expect(splitUnit("Consumer group")).toBeNull();
    expect(splitUnit("aggregateId (default)")).toBeNull();
  });
});
