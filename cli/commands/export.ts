import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { exportFiles } from "../../lib/generate/exportAll";
import { FORMAT_IDS, FORMATS, isFormatId, type FormatId } from "../../lib/generate/formats";
import { isLang, LANGS, type Lang } from "../../lib/generate/i18n";
import { earlierEventVersions, type EarlierVersion } from "../../lib/model/eventVersions";
import { LIMITS } from "../../lib/model/limits";
import type { Board } from "../../lib/model/schema";
import { validateBoard } from "../../lib/model/validate";
import type { Command, CommandResult } from "../command";
import { checkOutPath } from "../files/checkOutPath";
import { parseFlags } from "../flags";
import { GIT_PREFIX, GitRefError, readGitBoard } from "../files/gitBoardRef";
import { EXIT } from "../usage";
import { BoardFileError, formatIssue, readBoardFile } from "./validate";

interface ExportArgs {
  file: string;
  format: FormatId | "all";
  lang?: Lang;
  out?: string;
  /** Earlier versions of the board (files or git:REF:PATH), newest first: the TypeScript contracts' earlier event versions. */
  earlier: string[];
  earlierVersions?: ReadonlyMap<string, readonly EarlierVersion[]>;
}

const FORMAT_CHOICES = [...FORMAT_IDS, "all"].join(", ");

/**
 * `stormflow export FILE --format <format> [--lang en|ko] [--out PATH]`: one format to stdout or
 * to PATH (a file, or a directory to write `<board-slug>.<ext>` into); `--format all --out DIR`
 * writes every format into DIR. A board with validation errors still exports, with its errors
 * on stderr; a file that is not a board exits 2 with the reason.
 */
export const exportCommand: Command = {
  name: "export",
  summary: "Generate markdown, design doc, TypeScript, AsyncAPI, Mermaid or JSON Schema from a .board.json file",
  usage:
    `stormflow export FILE --format <${FORMAT_CHOICES.replace(/, /g, "|")}> [--lang ${LANGS.join("|")}] [--out PATH] [--earlier OLD ...]\n\n` +
    FORMAT_IDS.map((id) => `  ${id.padEnd(11)} ${FORMATS[id].summary}`).join("\n") +
    `\n  ${"all".padEnd(11)} every format, into the directory given by --out\n\n` +
    "Without --out the output goes to stdout. --lang applies to markdown (default en) and design (default ko).\n" +
    "--earlier OLD (a board file or git:REF:PATH; repeat it, newest first) gives the board's earlier versions: an event\n" +
    "whose version was raised then gets each earlier version's types and an upcaster signature in the TypeScript contracts.",
  async run(argv) {
    const parsed = parseArgs(argv);
    if ("usage" in parsed) return parsed;
    let board: Board;
    try {
      board = await readBoardFile(parsed.file);
      const earlier: Board[] = [];
      for (const old of parsed.earlier) earlier.push(old.startsWith(GIT_PREFIX) ? await readGitBoard(old, 3 * LIMITS.textLength) : await readBoardFile(old));
      if (earlier.length > 0) parsed.earlierVersions = earlierEventVersions(board, earlier);
    } catch (err) {
      if (err instanceof BoardFileError || err instanceof GitRefError) {
        console.error(`stormflow export: ${err.message}`);
        return { code: EXIT.badInput };
      }
      throw err;
    }
    if (parsed.out !== undefined) {
      // Before anything is generated or created: see checkOutPath.ts for what is refused and why.
      const refused = await checkOutPath(parsed.out, { directory: parsed.format === "all" });
      if (refused) {
        console.error(`stormflow export: --out ${refused}`);
        return { code: EXIT.badInput };
      }
    }
    reportErrors(parsed.file, board);
    try {
      return await (parsed.format === "all" ? writeAll(board, parsed) : writeOne(board, parsed.format, parsed));
    } catch (err) {
      // An --out that cannot be written (a file where a folder must be, no permission, a full
      // disk) is the user's input: one line naming the path, not a stack trace.
      if (!isFsError(err)) throw err;
      console.error(`stormflow export: cannot write ${err.path ?? parsed.out ?? "to stdout"}: ${WRITE_REASONS[err.code] ?? err.message}`);
      return { code: EXIT.badInput };
    }
  },
};

/** Why a write failed, in words, for the errors an --out path commonly meets. */
const WRITE_REASONS: Readonly<Record<string, string>> = {
  EEXIST: "a file is in the way of a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
};

function isFsError(err: unknown): err is NodeJS.ErrnoException & { code: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && "syscall" in err;
}

async function writeOne(board: Board, formatId: FormatId, args: ExportArgs): Promise<CommandResult> {
  const format = FORMATS[formatId];
  const text = format.generate(board, { lang: args.lang, earlierVersions: args.earlierVersions });
  if (!args.out) {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    return { code: EXIT.ok };
  }
  const target = (await isDirectory(args.out)) ? path.join(args.out, format.fileName(board, args.lang)) : args.out;
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, text, "utf8");
  console.log(`wrote ${target}`);
  return { code: EXIT.ok };
}

function parseArgs(argv: readonly string[]): ExportArgs | { usage: string } {
  const parsed = parseFlags(argv, { values: ["--format", "--lang", "--out"], repeatable: ["--earlier"] });
  if ("usage" in parsed) return parsed;
  const files = parsed.positional;
  const options = parsed.values;
  const earlier = parsed.repeated.get("--earlier") ?? [];
  if (files.length !== 1) return { usage: files.length === 0 ? "give the board file to export" : `export takes one file (got ${files.join(", ")})` };
  const format = options.get("--format");
  if (!format) return { usage: `--format is required: one of ${FORMAT_CHOICES}` };
  if (format !== "all" && !isFormatId(format)) return { usage: `unknown format "${format}": use one of ${FORMAT_CHOICES}` };
  const lang = options.get("--lang");
  if (lang !== undefined && !isLang(lang)) return { usage: `unknown language "${lang}": use one of ${LANGS.join(", ")}` };
  const out = options.get("--out");
  if (format === "all" && !out) return { usage: "--format all writes one file per format: give the directory with --out DIR" };
  if (earlier.length > 0 && format !== "typescript" && format !== "all") return { usage: "--earlier applies to --format typescript (and all): only the TypeScript contracts print earlier event versions" };
  return { file: files[0] ?? "", format, lang, out, earlier };
}

/** Validation errors go to stderr; the export goes on (a board being drawn is still useful). */
function reportErrors(file: string, board: Board): void {
  const errors = validateBoard(board).filter((issue) => issue.severity === "error");
  if (errors.length === 0) return;
  const count = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  console.error(`stormflow export: ${file} has ${count}; exporting anyway:`);
  for (const issue of errors) console.error(`  ${formatIssue(issue)}`);
}

async function writeAll(board: Board, args: ExportArgs): Promise<CommandResult> {
  const dir = args.out ?? ".";
  await mkdir(dir, { recursive: true });
  for (const file of exportFiles(board, { lang: args.lang, earlierVersions: args.earlierVersions })) {
    const target = path.join(dir, file.name);
    await writeFile(target, file.content, "utf8");
    console.log(`wrote ${target}`);
  }
  return { code: EXIT.ok };
}

async function isDirectory(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isDirectory() ?? false;
}
