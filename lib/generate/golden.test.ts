import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createOrderSagaTemplate, orderFlowTemplate } from "../model/template";
import { FORMAT_LIST } from "./formats";
import { LANGS } from "./i18n";
import { framedBoard } from "./testing/testBoards";

/*
 * Golden files: both templates (the Order flow and the Create Order saga), and the Create Order
 * saga drawn in bounded contexts (frames and a note), in every format (and
 * both languages of the two documents), checked in under __golden__/ with the names a download
 * gets, and reviewed like code. After an intended change, regenerate them with
 *   UPDATE_GOLDEN=1 npx vitest run --project unit lib/generate/golden.test.ts
 * and read the diff.
 */

const GOLDEN_DIR = new URL("./__golden__/", import.meta.url);
const TEMPLATES = [orderFlowTemplate, createOrderSagaTemplate, framedBoard];
const cases = TEMPLATES.flatMap((template) =>
  FORMAT_LIST.flatMap((format) =>
    (format.defaultLang ? LANGS : [undefined]).map((lang) => ({ template, format, lang, file: format.fileName(template(), lang) })),
  ),
);

describe("golden files of the templates", () => {
  it("gives every template and format its own file", () => {
    expect(new Set(cases.map((entry) => entry.file)).size).toBe(cases.length);
  });

  it.each(cases)("$file", ({ template, format, lang, file }) => {
    const output = format.generate(template(), { lang });
    const url = new URL(file, GOLDEN_DIR);
    if (process.env.UPDATE_GOLDEN) writeFileSync(url, output);
    expect(output).toBe(readFileSync(url, "utf8"));
  });

  it("is the same on every run", () => {
    for (const { template, format, lang } of cases) {
      expect(format.generate(template(), { lang })).toBe(format.generate(template(), { lang }));
    }
  });
});
