/** Where and why a text is not JSON. `line` and `column` count from 1. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/**
 * Finds the first JSON syntax error in `text`, or returns null if it is valid JSON.
 *
 * `JSON.parse` already knows, but its message differs between engines and often omits the
 * position (V8: `Unexpected token '}', "{"a":}" is not valid JSON`), so users could not find
 * the mistake in a large file. This scanner is only run after `JSON.parse` has failed. It keeps
 * an explicit stack, so deeply nested input cannot overflow the call stack.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const stack: Array<"array" | "object"> = [];
  let state: "value" | "key" | "after" = "value";

  const fail = (reason: string, at = i): JsonSyntaxError => ({ ...lineAndColumn(text, at), reason });
  const found = (): string => (i >= text.length ? "the end of the text" : quoteChar(text, i));

  for (;;) {
    i = skipWhitespace(text, i);
    if (state === "key") {
      if (text[i] !== '"') return fail(`expected a property name in double quotes, found ${found()}`);
      const end = scanString(text, i);
      if ("reason" in end) return fail(end.reason, end.at);
      i = skipWhitespace(text, end.next);
      if (text[i] !== ":") return fail(`expected ':' after a property name, found ${found()}`);
      i++;
      state = "value";
      continue;
    }
    if (state === "value") {
      const c = text[i];
      if (c === "{" || c === "[") {
        i = skipWhitespace(text, i + 1);
        if (text[i] === (c === "{" ? "}" : "]")) {
          i++;
          state = "after";
        } else {
          stack.push(c === "{" ? "object" : "array");
          state = c === "{" ? "key" : "value";
        }
        continue;
      }
      const end = scanScalar(text, i);
      if ("reason" in end) return fail(end.reason, end.at);
      i = end.next;
      state = "after";
      continue;
    }
    // state === "after": a value just ended.
    const top = stack[stack.length - 1];
    if (top === undefined) {
      return i < text.length ? fail(`unexpected ${found()} after the end of the JSON value`) : null;
    }
    const close = top === "object" ? "}" : "]";
    if (text[i] === ",") {
      i++;
      state = top === "object" ? "key" : "value";
    } else if (text[i] === close) {
      i++;
      stack.pop();
    } else {
      const after = top === "object" ? "a property value" : "an array element";
      return fail(`expected ',' or '${close}' after ${after}, found ${found()}`);
    }
  }
}

/** Where a scanned token ends, or why and where it is broken. */
type Scan = { next: number } | { reason: string; at: number };

function scanScalar(text: string, i: number): Scan {
  const c = text[i];
  if (c === undefined) return { reason: "a value is missing at the end of the text", at: i };
  if (c === '"') return scanString(text, i);
  if (c === "-" || (c >= "0" && c <= "9")) return scanNumber(text, i);
  for (const literal of ["true", "false", "null"]) {
    if (text.startsWith(literal, i)) return { next: i + literal.length };
  }
  return { reason: `unexpected ${quoteChar(text, i)}: expected a value`, at: i };
}

function scanString(text: string, start: number): Scan {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return { next: i + 1 };
    if (code < 0x20) {
      return { reason: "control character (such as a raw line break) inside a string", at: i };
    }
    if (code === 0x5c) {
      const escape = text[i + 1];
      if (escape === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          return { reason: "invalid \\u escape in a string", at: i };
        }
        i += 5;
      } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i++;
      else return { reason: "invalid escape in a string", at: i };
    }
  }
  return { reason: "unterminated string", at: start };
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function scanNumber(text: string, i: number): Scan {
  NUMBER.lastIndex = i;
  return NUMBER.test(text) ? { next: NUMBER.lastIndex } : { reason: "invalid number", at: i };
}

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  return i;
}

function quoteChar(text: string, i: number): string {
  return JSON.stringify(String.fromCodePoint(text.codePointAt(i) ?? 0));
}

function lineAndColumn(text: string, offset: number): { offset: number; line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset, line, column: offset - lineStart + 1 };
}
