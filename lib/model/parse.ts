import { jsonTooDeepAt, MAX_JSON_DEPTH } from "./jsonDepth";
import { ModelError, type ModelErrorIssue } from "./errors";
import { findJsonSyntaxError } from "./jsonSyntax";
import { LIMITS } from "./limits";
import { migrateBoard, type BoardDocument } from "./migrations";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, boardSchema, type Board } from "./schema";
import { findUnsafeJson } from "./unsafeJson";
import { describeZodIssues } from "./zodIssues";

/**
 * Reads a board file's text: JSON, then {@link parseBoard}. A leading byte-order mark, as some
 * Windows editors write, is accepted.
 *
 * @throws ModelError `too_large` over `LIMITS.textLength` characters; `not_json` with the line,
 * column and offset of the first syntax error; otherwise whatever `parseBoard` throws.
 */
export function parseBoardText(text: string): Board {
  if (text.length > LIMITS.textLength) {
    throw new ModelError(
      "too_large",
      `The file is too large: ${text.length} characters, and at most ${LIMITS.textLength} are read.`,
    );
  }
  // A space keeps every offset in the error message true to the original text.
  const json = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const tooDeep = jsonTooDeepAt(json);
  if (tooDeep >= 0) {
    throw new ModelError("not_json", `The file nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (at offset ${tooDeep}); no board does.`);
  }
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    const at = findJsonSyntaxError(json);
    const where = at
      ? `line ${at.line}, column ${at.column} (offset ${at.offset}): ${at.reason}`
      : error instanceof Error
        ? error.message
        : String(error);
    const notJson = new ModelError("not_json", `The file is not valid JSON: ${where}.`);
    throw json.includes("\u0000") ? locateNul(json, notJson) : notJson;
  }
  return parseBoard(data);
}

/**
 * A raw NUL byte inside a JSON string makes the text invalid JSON, and "line 1, column 4021" is
 * hard to act on in a minified file. Read with each NUL escaped, the schema names the field
 * (`nodes[3].name: must not contain NUL characters …`), as it does for an escaped `\u0000`.
 * Every text field refuses NUL, so this always throws; if the text is still not JSON (a NUL
 * outside a string), or somehow parses, the original syntax error stands.
 */
function locateNul(json: string, notJson: ModelError): ModelError {
  let data: unknown;
  try {
    data = JSON.parse(json.replaceAll("\u0000", "\\u0000"));
  } catch {
    return notJson;
  }
  try {
    parseBoard(data);
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  return notJson;
}

/**
 * Checks any value (parsed JSON, a request body, a stored row) and returns it as a {@link Board}
 * at the current schema version. Older versions are migrated first. The result is a new object;
 * `input` is not modified. Absent optional keys stay absent (no defaults are filled in).
 *
 * @throws ModelError `not_a_board`, `unsupported_version`, `too_large`, or `invalid_board`
 * listing every problem with its path (`nodes[2].name: must be at most 120 characters (got 300)`),
 * including duplicate ids, edges that point at missing nodes, and `__proto__`, `constructor` or
 * `prototype` keys at any depth.
 */
export function parseBoard(input: unknown): Board {
  const document = asBoardDocument(input);
  checkKeys(document);
  const version = checkedVersion(document);
  checkSize(document);
  const migrated = migrateBoard(document, version);

  const result = boardSchema.safeParse(migrated);
  const issues = [
    ...(result.success ? [] : describeZodIssues(result.error.issues, migrated)),
    ...referenceIssues(migrated),
  ];
  if (!result.success || issues.length > 0) {
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    throw new ModelError("invalid_board", `The board is not valid (${count}):`, issues);
  }
  return result.data;
}

function asBoardDocument(input: unknown): BoardDocument {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ModelError(
      "not_a_board",
      `This is not a Stormflow board: expected a JSON object with "format": "${BOARD_FORMAT}".`,
    );
  }
  const document = input as BoardDocument;
  if (document.format !== BOARD_FORMAT) {
    const found =
      document.format === undefined
        ? `it has no "format" key`
        : `its "format" is ${JSON.stringify(document.format)?.slice(0, 60)}`;
    throw new ModelError(
      "not_a_board",
      `This is not a Stormflow board: ${found}, expected "format": "${BOARD_FORMAT}".`,
    );
  }
  return document;
}

function checkedVersion(document: BoardDocument): number {
  const version = document.schemaVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    const message =
      version === undefined
        ? "is required"
        : `must be a whole number of at least 1 (got ${JSON.stringify(version)?.slice(0, 40)})`;
    throw new ModelError("invalid_board", "The board is not valid (1 problem):", [
      { path: "schemaVersion", message },
    ]);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new ModelError(
      "unsupported_version",
      `This board uses schema version ${version}, but this version of Stormflow reads schema ` +
        `version ${CURRENT_SCHEMA_VERSION} and older. Update Stormflow to open it.`,
    );
  }
  return version;
}

/**
 * Refuses `__proto__`, `constructor` and `prototype` keys wherever they are, on the document as
 * given: the migrations copy objects and the schema strips or refuses keys depending on where
 * they sit, so this runs first, the same way at every depth.
 */
function checkKeys(document: BoardDocument): void {
  const issues = findUnsafeJson(document);
  if (issues.length === 0) return;
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  throw new ModelError("invalid_board", `The board is not valid (${count}):`, issues);
}

/** Refuses oversized lists before validating them item by item. */
function checkSize(document: BoardDocument): void {
  for (const [key, limit] of [
    ["nodes", LIMITS.nodes],
    ["edges", LIMITS.edges],
    ["frames", LIMITS.frames],
    ["notes", LIMITS.notes],
  ] as const) {
    const list = document[key];
    if (Array.isArray(list) && list.length > limit) {
      throw new ModelError(
        "too_large",
        `The board is too large: it has ${list.length} ${key}, and at most ${limit} are allowed.`,
        [{ path: key, message: `must have at most ${limit} items (got ${list.length})` }],
      );
    }
  }
}

/**
 * Duplicate ids and dangling edges. Checked on the raw document, alongside the schema, so one
 * error lists every problem; entries whose id is not even a string are left to the schema.
 */
function referenceIssues(document: BoardDocument): ModelErrorIssue[] {
  const issues: ModelErrorIssue[] = [];
  const nodeIds = collectIds(document.nodes, "nodes", issues);
  collectIds(document.edges, "edges", issues);
  // Frames and notes share the canvas's id space with the stickies: one id, one thing on screen.
  const frameIds = collectIds(document.frames, "frames", issues, nodeIds ? [["nodes", nodeIds]] : []);
  collectIds(document.notes, "notes", issues, [...(nodeIds ? [["nodes", nodeIds] as const] : []), ...(frameIds ? [["frames", frameIds] as const] : [])]);
  // Without a node list there is nothing to point at; the schema reports the list itself.
  if (!nodeIds || !Array.isArray(document.edges)) return issues;
  document.edges.forEach((edge: unknown, index) => {
    for (const end of ["source", "target"] as const) {
      const id = (edge as Record<string, unknown> | null)?.[end];
      if (typeof id === "string" && !nodeIds.has(id)) {
        issues.push({
          path: `edges[${index}].${end}`,
          message: `no node has the id ${JSON.stringify(id.slice(0, 64))}${edgeLabel(edge)}`,
        });
      }
    }
  });
  return issues;
}

/** The ids of `list`'s entries; reports each repeated id at its later occurrence. */
function collectIds(
  list: unknown,
  key: "nodes" | "edges" | "frames" | "notes",
  issues: ModelErrorIssue[],
  others: readonly (readonly [string, ReadonlySet<string>])[] = [],
): Set<string> | null {
  if (!Array.isArray(list)) return null;
  const firstIndex = new Map<string, number>();
  list.forEach((item: unknown, index) => {
    const id = (item as Record<string, unknown> | null)?.id;
    if (typeof id !== "string") return;
    const taken = others.find(([, ids]) => ids.has(id));
    if (taken) {
      issues.push({ path: `${key}[${index}].id`, message: `duplicate id ${JSON.stringify(id.slice(0, 64))}, already used by one of the ${taken[0]}` });
      return;
    }
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else {
      issues.push({
        path: `${key}[${index}].id`,
        message: `duplicate id ${JSON.stringify(id.slice(0, 64))}, already used by ${key}[${first}]`,
      });
    }
  });
  return new Set(firstIndex.keys());
}

function edgeLabel(edge: unknown): string {
  const id = (edge as Record<string, unknown> | null)?.id;
  return typeof id === "string" && id.length <= 64 ? ` [edge ${JSON.stringify(id)}]` : "";
}
