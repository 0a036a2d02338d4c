import { execFile } from "node:child_process";
import { isModelError } from "../../lib/model/errors";
import { parseBoardText } from "../../lib/model/parse";
import type { Board } from "../../lib/model/schema";

/*
 * `git:REF:PATH`: a board file as it is at a git revision, read with `git cat-file` in the current
 * directory's repository, so a CI job can compare a pull request's board with the base branch's
 * (`git:origin/main:boards/order.board.json`). Git is run without a shell and the REF is checked
 * first: a REF starting with `-` would be read as an option.
 */

export const GIT_PREFIX = "git:";

/** Why a git reference could not be read: the message to print, exit 2. */
export class GitRefError extends Error {}

export interface GitBoardRef {
  readonly ref: string;
  readonly path: string;
}

/** `git:REF:PATH` split (a ref cannot contain `:`), or a GitRefError saying what is wrong. */
export function parseGitRef(arg: string): GitBoardRef {
  const rest = arg.slice(GIT_PREFIX.length);
  const colon = rest.indexOf(":");
  const ref = colon < 0 ? rest : rest.slice(0, colon);
  const path = colon < 0 ? "" : rest.slice(colon + 1);
  if (ref === "" || path === "") throw new GitRefError(`${arg}: write git:REF:PATH, e.g. git:main:boards/order.board.json`);
  if (ref.startsWith("-")) throw new GitRefError(`${arg}: a git revision cannot start with "-"`);
  if (/[\u0000-\u001f\u007f]/u.test(arg)) throw new GitRefError(`${JSON.stringify(arg)}: control characters are not allowed in a git reference`);
  return { ref, path };
}

/** Reads and parses the board at `git:REF:PATH` (at most `maxBytes`). */
export async function readGitBoard(arg: string, maxBytes: number): Promise<Board> {
  const { ref, path } = parseGitRef(arg);
  const text = await new Promise<string>((resolve, reject) => {
    execFile("git", ["cat-file", "blob", `${ref}:${path}`], { maxBuffer: maxBytes, encoding: "utf8", windowsHide: true }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return reject(new GitRefError(`${arg}: git is not installed (it reads git: references)`));
      if (code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return reject(new GitRefError(`${arg}: larger than ${maxBytes} bytes, too large for a board`));
      const line = stderr.split("\n").find((l) => l.trim() !== "")?.trim() ?? err.message;
      reject(new GitRefError(`${arg}: ${line.replace(/^fatal: /, "")}`));
    });
  });
  try {
    return parseBoardText(text);
  } catch (err) {
    if (isModelError(err)) throw new GitRefError(`${arg}: ${err.message}`);
    throw err;
  }
}
