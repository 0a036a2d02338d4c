import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/components/i18n/dictionaries";
import { historySagas } from "./historyRow";

const en = DICTIONARIES.en.run;
const ko = DICTIONARIES.ko.run;

describe("historySagas", () => {
  it("counts failed sagas and warns when any failed (QA: a run whose sagas all failed read '0 completed · 0 compensated')", () => {
    const view = historySagas({ completed: 0, compensated: 0, failed: 3 }, en);
    expect(view?.text).toBe("0 completed · 0 compensated · 3 failed");
    expect(view?.warning).toBe("3 sagas failed");
    expect(historySagas({ completed: 4, compensated: 1, failed: 1 }, en)?.warning).toBe("1 saga failed");
    expect(en.historyOpen("5 min ago", view!.warning)).toBe("Open the run of 5 min ago (3 sagas failed)");
  });

  it("says nothing of failures when none failed, and no warning", () => {
    expect(historySagas({ completed: 1200, compensated: 3, failed: 0 }, en)).toEqual({ text: "1,200 completed · 3 compensated", warning: null });
    expect(en.historyOpen("5 min ago", null)).toBe("Open the run of 5 min ago");
    expect(historySagas(null, en)).toBeNull();
  });

  it("says the same in Korean", () => {
    const view = historySagas({ completed: 0, compensated: 2, failed: 1200 }, ko);
    expect(view?.text).toBe("완료 0 · 보상 2 · 실패 1,200");
    expect(view?.warning).toBe("사가 1,200개 실패");
    expect(historySagas({ completed: 2, compensated: 0, failed: 0 }, ko)).toEqual({ text: "완료 2 · 보상 0", warning: null });
  });
});
