/**
 * A YAML printer for JSON data (objects, arrays, strings, finite numbers, booleans, null), in
 * the style a person writes: block mappings and sequences indented by two, plain scalars where
 * plain is safe, double quotes elsewhere, and `|-` blocks for text of several lines. It is the
 * AsyncAPI document's printer: js-yaml's `dump` weighs every scalar against every style and was
 * most of the time of that format on big boards.
 *
 * Safe means read back the same by YAML 1.1 loaders (js-yaml, which AsyncAPI's parser uses) and
 * YAML 1.2 ones (`yaml`): a plain scalar is words of letters, digits and `_ . / $ - , ( ) '`,
 * starting with a letter, `_` or `$`, that no loader takes for a boolean or null, or a version
 * number with two dots or more (`3.0.0`); every other
 * string is double-quoted with JSON's escapes (a subset of YAML's), line and paragraph separators
 * and other invisible characters escaped too. A value JSON cannot hold (undefined, a function,
 * NaN) is left out of a mapping and null in a list, as JSON.stringify does.
 */
export function printYaml(document: unknown): string {
  const printer = new Printer();
  if (isObject(document) && !isEmpty(document)) printer.mapping(document, "");
  else if (Array.isArray(document) && document.length > 0) printer.sequence(document, "");
  else printer.text += `${inlineValue(document)}\n`;
  return printer.text;
}

const PLAIN = /^[A-Za-z_$][\w.\/$(),'-]*(?: [\w.\/$(),'-]+)*$/u;
// Version numbers with two dots or more (`3.0.0`): no loader reads them as a number.
const VERSION = /^\d+(?:\.\d+){2,}$/u;
// Words YAML 1.1 reads as booleans or null (YAML 1.2 as a subset of them).
const SPECIAL = /^(?:y|yes|n|no|true|false|on|off|null)$/iu;
// Characters that JSON.stringify leaves as they are but a YAML loader would not (not printable in YAML, or line breaks in 1.1).
const UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff]/gu;
// A literal block holds ordinary text: no tabs, carriage returns or invisible characters.
const LITERAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/u;

/** Appends to one string: V8 joins appended strings lazily, with no array of lines to build and join. */
class Printer {
  text = "";

  mapping(object: Record<string, unknown>, indent: string, firstPrefix?: string): void {
    let first = true;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const value = object[key];
      if (!representable(value)) continue;
      // A mapping that is a list item starts on the dash: `- key: value`.
      const prefix = first && firstPrefix !== undefined ? firstPrefix : indent;
      first = false;
      this.value(`${prefix}${scalarText(key)}:`, value, indent);
    }
  }

  sequence(items: readonly unknown[], indent: string): void {
    for (const item of items) {
      const value = representable(item) ? item : null;
      if (isObject(value) && !isEmpty(value)) this.mapping(value, `${indent}  `, `${indent}- `);
      else this.value(`${indent}-`, value, indent);
    }
  }

  /** `head` (a key and its colon, or a dash) followed by the value, inline or nested below. */
  private value(head: string, value: unknown, indent: string): void {
    const inner = `${indent}  `;
    if (isObject(value) && !isEmpty(value)) {
      this.text += `${head}\n`;
      this.mapping(value, inner);
    } else if (Array.isArray(value) && value.length > 0) {
      this.text += `${head}\n`;
      this.sequence(value, inner);
    } else if (typeof value === "string" && value.includes("\n") && isLiteralText(value)) {
      this.text += `${head} |-\n`;
      for (const line of value.split("\n")) this.text += line === "" ? "\n" : `${inner}${line}\n`;
    } else {
      this.text += `${head} ${inlineValue(value)}\n`;
    }
  }
}

function inlineValue(value: unknown): string {
  if (typeof value === "string") return scalarText(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return "[]";
  if (isObject(value)) return "{}";
  return "null";
}

/** A string as a plain scalar when that is safe, else double-quoted (keys and names repeat: remembered). */
const scalars = new Map<string, string>();
function scalarText(text: string): string {
  let out = scalars.get(text);
  if (out === undefined) {
    out = (PLAIN.test(text) && !SPECIAL.test(text)) || VERSION.test(text) ? text : quoted(text);
    if (scalars.size > 50_000) scalars.clear();
    scalars.set(text, out);
  }
  return out;
}

/** JSON's double-quoted string (it escapes controls and lone surrogates), with what YAML reads otherwise escaped too. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Text of several lines that reads back the same from a `|-` block. */
function isLiteralText(text: string): boolean {
  if (text.endsWith("\n") || LITERAL_UNSAFE.test(text)) return false;
  // The first line sets the block's indentation: it must not start with a space, nor be empty.
  if (text.startsWith(" ") || text.startsWith("\n")) return false;
  // Lines of spaces only would read back as empty lines.
  return text.split("\n").every((line) => line === "" || line.trim() !== "");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(object: Record<string, unknown>): boolean {
  for (const key in object) if (Object.hasOwn(object, key) && representable(object[key])) return false;
  return true;
}

function representable(value: unknown): boolean {
  return value !== undefined && typeof value !== "function" && typeof value !== "symbol" && !(typeof value === "number" && !Number.isFinite(value));
}
