import { unzipSync, strFromU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { orderFlowTemplate } from "../model/template";
import { exportFiles, zipFileName, zipFiles } from "./exportAll";
import { boardSlug } from "./fileNames";
import { FORMATS, FORMAT_IDS, isFormatId } from "./formats";
import { awkwardBoard, koreanBoard } from "./testing/testBoards";

describe("formats", () => {
  it("names downloads <board-slug>.<ext>, the language before the extension when it is not the default", () => {
    const board = orderFlowTemplate();
    expect(FORMAT_IDS.map((id) => FORMATS[id].fileName(board))).toEqual([
      "order-flow.md", "order-flow.design.md", "order-flow.ts", "order-flow.asyncapi.yaml", "order-flow.mmd", "order-flow.schema.json", "order-flow.svg",
    ]);
    expect(FORMATS.markdown.fileName(board, "ko")).toBe("order-flow.ko.md");
    expect(FORMATS.markdown.fileName(board, "en")).toBe("order-flow.md");
    expect(FORMATS.design.fileName(board, "en")).toBe("order-flow.design.en.md");
    expect(FORMATS.typescript.fileName(board, "ko")).toBe("order-flow.ts");
    expect(zipFileName(board)).toBe("order-flow.zip");
  });

  it("makes safe slugs of any name", () => {
    expect(boardSlug({ name: "주문 흐름 🚚" })).toBe("주문-흐름-u1f69a");
    expect(boardSlug(awkwardBoard())).toBe("awkward-board-x");
    expect(boardSlug({ name: "x".repeat(120) })).toHaveLength(64);
    expect(boardSlug({ name: "../../etc/passwd" })).toBe("etc-passwd");
  });

  it("has the content type of each format", () => {
    expect(FORMATS.markdown.contentType).toBe("text/markdown; charset=utf-8");
    expect(FORMATS.typescript.contentType).toMatch(/^text\/typescript/u);
    expect(FORMATS.asyncapi.contentType).toMatch(/^application\/yaml/u);
    expect(FORMATS.mermaid.contentType).toMatch(/^text\/plain/u);
    expect(FORMATS.jsonschema.contentType).toMatch(/^application\/schema\+json/u);
    expect(isFormatId("typescript")).toBe(true);
    expect(isFormatId("all")).toBe(false);
  });

  it("uses each document's own default language: markdown en, design ko", () => {
    expect(FORMATS.markdown.generate(orderFlowTemplate())).toContain("## Event-Driven Architecture\n");
    expect(FORMATS.design.generate(orderFlowTemplate())).toContain("## 이벤트 기반 아키텍처 설계\n");
  });

  it("is deterministic: byte-identical output, and a byte-identical zip, on every run", () => {
    for (const build of [orderFlowTemplate, koreanBoard, awkwardBoard]) {
      for (const id of FORMAT_IDS) expect(FORMATS[id].generate(build())).toBe(FORMATS[id].generate(build()));
      expect(zipFiles(exportFiles(build()))).toEqual(zipFiles(exportFiles(build())));
    }
  });

  it("zips every format, each file equal to its format's output", () => {
    const board = koreanBoard();
    const files = unzipSync(zipFiles(exportFiles(board, { lang: "en" })));
    expect(Object.keys(files)).toEqual([
      "주문-흐름.md", "주문-흐름.design.en.md", "주문-흐름.ts", "주문-흐름.asyncapi.yaml", "주문-흐름.mmd", "주문-흐름.schema.json", "주문-흐름.svg",
    ]);
    expect(strFromU8(files["주문-흐름.design.en.md"] ?? new Uint8Array())).toBe(FORMATS.design.generate(board, { lang: "en" }));
    expect(strFromU8(files["주문-흐름.ts"] ?? new Uint8Array())).toBe(FORMATS.typescript.generate(board));
  });

  it("takes a language per format", () => {
    const files = exportFiles(orderFlowTemplate(), { langs: { markdown: "ko", design: "en" } });
    expect(files.map((file) => file.name).slice(0, 2)).toEqual(["order-flow.ko.md", "order-flow.design.en.md"]);
    expect(files[0]?.content).toContain("## 이벤트 기반 아키텍처\n");
  });
});
