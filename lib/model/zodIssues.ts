import type { z } from "zod";
import type { ModelErrorIssue } from "./errors";
import { NODE_KINDS } from "./kinds";
import { formatPath, truncate } from "./paths";

type ZodIssue = z.core.$ZodIssue;

/**
 * Turns zod's issues into located, human sentences (`must be at most 120 characters (got
 * 10485760)`). `input` is the document that was parsed; the actual value at each path is read
 * from it to say what was found, and the id of the node or edge concerned is named, because
 * `nodes[57]` alone is hard to find on a canvas.
 */
export function describeZodIssues(
  issues: readonly ZodIssue[],
  input: unknown,
): ModelErrorIssue[] {
  return issues.flatMap((issue) => {
    const where = ownerOf(input, issue.path);
    if (issue.code === "unrecognized_keys") {
      // One issue per key, located at the key itself: easier to act on than a list.
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        message: `is not a key of the board format${where}`,
      }));
    }
    const value = valueAt(input, issue.path);
    return [{ path: formatPath(issue.path), message: `${describe(issue, value)}${where}` }];
  });
}

function describe(issue: ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      if (value === undefined) return "is required";
      if (issue.expected === "never" || issue.expected === "undefined") return issue.message;
      if (issue.expected === "int") return `must be a whole number (got ${show(value)})`;
      if (issue.expected === "number" && typeof value === "number") {
        return `must be a finite number (got ${show(value)})`;
      }
      return `must be ${withArticle(issue.expected)} (got ${typeName(value)})`;
    case "too_big":
      return `must be at most ${bound(issue.maximum, issue.origin)}${got(value)}`;
    case "too_small":
      if (issue.origin === "string" && issue.minimum === 1) return "must not be empty";
      return `must be at least ${bound(issue.minimum, issue.origin)}${got(value)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${show(issue.values[0])}${gotValue(value)}`
        : `must be one of ${issue.values.map(show).join(", ")}${gotValue(value)}`;
    case "invalid_union":
      if (issue.discriminator === "kind") {
        return value === undefined
          ? `is required: one of ${NODE_KINDS.join(", ")}`
          : `must be one of ${NODE_KINDS.join(", ")} (got ${show(value)})`;
      }
      return issue.message;
    default:
      // Custom checks and regexes carry their own sentence (see schema.ts).
      return issue.message;
  }
}

function bound(limit: number | bigint, origin: string): string {
  if (origin === "string") return `${limit} characters`;
  if (origin === "array" || origin === "set") return `${limit} items`;
  return String(limit);
}

/** ` (got 10485760)`: the size or value that broke the bound, never the (maybe huge) text. */
function got(value: unknown): string {
  if (typeof value === "string" || Array.isArray(value)) return ` (got ${value.length})`;
  if (value === undefined) return "";
  return ` (got ${show(value)})`;
}

/** ` (got "date")`: the value itself (shortened), for a choice among values. */
function gotValue(value: unknown): string {
  return value === undefined ? "" : ` (got ${show(value)})`;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(truncate(value, 40));
  if (typeof value === "number" || typeof value === "boolean" || value === null) {
    return String(value);
  }
  return typeName(value);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

function withArticle(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** The value at `path` in `root`, or undefined. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** ` [node "evt-1"]` when the path is inside a node or edge that has a readable id. */
export function ownerOf(root: unknown, path: readonly PropertyKey[]): string {
  const [list, index] = path;
  if ((list !== "nodes" && list !== "edges") || typeof index !== "number") return "";
  const id = valueAt(root, [list, index, "id"]);
  if (typeof id !== "string" || id.length === 0 || id.length > 64) return "";
  return ` [${list === "nodes" ? "node" : "edge"} ${JSON.stringify(id)}]`;
}
