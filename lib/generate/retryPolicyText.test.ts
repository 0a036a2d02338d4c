import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../model/defaults";
import { DESIGN_WORDS } from "./i18n";
import { retryPolicyText } from "./retryPolicyText";

const en = DESIGN_WORDS.en.retry;
const ko = DESIGN_WORDS.ko.retry;

describe("retryPolicyText", () => {
  it("prints the default policy from lib/model's schedule, in both languages", () => {
    expect(retryPolicyText(DEFAULT_RETRY_POLICY, en)).toBe("Up to 5 attempts, exponential backoff 200 ms → 1.6 s (×2, at most 30 s), plus up to 50% jitter");
    expect(retryPolicyText(DEFAULT_RETRY_POLICY, ko)).toBe("최대 5회 시도, 지수 백오프 200ms → 1.6초 (×2, 최대 30초), 최대 50% 지터 추가");
  });

  it("says there is no retry when one attempt is all", () => {
    expect(retryPolicyText({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, en)).toBe("No retry");
    expect(retryPolicyText({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, ko)).toBe("재시도 없음");
  });

  it("says the wait is fixed when every wait is the same", () => {
    const fixed = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3, initialDelayMs: 500, multiplier: 1, jitter: 0 };
    expect(retryPolicyText(fixed, en)).toBe("Up to 3 attempts, fixed wait 500 ms, no jitter");
    expect(retryPolicyText(fixed, ko)).toBe("최대 3회 시도, 고정 대기 500ms, 지터 없음");
    // One retry: a single wait, whatever the multiplier.
    expect(retryPolicyText({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 }, en)).toBe("Up to 2 attempts, fixed wait 200 ms, plus up to 50% jitter");
    // Every wait at the cap, which jitter cannot pass.
    expect(retryPolicyText({ ...DEFAULT_RETRY_POLICY, initialDelayMs: 5000, maxDelayMs: 1000, jitter: 0.25 }, en)).toBe(
      "Up to 5 attempts, fixed wait 1 s (at most 1 s), plus up to 25% jitter",
    );
  });

  it("caps the last wait at maxDelayMs and prints the multiplier and jitter as set", () => {
    const policy = { maxAttempts: 8, initialDelayMs: 100, multiplier: 3, maxDelayMs: 10_000, jitter: 0.125 };
    expect(retryPolicyText(policy, en)).toBe("Up to 8 attempts, exponential backoff 100 ms → 10 s (×3, at most 10 s), plus up to 12.5% jitter");
  });
});
