import { strToU8, zipSync } from "fflate";
import type { Board } from "../model/schema";
import { contextOf } from "./context";
import { boardSlug } from "./fileNames";
import { FORMAT_LIST, type FormatId, type GenerateOptions } from "./formats";
import type { Lang } from "./i18n";

/** One generated file. */
export interface ExportFile {
  readonly format: FormatId;
  readonly name: string;
  readonly contentType: string;
  readonly content: string;
}

/** Which language each document is written in: one for all, or per format; else each format's default. */
export interface ExportAllOptions {
  readonly lang?: Lang;
  readonly langs?: Partial<Record<FormatId, Lang>>;
  /** Earlier event versions from the board's history (see `GenerateOptions`). */
  readonly earlierVersions?: GenerateOptions["earlierVersions"];
}

export const ZIP_CONTENT_TYPE = "application/zip";

/**
 * The zip entries' modification time. A zip stores a local date and time, and the current time
 * would make every download differ; 1980-01-01 00:00 (the earliest a zip can hold), built from
 * local fields, is written as the same bytes in every time zone.
 */
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** Every format's file for `board`, in format order; the board is analysed once. */
export function exportFiles(board: Board, options: ExportAllOptions = {}): ExportFile[] {
  const context = contextOf(board);
  return FORMAT_LIST.map((format) => {
    const lang = options.langs?.[format.id] ?? options.lang ?? format.defaultLang ?? undefined;
    return {
      format: format.id,
      name: format.fileName(board, lang),
      contentType: format.contentType,
      content: format.generateFromContext(context, { lang, ...(options.earlierVersions ? { earlierVersions: options.earlierVersions } : {}) }),
    };
  });
}

/** A zip of `files` (UTF-8 names, deflated), byte-identical for the same files. */
export function zipFiles(files: readonly ExportFile[]): Uint8Array {
  const entries = Object.fromEntries(files.map((file) => [file.name, strToU8(file.content)]));
  return zipSync(entries, { level: 6, mtime: ZIP_MTIME });
}

/** The name of the "Download all" zip: `<board-slug>.zip`. */
export function zipFileName(board: Pick<Board, "name">): string {
  return `${boardSlug(board)}.zip`;
}
