/**
 * The generators: pure `(board, options) => string` functions, one per format, and the registry
 * the API, the CLI and the Export panel share. Imports lib/model only (and one pure library,
 * `fflate`, for the zip; AsyncAPI's YAML is printed by yaml.ts).
 */
export { asyncapi } from "./asyncapi";
export { designDoc, DESIGN_DEFAULT_LANG } from "./designDoc";
export { exportFiles, zipFiles, zipFileName, ZIP_CONTENT_TYPE, type ExportFile, type ExportAllOptions } from "./exportAll";
export { boardSlug } from "./fileNames";
export { FORMATS, FORMAT_IDS, FORMAT_LIST, isFormatId, type ExportFormat, type FormatId, type GenerateOptions } from "./formats";
export { LANGS, isLang, type Lang } from "./i18n";
export { jsonSchema } from "./jsonSchema";
export { markdownCatalog, CATALOG_DEFAULT_LANG, type DocumentOptions } from "./markdownCatalog";
export { mermaid } from "./mermaid";
export { typescriptContracts } from "./typescriptContracts";
