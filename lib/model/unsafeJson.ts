import type { ModelErrorIssue } from "./errors";
import { formatPath } from "./paths";
import { badTextReason } from "./wellFormedText";

/**
 * Keys refused at every depth of incoming JSON. `JSON.parse` makes `__proto__` an own key, but
 * the first spread, `Object.assign` or `obj[key] = …` that copies it sets a prototype instead
 * (prototype pollution), and a schema that strips or refuses unknown keys sees it differently
 * at different places. Refusing all three everywhere keeps one rule.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** How many problems one scan reports; a hostile document could otherwise make a huge answer. */
const MAX_ISSUES = 50;

export interface UnsafeJsonOptions {
  /** Also refuse NUL characters and unpaired surrogates in keys and string values. */
  readonly text?: boolean;
  /** Prefix of every reported path (e.g. `["board"]` for a board inside a request wrapper). */
  readonly at?: readonly PropertyKey[];
}

/**
 * Scans parsed JSON (plain objects, arrays, scalars) for forbidden keys (see
 * {@link FORBIDDEN_KEYS}) and, with `text`, for strings PostgreSQL cannot store. Runs on the
 * output of `JSON.parse`, before any schema could strip or rename a key. Iterative, so a deeply
 * nested document cannot overflow the stack. Returns at most 50 issues, each located by its path
 * (`nodes[3].payload[0].__proto__`); an empty list means the value is safe.
 */
export function findUnsafeJson(value: unknown, options: UnsafeJsonOptions = {}): ModelErrorIssue[] {
  const issues: ModelErrorIssue[] = [];
  const report = (at: Place, message: string) => issues.push({ path: formatPath([...(options.at ?? []), ...pathOf(at)]), message });
  // Each entry links to its parent: the path is only spelled out for an issue, so a deep
  // document costs linear time, not depth squared.
  const stack: { value: unknown; at: Place; refused?: string | null }[] = [{ value, at: null }];
  while (stack.length > 0 && issues.length < MAX_ISSUES) {
    const { value: current, at, refused } = stack.pop()!;
    // A refused key is reported when its turn comes, so issues come out in document order.
    if (refused) {
      report(at, refused);
      continue;
    }
    if (typeof current === "string") {
      const reason = options.text ? badTextReason(current) : null;
      if (reason) report(at, reason);
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    // Children are pushed in reverse so that the scan goes on in document order.
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], at: { parent: at, key: i } });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      const refusedKey = FORBIDDEN_KEYS.has(key)
        ? `the key ${JSON.stringify(key)} is not allowed at any depth (it could change an object's prototype)`
        : options.text
          ? prefixed("this key ", badTextReason(key))
          : null;
      stack.push({ value: (current as Record<string, unknown>)[key], at: { parent: at, key }, refused: refusedKey });
    }
  }
  return issues;
}

/** Where a value sits: its key and its parent's place (null: the root). */
type Place = { readonly parent: Place; readonly key: string | number } | null;

function pathOf(place: Place): PropertyKey[] {
  const path: PropertyKey[] = [];
  for (let p = place; p !== null; p = p.parent) path.push(p.key);
  return path.reverse();
}

function prefixed(prefix: string, reason: string | null): string | null {
  return reason === null ? null : prefix + reason;
}
