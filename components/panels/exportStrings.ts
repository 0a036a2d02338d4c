import type { FormatId } from "@/lib/generate/formats";
import type { Dictionary } from "@/lib/i18n/dictionary";

/**
 * The Export panel's own words (the documents it previews keep their own language, chosen by its
 * document-language switch); components/panels/exportStrings.ko.ts is the Korean.
 */
export const exportStrings = {
  /** Tab labels and tooltips of the formats; the same words as lib/generate/formats.ts (a test keeps them equal). */
  formatLabels: {
    markdown: "Markdown",
    design: "Design doc",
    typescript: "TypeScript",
    asyncapi: "AsyncAPI",
    mermaid: "Mermaid",
    jsonschema: "JSON Schema",
    svg: "SVG",
  } satisfies Record<FormatId, string>,
  formatSummaries: {
    markdown: "Events, event flow and saga steps (seed 000's output format)",
    design: "Event catalog, flow, broker configuration and consistency strategy (seed 002's output format)",
    typescript: "Event, command and saga message contracts, self-contained",
    asyncapi: "AsyncAPI 3.0.0 document: a channel per topic, command and reply channel, send and receive operations",
    mermaid: "Flowchart of the board in the sticky colours",
    jsonschema: "JSON Schema 2020-12 of every event, command and saga message payload",
    svg: "A picture of the board: stickies in the legend colours with their text, and the arrows",
  } satisfies Record<FormatId, string>,
  formats: "Export format",
  documentLanguage: "Document language",
  markdownView: "Markdown view",
  source: "Source",
  preview: "Preview",
  copy: "Copy",
  copied: (file: string) => `Copied ${file}`,
  clipboardRefused: "The browser refused the clipboard: use Download instead.",
  download: "Download",
  downloadTitle: (file: string) => `Download ${file}`,
  downloadPng: "Download as PNG",
  downloadPngTitle: "Download the picture as PNG, at twice its size",
  pngFailed: (message: string) => `Could not draw the PNG: ${message}`,
  downloadAll: "Download all (.zip)",
  downloadAllTitle: (zip: string) => `Download every format as ${zip}`,
  zipFailed: (message: string) => `Could not build the zip: ${message}`,
  generateFailed: (format: string, message: string) => `Could not generate ${format}: ${message}`,
  apiTitle: "The saved board, from the API",
  pictureAlt: "The board as a picture",
} as const;

/** The shape of these strings in every language. */
export type ExportStrings = Dictionary<typeof exportStrings>;
