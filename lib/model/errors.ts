/**
 * Why a board could not be read:
 * - `not_json`: the text is not JSON;
 * - `not_a_board`: JSON, but not a Stormflow board (no `"format": "stormflow.board"`);
 * - `unsupported_version`: a board from a newer Stormflow;
 * - `invalid_board`: a board that breaks the format (every problem is in `issues`);
 * - `too_large`: bigger than `LIMITS` allows, refused before reading it in full.
 */
export type ModelErrorCode =
  | "not_json"
  | "not_a_board"
  | "unsupported_version"
  | "invalid_board"
  | "too_large";

/** One problem, located by a path such as `nodes[3].payload[0].name` (`""`: the whole file). */
export interface ModelErrorIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The one error `parseBoard` and `parseBoardText` throw. `message` is written for a human and
 * lists every issue, so the UI, the API and the CLI can show it as is; `code` and `issues` are
 * for programs (e.g. an HTTP handler maps every code to 400, or 413 for `too_large`).
 */
export class ModelError extends Error {
  override readonly name = "ModelError";
  readonly code: ModelErrorCode;
  readonly issues: readonly ModelErrorIssue[];

  constructor(code: ModelErrorCode, summary: string, issues: readonly ModelErrorIssue[] = []) {
    super(formatMessage(summary, issues));
    this.code = code;
    this.issues = issues;
  }
}

/** Type guard that survives bundling (no reliance on `instanceof` across module copies). */
export function isModelError(error: unknown): error is ModelError {
  return error instanceof ModelError || (error instanceof Error && error.name === "ModelError");
}

/** How many issues the message lists before summarising the rest, to keep it readable. */
const MAX_LISTED_ISSUES = 50;

function formatMessage(summary: string, issues: readonly ModelErrorIssue[]): string {
  // A single issue that just restates the summary adds nothing.
  if (issues.length === 0 || (issues.length === 1 && issues[0]?.message === summary)) {
    return summary;
  }
  const lines = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  if (issues.length > MAX_LISTED_ISSUES) {
    lines.push(`... and ${issues.length - MAX_LISTED_ISSUES} more`);
  }
  return `${summary}\n${lines.map((line) => `  ${line}`).join("\n")}`;
}
