import type { EarlierVersion } from "../model/eventVersions";
import type { Board } from "../model/schema";
import { asyncapiFromContext } from "./asyncapi";
import { contextOf, type GenerateContext } from "./context";
import { DESIGN_DEFAULT_LANG, designDocFromContext } from "./designDoc";
import { boardSlug } from "./fileNames";
import type { Lang } from "./i18n";
import { jsonSchemaFromContext } from "./jsonSchema";
import { CATALOG_DEFAULT_LANG, markdownCatalogFromContext } from "./markdownCatalog";
import { mermaidFromContext } from "./mermaid";
import { svgFromContext } from "./svg";
import { typescriptContractsFromContext } from "./typescriptContracts";

/** Every export format, in the order the panel, the API and the CLI list them. */
export const FORMAT_IDS = ["markdown", "design", "typescript", "asyncapi", "mermaid", "jsonschema", "svg"] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** Type guard: is `value` one of {@link FORMAT_IDS}? */
export function isFormatId(value: unknown): value is FormatId {
  return typeof value === "string" && (FORMAT_IDS as readonly string[]).includes(value);
}

/** Options every generator takes; formats without prose ignore `lang`. */
export interface GenerateOptions {
  readonly lang?: Lang;
  /**
   * Earlier schema versions of the board's events, from its history (`earlierEventVersions` in
   * lib/model): the TypeScript contracts print each beside the current one, with an upcaster
   * signature. The other formats describe the current version only.
   */
  readonly earlierVersions?: ReadonlyMap<string, readonly EarlierVersion[]>;
}

/** One export format: how it is named, served and generated. */
export interface ExportFormat {
  readonly id: FormatId;
  /** Tab and menu label. */
  readonly label: string;
  /** What the output is, in a few words (tooltips, `--help`). */
  readonly summary: string;
  /** The language used when none is asked for; null for formats without prose. */
  readonly defaultLang: Lang | null;
  /** HTTP Content-Type of the output. */
  readonly contentType: string;
  /** The download name: `<board-slug>.<ext>`, with the language before the extension when it is not the default. */
  fileName(board: Pick<Board, "name">, lang?: Lang): string;
  /** The output: pure and deterministic (byte-identical for the same board and options). */
  generate(board: Board, options?: GenerateOptions): string;
  /** {@link generate} for a board already analysed (`contextOf`), to analyse once for many formats. */
  generateFromContext(context: GenerateContext, options?: GenerateOptions): string;
}

function format(
  id: FormatId,
  label: string,
  summary: string,
  defaultLang: Lang | null,
  contentType: string,
  extension: string,
  generate: (context: GenerateContext, options: GenerateOptions) => string,
): ExportFormat {
  const generateFromContext = (context: GenerateContext, options: GenerateOptions = {}) =>
    generate(context, { ...(defaultLang ? { lang: options.lang ?? defaultLang } : {}), ...(options.earlierVersions ? { earlierVersions: options.earlierVersions } : {}) });
  return {
    id,
    label,
    summary,
    defaultLang,
    contentType,
    fileName(board, lang) {
      const langPart = defaultLang && lang && lang !== defaultLang ? `.${lang}` : "";
      // The language goes before the last extension: `order-flow.ko.md`, `order-flow.design.en.md`.
      return `${boardSlug(board)}${extension.replace(/(\.[^.]+)$/u, `${langPart}$1`)}`;
    },
    generate: (board, options) => generateFromContext(contextOf(board), options),
    generateFromContext,
  };
}

/** The formats, by id. */
export const FORMATS: Readonly<Record<FormatId, ExportFormat>> = {
  markdown: format(
    "markdown", "Markdown", "Events, event flow and saga steps (seed 000's output format)",
    CATALOG_DEFAULT_LANG, "text/markdown; charset=utf-8", ".md", markdownCatalogFromContext,
  ),
  design: format(
    "design", "Design doc", "Event catalog, flow, broker configuration and consistency strategy (seed 002's output format)",
    DESIGN_DEFAULT_LANG, "text/markdown; charset=utf-8", ".design.md", designDocFromContext,
  ),
  typescript: format(
    "typescript", "TypeScript", "Event, command and saga message contracts, self-contained",
    null, "text/typescript; charset=utf-8", ".ts", typescriptContractsFromContext,
  ),
  asyncapi: format(
    "asyncapi", "AsyncAPI", "AsyncAPI 3.0.0 document: a channel per topic, command and reply channel, send and receive operations",
    null, "application/yaml; charset=utf-8", ".asyncapi.yaml", asyncapiFromContext,
  ),
  mermaid: format(
    "mermaid", "Mermaid", "Flowchart of the board in the sticky colours",
    null, "text/plain; charset=utf-8", ".mmd", mermaidFromContext,
  ),
  jsonschema: format(
    "jsonschema", "JSON Schema", "JSON Schema 2020-12 of every event, command and saga message payload",
    null, "application/schema+json; charset=utf-8", ".schema.json", jsonSchemaFromContext,
  ),
  svg: format(
    "svg", "SVG", "A picture of the board: stickies in the legend colours with their text, and the arrows",
    null, "image/svg+xml; charset=utf-8", ".svg", svgFromContext,
  ),
};

/** The formats as a list, in {@link FORMAT_IDS} order. */
export const FORMAT_LIST: readonly ExportFormat[] = FORMAT_IDS.map((id) => FORMATS[id]);
