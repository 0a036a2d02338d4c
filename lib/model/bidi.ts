/*
 * User text shown inside the app's own text (a problem's sentence, a list row, a label) must not
 * reorder it. A name holding U+202E (right-to-left override) reversed the rest of
 * `Event "…" has no producer: …`, and cutting a long name with "…" also cut off the U+202C
 * that would have ended the override. Wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
 * ISOLATE (U+2068 … U+2069), the name is laid out on its own: its overrides and embeddings end
 * at the PDI (Unicode Bidirectional Algorithm, UAX #9), cut or not, and its own right-to-left
 * text still reads right. In HTML, `<bdi>` or `unicode-bidi: isolate` does the same.
 */

/** FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE. */
export const FSI = "\u2068";
export const PDI = "\u2069";

/** Right-to-left scripts' characters (Hebrew to NKo, their presentation forms, the historic ones) and every bidi control. */
const BIDI_SENSITIVE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * `text` isolated for plain text (a message, a `title` or `aria-label` attribute): wrapped in
 * FSI … PDI when it holds right-to-left characters or bidi controls, else as it is (so the
 * messages of ordinary names are unchanged, byte for byte). A PDI of the text's own that has no
 * isolate to close is dropped: it would close the wrapper early and let the rest out.
 */
export function isolateBidi(text: string): string {
  if (!BIDI_SENSITIVE.test(text)) return text;
  let depth = 0;
  let inner = "";
  for (const char of text) {
    if (char === "\u2066" || char === "\u2067" || char === "\u2068") depth++;
    else if (char === PDI) {
      if (depth === 0) continue;
      depth--;
    }
    inner += char;
  }
  return `${FSI}${inner}${PDI}`;
}
