import type { EventTypeStyle } from "./schema";

/*
 * Names are typed by people, in any script. Generators need event types, identifiers and file
 * names from them that are valid, stable (the same on every run and machine) and do not collide.
 *
 * Words. A name is read as a list of words (`words`):
 *   - the name is first normalised to Unicode NFC, so composed and decomposed Hangul agree;
 *   - letters and digits of any script form words, and combining marks stay with their letter;
 *   - spaces, punctuation (`-`, `_`, `.`, `*`, `/`, `|`, `·` ...), ASCII symbols and control
 *     characters (newlines, tabs) separate words and are dropped;
 *   - camel and Pascal case split: `HTTPRequestFailed` -> HTTP Request Failed, `Version2Released`
 *     -> Version2 Released (a digit stays with the letters before it), and a change between a
 *     cased script and an uncased one splits too (`주문Placed` -> 주문 Placed);
 *   - any other character (emoji, other symbols, private-use characters, a stray combining
 *     mark) becomes a word of its own, `u` followed by its code point in lowercase hex:
 *     `🚀` -> `u1f680`. Variation selectors and zero-width joiners, which only change how the
 *     neighbouring character is drawn, are dropped, so `❤` and `❤️` are the same word;
 *   - a name with no word at all (`!!!`) escapes each of its non-space characters instead, so
 *     `!!!` and `???` still differ.
 * Korean, Japanese, Cyrillic ... letters are valid in event types and in TypeScript identifiers,
 * so they are kept as they are (lower-cased where the script has case).
 *
 * Names that differ only in case, spacing or punctuation (`OrderPlaced`, `order placed`) give the
 * same words; validation reports two different events whose event types collide.
 */

/** Characters drawn as part of their neighbour: variation selectors, ZWNJ, ZWJ. */
const INVISIBLE = /[\u200C\u200D\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
/** Characters that separate words. */
const SEPARATOR = /[\s\p{P}\p{Z}\p{Cc}\p{Cf}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const MARK = /\p{M}/u;

/**
 * The identity of a sticky's name: stickies of one kind whose keys are equal are the same thing.
 * Trimmed, case-insensitive, Unicode-normalised, with runs of spaces counted as one.
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/gu, " ").toLowerCase();
}

/** Names of ASCII characters only: most names, and {@link words} has a fast path for them. */
const ASCII = /^[\x00-\x7F]*$/;

/** The words of a name, by the rules above: `words("OrderPlaced")` is `["Order", "Placed"]`. */
export function words(name: string): string[] {
  if (ASCII.test(name)) {
    const found = asciiWords(name);
    if (found.length > 0) return found;
  }
  const text = name.normalize("NFC").replace(INVISIBLE, "");
  const found = rawWords(text).flatMap(splitCase);
  return found.length > 0 ? found : escapeAll(text);
}

/**
 * {@link words} of an ASCII name, without Unicode property classes: the same rules, where a
 * letter or digit is `[A-Za-z0-9]`, every other ASCII character separates words (NFC and the
 * invisible characters change nothing), and only the first two case boundaries can occur.
 */
function asciiWords(name: string): string[] {
  const out: string[] = [];
  for (const raw of name.split(ASCII_SEPARATORS)) {
    if (raw === "") continue;
    if (!ASCII_UPPER_AFTER_ANY.test(raw)) {
      out.push(raw);
      continue;
    }
    let spaced = raw;
    for (const boundary of ASCII_CASE_BOUNDARIES) spaced = spaced.replace(boundary, "$1 $2").replace(boundary, "$1 $2");
    for (const word of spaced.split(" ")) out.push(word);
  }
  return out;
}

const ASCII_SEPARATORS = /[^A-Za-z0-9]+/;
/** A word can split only where an upper-case letter follows another character. */
const ASCII_UPPER_AFTER_ANY = /.[A-Z]/;
/** {@link CASE_BOUNDARIES} restricted to ASCII, where they can match. */
const ASCII_CASE_BOUNDARIES = [/([a-z0-9])([A-Z])/g, /([A-Z])([A-Z][a-z])/g];

/** The fallback for a name made only of separators: each non-space character, escaped. */
function escapeAll(text: string): string[] {
  return [...text].filter((char) => !/\s/u.test(char)).map(escapeChar);
}

/** Splits on separators and escapes symbols, before case splitting. */
function rawWords(text: string): string[] {
  const out: string[] = [];
  let current = "";
  const flush = () => {
    if (current) out.push(current);
    current = "";
  };
  for (const char of text) {
    if (WORD_CHAR.test(char) || (MARK.test(char) && current !== "")) current += char;
    else if (SEPARATOR.test(char)) flush();
    else {
      flush();
      out.push(escapeChar(char));
    }
  }
  flush();
  return out;
}

const CASE_BOUNDARIES = [
  /([\p{Ll}\p{N}][\p{M}]*)(\p{Lu})/gu, // orderPlaced, version2Released
  /(\p{Lu})(\p{Lu}\p{Ll})/gu, // HTTPRequest
  /([\p{Lu}\p{Ll}][\p{M}]*)(\p{Lo})/gu, // Order주문
  /(\p{Lo}[\p{M}]*)([\p{Lu}\p{Ll}])/gu, // 주문Placed
];

function splitCase(word: string): string[] {
  let spaced = word;
  for (const boundary of CASE_BOUNDARIES) {
    // Run twice: a boundary match consumes the character that could start the next one.
    spaced = spaced.replace(boundary, "$1 $2").replace(boundary, "$1 $2");
  }
  return spaced.split(" ");
}

/** `🚀` -> `u1f680`. */
function escapeChar(char: string): string {
  return `u${(char.codePointAt(0) ?? 0).toString(16)}`;
}

/** `Order` -> `Order`, `ORDER` -> `Order`, `주문` -> `주문`. */
function capitalize(word: string): string {
  const first = word.length > 0 ? String.fromCodePoint(word.codePointAt(0) ?? 0) : "";
  return first.toUpperCase() + word.slice(first.length).toLowerCase();
}

/** `OrderPlaced` -> `order-placed`: file names and default topics (`order` -> `order-events`). */
export function kebabCase(name: string): string {
  return words(name).map((word) => word.toLowerCase()).join("-");
}

/** `order placed` -> `OrderPlaced`, `HTTPRequestFailed` -> `HttpRequestFailed`. */
export function pascalCase(name: string): string {
  return words(name).map(capitalize).join("");
}

/** `Order placed` -> `orderPlaced`, `HTTPRequestFailed` -> `httpRequestFailed`. */
export function camelCase(name: string): string {
  const [first = "", ...rest] = words(name);
  return first.toLowerCase() + rest.map(capitalize).join("");
}

/**
 * The event type of an event named `name`:
 * - `dotted`: `OrderPlaced` -> `order.placed`, `HTTPRequestFailed` -> `http.request.failed`;
 * - `screaming`: `OrderPlaced` -> `ORDER_PLACED`;
 * - `pascal`: `order placed` -> `OrderPlaced`.
 * `주문생성됨` stays `주문생성됨` in every style; `🚀 Launched` is `u1f680.launched`. See the rules
 * at the top of this file.
 */
export function eventTypeOf(name: string, style: EventTypeStyle): string {
  const parts = words(name);
  switch (style) {
    case "dotted":
      return parts.map((word) => word.toLowerCase()).join(".");
    case "screaming":
      return parts.map((word) => word.toUpperCase()).join("_");
    case "pascal":
      return parts.map(capitalize).join("");
  }
}

// ---------------------------------------------------------------------------
// TypeScript identifiers
// ---------------------------------------------------------------------------

/**
 * Words that cannot name a variable or a type in a TypeScript module: ECMAScript reserved words,
 * the strict-mode ones (modules are strict), `await`, the bindings strict mode forbids, and the
 * predefined type names TypeScript refuses as type alias or interface names.
 */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  // ECMAScript reserved words and literals
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
  "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
  "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with",
  // reserved in strict mode code, and in modules
  "implements", "interface", "let", "package", "private", "protected", "public", "static",
  "yield", "await",
  // cannot be bound in strict mode
  "arguments", "eval",
  // TypeScript's predefined types
  "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined",
  "unknown",
]);

const ID_START = /[\p{ID_Start}$_]/u;
const ID_CONTINUE = /[\p{ID_Continue}$_]/u;

/**
 * A valid TypeScript identifier for `name`, keeping it recognisable:
 * - characters valid in an identifier (letters and digits of any script, `_`, `$`) are kept, so
 *   `주문생성됨` and `OrderPlaced` are unchanged (case is not changed: apply `pascalCase` or
 *   `camelCase` first for a type or a variable name);
 * - spaces, punctuation and ASCII symbols (`*`, `/`, `|`, newlines ...) become one `_` between
 *   the parts they separate (`Order placed` -> `Order_placed`, `a | b` -> `a_b`);
 * - other characters (emoji, symbols) become `u<hex code point>` as a part of their own
 *   (`Rocket🚀` -> `Rocket_u1f680`); variation selectors and zero-width joiners are dropped;
 * - a leading character that cannot start an identifier (a digit) gets a `_` prefix (`2fa` -> `_2fa`);
 * - a reserved word ({@link RESERVED_WORDS}) gets a `_` suffix (`class` -> `class_`);
 * - a name of punctuation only escapes each character (`!!` -> `u21_u21`), and an empty or
 *   blank name gives `_`.
 * Different names can still meet (`a b`, `a_b`): use {@link uniqueIdentifiers} for a set of them.
 */
export function toTsIdentifier(name: string): string {
  const parts: string[] = [];
  let current = "";
  const flush = () => {
    if (current) parts.push(current);
    current = "";
  };
  const text = name.normalize("NFC").replace(INVISIBLE, "");
  for (const char of text) {
    if (ID_CONTINUE.test(char)) current += char;
    else if (SEPARATOR.test(char)) flush();
    else {
      flush();
      parts.push(escapeChar(char));
    }
  }
  flush();
  let id = (parts.length > 0 ? parts : escapeAll(text)).join("_");
  if (id === "") return "_";
  if (!ID_START.test(String.fromCodePoint(id.codePointAt(0) ?? 0))) id = `_${id}`;
  if (RESERVED_WORDS.has(id)) id = `${id}_`;
  return id;
}

/** Whether `text` is a valid TypeScript identifier that is not a reserved word. */
export function isTsIdentifier(text: string): boolean {
  return /^[\p{ID_Start}$_][\p{ID_Continue}$_\u200C\u200D]*$/u.test(text) && !RESERVED_WORDS.has(text);
}

/**
 * Collision-free identifiers for a list of names, in order: each distinct name gets
 * `toIdentifier(name)`, or, if an earlier name already took it, the first free of `<id>_2`,
 * `<id>_3`, ... Deterministic: the same names in the same order give the same map.
 *
 * @param toIdentifier e.g. `(name) => toTsIdentifier(pascalCase(name))` for type names.
 */
export function uniqueIdentifiers(
  names: Iterable<string>,
  toIdentifier: (name: string) => string = toTsIdentifier,
): Map<string, string> {
  const byName = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (byName.has(name)) continue;
    const base = toIdentifier(name);
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
    taken.add(id);
    byName.set(name, id);
  }
  return byName;
}
