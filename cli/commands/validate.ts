import { isModelError } from "../../lib/model/errors";
import { inputTextIssues } from "../../lib/model/inputText";
import { LIMITS } from "../../lib/model/limits";
import { parseBoardText } from "../../lib/model/parse";
import type { Board } from "../../lib/model/schema";
import { validateBoard, type Issue } from "../../lib/model/validate";
import type { Command } from "../command";
import { FileRefusedError, readRegularFile, readStdin } from "../files/readRegularFile";
import { EXIT } from "../usage";

/** Why a board file could not be read: the message to print, with exit code 2. */
export class BoardFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BoardFileError";
  }
}

/**
 * The most bytes read from a board file: UTF-8 takes at most 3 bytes per UTF-16 unit, so a larger
 * file is surely over `LIMITS.textLength` characters, which `parseBoardText` refuses anyway.
 */
const MAX_FILE_BYTES = 3 * LIMITS.textLength;

/**
 * Reads and parses a `.board.json` file: a regular file only (a FIFO, a device or a directory is
 * refused before anything is read; see readRegularFile.ts), or standard input for `-`.
 *
 * @throws BoardFileError with `<file>: <reason>` when the file cannot be read, is not JSON or is
 * not a board (the reason is ModelError's message: what is wrong and where).
 */
export async function readBoardFile(file: string): Promise<Board> {
  let text: string;
  try {
    text = file === "-" ? await readStdin(MAX_FILE_BYTES) : await readRegularFile(file, MAX_FILE_BYTES);
  } catch (err) {
    if (err instanceof FileRefusedError) throw new BoardFileError(`${file}: ${err.message}`);
    throw err;
  }
  try {
    return parseBoardText(text);
  } catch (err) {
    if (isModelError(err)) throw new BoardFileError(`${file}: ${err.message}`);
    throw err;
  }
}

/** One issue as the CLI prints it: `path: severity: message` (`board` when the path is empty). */
export function formatIssue(issue: Issue): string {
  return `${issue.path || "board"}: ${issue.severity}: ${issue.message}`;
}

/** `3 errors, 1 warning`. */
export function countIssues(issues: readonly Pick<Issue, "severity">[]): string {
  const errors = issues.filter((issue) => issue.severity === "error").length;
  const warnings = issues.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(errors, "error")}, ${plural(warnings, "warning")}`;
}

/** `stormflow validate FILE`: the board's issues, exit 0 (no errors), 1 (errors) or 2 (not a board). */
export const validateCommand: Command = {
  name: "validate",
  summary: "Check a .board.json file: every error and warning as `path: severity: message`",
  usage: "stormflow validate FILE (- for standard input)",
  async run(args) {
    const [file, ...rest] = args;
    if (!file || (file.startsWith("-") && file !== "-")) return { usage: file ? `unknown option ${file}` : "give the board file to check (- reads standard input)" };
    if (rest.length > 0) return { usage: `validate takes one file (got also ${rest.join(" ")})` };
    let board: Board;
    try {
      board = await readBoardFile(file);
    } catch (err) {
      if (err instanceof BoardFileError) {
        console.error(`stormflow validate: ${err.message}`);
        return { code: EXIT.badInput };
      }
      throw err;
    }
    const issues = validateBoard(board);
    for (const issue of issues) console.log(formatIssue(issue));
    // Text the app refuses when it is typed or imported (a control character, a name that only
    // looks blank): it loads (a board stored before the rule must), but importing it would fail.
    const text = inputTextIssues(board, null);
    for (const issue of text) console.log(`${issue.path}: error: ${issue.message} (the app refuses this text when it is typed or imported)`);
    console.log(`${file}: ${countIssues([...issues, ...text.map(() => ({ severity: "error" as const }))])}`);
    return { code: text.length > 0 || issues.some((issue) => issue.severity === "error") ? EXIT.failed : EXIT.ok };
  },
};
