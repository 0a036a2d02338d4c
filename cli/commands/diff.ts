import { diffMarkdown } from "../../lib/generate/diffMarkdown";
import { LANGS, isLang, type Lang } from "../../lib/generate/i18n";
import { COMPAT_MODES, DEFAULT_COMPAT_MODE, isCompatMode, type CompatMode } from "../../lib/model/compatModes";
import { diffBoards, type BoardDiff, type ContractChange } from "../../lib/model/diffBoards";
import { LIMITS } from "../../lib/model/limits";
import type { Board } from "../../lib/model/schema";
import type { Command } from "../command";
import { GIT_PREFIX, GitRefError, readGitBoard } from "../files/gitBoardRef";
import { parseFlags } from "../flags";
import { EXIT } from "../usage";
import { BoardFileError, readBoardFile } from "./validate";

/*
 * `stormflow diff OLD NEW`: the compatibility diff of two boards (lib/model/diffBoards.ts), each a
 * board file or `git:REF:PATH`, so a CI job can gate a pull request. Exit 0 when compatible under
 * the mode, 1 when a change breaks, 2 for bad input. `--json` prints what the API's diff answers
 * (without the revision numbers); `--markdown` a table for a pull-request comment.
 */

interface DiffArgs {
  readonly old: string;
  readonly new: string;
  readonly mode: CompatMode;
  readonly output: "text" | "json" | "markdown";
  readonly lang: Lang;
}

const USAGE =
  `stormflow diff OLD NEW [--mode ${COMPAT_MODES.join("|")}] [--json | --markdown [--lang ${LANGS.join("|")}]]\n\n` +
  "OLD and NEW are .board.json files or git:REF:PATH (read with git in the current repository).\n" +
  `--mode defaults to ${DEFAULT_COMPAT_MODE}. With two boards there is no earlier revision, so a -transitive mode checks NEW against OLD only;\n` +
  "the app's History and GET /api/boards/:id/diff check every earlier revision.\n" +
  "Exit 0 when compatible, 1 when a change breaks readers, 2 for bad input.";

export const diffCommand: Command = {
  name: "diff",
  summary: "Compare two boards' contracts: what changed, what breaks under a compatibility mode, and who reads it",
  usage: USAGE,
  async run(argv) {
    const parsed = parseArgs(argv);
    if ("usage" in parsed) return parsed;
    let boards: [Board, Board];
    try {
      boards = [await readBoard(parsed.old), await readBoard(parsed.new)];
    } catch (err) {
      if (err instanceof BoardFileError || err instanceof GitRefError) {
        console.error(`stormflow diff: ${err.message}`);
        return { code: EXIT.badInput };
      }
      throw err;
    }
    const diff = diffBoards(boards[0], boards[1], { mode: parsed.mode });
    const text = parsed.output === "json" ? `${JSON.stringify(diff, null, 2)}\n` : parsed.output === "markdown" ? diffMarkdown(diff, parsed.lang) : plainText(diff);
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
    return { code: diff.compatible ? EXIT.ok : EXIT.failed };
  },
};

function readBoard(arg: string): Promise<Board> {
  return arg.startsWith(GIT_PREFIX) ? readGitBoard(arg, 3 * LIMITS.textLength) : readBoardFile(arg);
}

/** One line per change, then the verdict. */
function plainText(diff: BoardDiff): string {
  const line = (c: ContractChange) => {
    const what = `${c.contract} (${c.contractKind}): ${c.change}${c.path ? ` ${c.path}` : ""}${c.from !== undefined && c.to !== undefined ? ` ${c.from} -> ${c.to}` : ""}`;
    const verdict = c.breaking ? `BREAKS ${c.breaks.join(" and ")}` : "compatible";
    const readers = c.consumers.length > 0 ? ` [read by ${c.consumers.map((r) => r.name).join(", ")}]` : "";
    return `${what}: ${verdict}: ${c.reason}${readers}`;
  };
  const breaking = diff.changes.filter((c) => c.breaking).length;
  const verdict = diff.changes.length === 0 ? `no contract changed (${diff.mode})` : breaking === 0 ? `compatible under ${diff.mode}: ${diff.changes.length} change(s), none breaks` : `${breaking} of ${diff.changes.length} change(s) break under ${diff.mode}`;
  return [...diff.changes.map(line), verdict].join("\n") + "\n";
}

function parseArgs(argv: readonly string[]): DiffArgs | { usage: string } {
  const parsed = parseFlags(argv, { values: ["--mode", "--lang"], switches: ["--json", "--markdown"] });
  if ("usage" in parsed) return parsed;
  const files = parsed.positional;
  if (parsed.switches.has("--json") && parsed.switches.has("--markdown")) return { usage: "give one of --json and --markdown" };
  if (files.length !== 2) return { usage: files.length < 2 ? "give two boards: OLD and NEW" : `diff takes two boards (got ${files.length}: ${files.join(", ")})` };
  const mode = parsed.values.get("--mode") ?? DEFAULT_COMPAT_MODE;
  if (!isCompatMode(mode)) return { usage: `unknown mode "${mode}": use one of ${COMPAT_MODES.join(", ")}` };
  const lang = parsed.values.get("--lang") ?? "en";
  if (!isLang(lang)) return { usage: `unknown language "${lang}": use one of ${LANGS.join(", ")}` };
  const output: DiffArgs["output"] = parsed.switches.has("--json") ? "json" : parsed.switches.has("--markdown") ? "markdown" : "text";
  if (parsed.values.has("--lang") && output !== "markdown") return { usage: "--lang applies to --markdown only" };
  return { old: files[0]!, new: files[1]!, mode, output, lang };
}
