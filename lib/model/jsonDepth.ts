/**
 * The deepest nesting of arrays and objects that incoming JSON may have. A board nests a few
 * levels (nodes → payload → fields → items …); 64 is far beyond any and far below what makes
 * `JSON.parse` spend seconds (2.5 million `[`: 7.5 s with the server frozen) or a recursive
 * reader overflow its stack (30,000 `[` in a fault list: a 500).
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset where `text` first nests deeper than `max`, or -1: one pass over the characters,
 * outside strings, before `JSON.parse` sees the text. It does not check the syntax (the parser
 * still does): an unbalanced text only stops being counted where it goes wrong.
 */
export function jsonTooDeepAt(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}
