import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { FORMAT_LIST } from "./formats";
import { LANGS } from "./i18n";

/*
 * Golden files: the Order template in every format (and both languages of the two documents),
 * checked in under __golden__/ with the names a download gets, and reviewed like code. After an
 * intended change, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run --project unit lib/generate/golden.test.ts
 * and read the diff.
 */

const GOLDEN_DIR = new URL("./__golden__/", import.meta.url);
const cases = FORMAT_LIST.flatMap((format) =>
  (format.defaultLang ? LANGS : [undefined]).map((lang) => ({ format, lang, file: format.fileName(orderFlowTemplate(), lang) })),
);

describe("golden files of the Order template", () => {
  it.each(cases)("$file", ({ format, lang, file }) => {
    const output = format.generate(orderFlowTemplate(), { lang });
    const url = new URL(file, GOLDEN_DIR);
    if (process.env.UPDATE_GOLDEN) writeFileSync(url, output);
    expect(output).toBe(readFileSync(url, "utf8"));
  });

  it("is the same on every run", () => {
    for (const { format, lang } of cases) {
      expect(format.generate(orderFlowTemplate(), { lang })).toBe(format.generate(orderFlowTemplate(), { lang }));
    }
  });
});
