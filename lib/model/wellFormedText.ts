/**
 * Text that PostgreSQL and every file format can hold. A NUL character (U+0000) is refused by
 * PostgreSQL's `text` (22021) and `jsonb` (22P05); an unpaired UTF-16 surrogate cannot be written
 * as UTF-8 at all (the pg driver would silently turn it into U+FFFD, jsonb refuses its escape).
 * So both are refused where text comes in, with the place named, instead of reaching the database.
 */

// NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
// No `u` flag: it would match whole code points, and a lone surrogate is what is looked for.
const BAD_TEXT_PATTERN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What a text field must not contain, as every validator says it. */
export const TEXT_RULE = "must not contain NUL characters (U+0000) or unpaired surrogates (U+D800 to U+DFFF)";

/** True when `text` has no NUL character and no unpaired surrogate. */
export function isWellFormedText(text: string): boolean {
  return !BAD_TEXT_PATTERN.test(text);
}

/**
 * Why `text` is refused, naming the first bad character and its index (`contains U+0000 at
 * index 3`), or null when it is well formed.
 */
export function badTextReason(text: string): string | null {
  const match = BAD_TEXT_PATTERN.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  const what = code === "0000" ? "a NUL character (U+0000)" : `an unpaired surrogate (U+${code})`;
  return `${TEXT_RULE}: it contains ${what} at index ${match.index}`;
}
