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

/**
 * Characters that show nothing: white space of every kind (U+3000, no-break space …), invisible
 * format characters (zero-width space and joiners, bidi controls, the BOM, the soft hyphen …),
 * the Hangul fillers and the braille blank. A name made only of these looks empty.
 */
const SHOWS_NOTHING = /^[\p{White_Space}\p{Cf}\u034F\u115F\u1160\u180E\u2800\u3164\uFFA0]*$/u;

/** The rule a blank-looking name breaks: the schema's own words for a name of spaces. */
export const BLANK_RULE = "must not be blank";

/** True when `text` shows nothing: empty, or only spaces and invisible characters. */
export function looksBlank(text: string): boolean {
  return SHOWS_NOTHING.test(text);
}

/**
 * C0 control characters (U+0000-U+001F); where text may span lines, tab, line feed and carriage
 * return are allowed. A one-line text also refuses the other line breaks (NEL, LINE and PARAGRAPH
 * SEPARATOR): a name holding one breaks a generated table row or a code comment all the same.
 */
const CONTROL_ONE_LINE = /[\u0000-\u001F\u0085\u2028\u2029]/u;
const OTHER_LINE_BREAKS = /[\u0085\u2028\u2029]/u;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/u;

/**
 * Why `text` is refused for holding a control character (BEL, ESC, backspace …: they show
 * nothing, or garble a terminal the CLI prints to), naming the first and its index; null when
 * it holds none. `multiLine`: tab and line breaks are allowed (descriptions, notes).
 */
export function controlCharacterReason(text: string, multiLine: boolean): string | null {
  const match = (multiLine ? CONTROL_MULTI_LINE : CONTROL_ONE_LINE).exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  if (OTHER_LINE_BREAKS.test(match[0])) return `must be one line: it contains the line break U+${code} at index ${match.index}`;
  return `must not contain control characters${multiLine ? " other than tab and line breaks" : ""}: it contains U+${code} at index ${match.index}`;
}

/** The input rule of a name (`blankAllowed`: an optional text such as an edge label), or null when `text` keeps it. */
export function nameInputReason(text: string, blankAllowed = false): string | null {
  if (!blankAllowed && looksBlank(text)) return BLANK_RULE;
  return controlCharacterReason(text, false);
}

/** The input rule of a multi-line text (`required`: a note's text must not look blank either), or null. */
export function multiLineInputReason(text: string, required = false): string | null {
  if (required && looksBlank(text)) return BLANK_RULE;
  return controlCharacterReason(text, true);
}
