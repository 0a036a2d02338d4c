import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportStrings } from "@/components/panels/exportStrings";
import { FORMATS, FORMAT_LIST } from "@/lib/generate/formats";
import { DESIGN_WORDS } from "@/lib/generate/i18n";
import { shapeDifferences } from "@/lib/i18n/dictionary";
import { LOCALES } from "@/lib/i18n/locale";
import { KIND_LABELS_KO, NODE_KINDS } from "@/lib/model/kinds";
import { DICTIONARIES } from "./dictionaries";

describe("the UI dictionaries", () => {
  it("have one per UI language", () => {
    expect(Object.keys(DICTIONARIES).sort()).toEqual([...LOCALES].sort());
  });

  it("Korean has every key English has, no other, and functions of the same arity", () => {
    expect(shapeDifferences(DICTIONARIES.en, DICTIONARIES.ko)).toEqual([]);
  });

  it("the shape check finds a missing key, an extra key and another arity", () => {
    expect(shapeDifferences({ a: "x", f: (n: number) => `${n}` }, { b: "y", f: () => "" })).toEqual([
      "a: missing in the second",
      "f: 1 vs 0 parameters",
      "b: missing in the first",
    ]);
  });

  it("every Korean text is written (no empty string where English has words)", () => {
    const empties: string[] = [];
    const walk = (en: unknown, ko: unknown, path: string) => {
      if (typeof en === "string" && en !== "" && ko === "") empties.push(path);
      else if (typeof en === "object" && en && typeof ko === "object" && ko)
        for (const key of Object.keys(en)) walk((en as Record<string, unknown>)[key], (ko as Record<string, unknown>)[key], `${path}.${key}`);
    };
    walk(DICTIONARIES.en, DICTIONARIES.ko, "");
    expect(empties).toEqual([]);
  });

  it("functions interpolate what they are given in both languages", () => {
    for (const locale of LOCALES) {
      const S = DICTIONARIES[locale];
      expect(S.home.boardCount(7)).toContain("7");
      expect(S.home.deleteTitle("Orders")).toContain("Orders");
      expect(S.run.replayError("billing", "boom")).toContain("boom");
      expect(S.board.noMatch("zzz")).toContain("zzz");
    }
  });

  it("Korean counts take no plural forms", () => {
    const ko = DICTIONARIES.ko;
    // Beside the "보드" heading, the count needs no noun of its own.
    expect(ko.home.boardCount(1)).toBe("1개");
    expect(ko.home.stickyCount(1)).toBe("스티커 1개");
    expect(ko.home.stickyCount(3)).toBe("스티커 3개");
    expect(ko.inspector.boardStats(1, 2)).toBe("스티커 1개 · 연결 2개");
  });

  it("the kind labels: English from KIND_META, Korean the table the Korean documents use", () => {
    expect(DICTIONARIES.en.kinds.event).toBe("Domain event");
    expect(DICTIONARIES.ko.kinds).toBe(KIND_LABELS_KO);
    for (const kind of ["service", "policy", "readModel", "saga", "aggregate", "externalSystem"] as const) {
      expect(DESIGN_WORDS.ko.kindNames[kind]).toBe(KIND_LABELS_KO[kind]);
    }
    expect(Object.keys(KIND_LABELS_KO)).toEqual([...NODE_KINDS]);
  });

  it("a revision's summary: English is the stored text, Korean is composed from its counts; breaking changes are left to the row's badge", () => {
    const summary = { added: 2, removed: 0, changed: 0, moved: 1, edgesAdded: 1, edgesRemoved: 0, renamed: false, contractChanges: 3, breaking: 1, text: "2 stickies added, 1 moved, arrows +1 −0 · 1 breaking change" };
    expect(DICTIONARIES.en.history.summary(summary, false)).toBe("2 stickies added, 1 moved, arrows +1 −0");
    expect(DICTIONARIES.ko.history.summary(summary, false)).toBe("스티커 2개 추가, 1개 이동, 화살표 +1 −0");
    const compatible = { ...summary, breaking: 0, text: "2 stickies added, 1 moved, arrows +1 −0 · 3 compatible contract changes" };
    expect(DICTIONARIES.en.history.summary(compatible, false)).toBe(compatible.text);
    expect(DICTIONARIES.ko.history.summary(compatible, false)).toBe("스티커 2개 추가, 1개 이동, 화살표 +1 −0 · 호환되는 계약 변경 3개");
    expect(DICTIONARIES.ko.history.summary({ ...summary, added: 0, moved: 0, edgesAdded: 0, frames: 1, notes: 2 }, false)).toBe("프레임 1개 변경, 메모 2개 변경");
    expect(DICTIONARIES.ko.history.summary({ ...summary, added: 0, moved: 0, edgesAdded: 0, breaking: 0, contractChanges: 0 }, false)).toBe("변경 없이 저장");
    expect(DICTIONARIES.ko.history.summary({ ...summary, added: 22 }, true)).toBe("스티커 22개로 생성");
  });

  it("the empty canvas hint names the same three keys in both languages", () => {
    for (const locale of LOCALES) expect(DICTIONARIES[locale].board.emptyHint.match(/\{[A-Z]\}/gu)).toEqual(["{E}", "{C}", "{A}"]);
  });

  it("the Export panel's English format names are the generators' own", () => {
    for (const format of FORMAT_LIST) {
      expect(exportStrings.formatLabels[format.id]).toBe(FORMATS[format.id].label);
      expect(exportStrings.formatSummaries[format.id]).toBe(FORMATS[format.id].summary);
    }
  });

  it("Korean says 스티커 for a sticky everywhere, never the other spelling", () => {
    // Built from two halves so this file does not hold the word it looks for.
    const other = "스티" + "키";
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sources(path);
        return /\.tsx?$/u.test(entry.name) && !/\.test\.tsx?$/u.test(entry.name) ? [path] : [];
      });
    const files = ["components", "lib", "app"].flatMap(sources);
    expect(files.some((file) => file.endsWith("issueMessages.ko.ts"))).toBe(true);
    expect(files.filter((file) => readFileSync(file, "utf8").includes(other))).toEqual([]);
    const texts: string[] = [];
    const walk = (value: unknown) => {
      if (typeof value === "string") texts.push(value);
      else if (typeof value === "object" && value) Object.values(value).forEach(walk);
    };
    walk(DICTIONARIES.ko);
    expect(texts.filter((text) => text.includes(other))).toEqual([]);
    expect(texts.some((text) => text.includes("스티커"))).toBe(true);
  });
});
