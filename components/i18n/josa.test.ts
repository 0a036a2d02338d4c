import { describe, expect, it } from "vitest";
import { josa } from "./josa";

describe("josa", () => {
  it("picks the particle by the last syllable's final consonant", () => {
    expect(josa("정책", "은/는")).toBe("정책은");
    expect(josa("사가", "은/는")).toBe("사가는");
    expect(josa("외부 시스템", "이/가")).toBe("외부 시스템이");
    expect(josa("커맨드", "을/를")).toBe("커맨드를");
    expect(josa("핫스팟", "과/와")).toBe("핫스팟과");
  });

  it("takes 로 after ㄹ and after a vowel, 으로 after any other consonant", () => {
    expect(josa("읽기 모델", "으로/로")).toBe("읽기 모델로");
    expect(josa("액터", "으로/로")).toBe("액터로");
    expect(josa("정책", "으로/로")).toBe("정책으로");
  });

  it("reads through closing quotes, reads digits, and writes both forms after a Latin name", () => {
    expect(josa('"알림"', "이/가")).toBe('"알림"이');
    expect(josa("3", "은/는")).toBe("3은");
    expect(josa("2", "은/는")).toBe("2는");
    expect(josa('"Order"', "을/를")).toBe('"Order"을(를)');
    expect(josa('"Order"', "으로/로")).toBe('"Order"(으)로');
  });
});
