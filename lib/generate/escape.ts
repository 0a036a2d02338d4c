/*
 * Escaping of user text for each output language. Names, descriptions, actions and topics are
 * typed by people and may hold anything: `|`, backticks, `*\/`, quotes, HTML, line breaks. Every
 * generator passes user text through one of these before it lands in its output, so a name can
 * never break a table row, end a comment early or inject markup.
 */

/** Line breaks of every kind, including the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029\u0085\v\f]/gu;

/** `text` on one line: every line break and tab becomes a space, runs of spaces one space, trimmed. */
export function oneLine(text: string): string {
  // Most names are already one clean line; skip the replacements for them.
  if (!/[\r\n\u2028\u2029\u0085\v\f\t]| {2}|^ | $/u.test(text)) return text;
  return text.replace(LINE_BREAK, " ").replace(/[ \t]+/gu, " ").trim();
}

/** `text` split into lines on any line break, each trimmed at its end. */
export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK).map((line) => line.trimEnd());
}

// ---------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------

/**
 * Markdown punctuation that can start or end inline markup, HTML or a table cell. CommonMark lets
 * any ASCII punctuation be backslash-escaped, and a backslash-escaped `<` is text, never a tag, so
 * this one rule also keeps user text from injecting HTML.
 */
const MARKDOWN_SPECIAL = /[\\`*[\]<>|~]/gu;

/** Every character {@link markdownText} may escape: {@link MARKDOWN_SPECIAL}, `_` and `&`, and {@link AUTOLINK_START}. */
const MARKDOWN_MAY_ESCAPE = /[\\`*[\]<>|~_&]|:\/\/|www\.|@/iu;

/**
 * Where GFM's extended autolinks start: `scheme://` (the `:`), `www.` (the `.`) and the `@` of
 * an e-mail address. Escaped there (CommonMark lets any ASCII punctuation be escaped, and the
 * escaped character reads as itself), user text stays text: `<https://evil.example>` in a
 * description is not a link, nor is a bare URL or address (escaping `<` alone left
 * `https://evil.example\>` a link, since `>` does not end a GFM autolink).
 */
const AUTOLINK_START = /:(?=\/\/)|(?<![\p{L}\p{N}])(www)\.|(?<=[\p{L}\p{N}._+-])@(?=[\p{L}\p{N}_-])/giu;

/**
 * User text as inline Markdown, on one line, shown literally: `|` cannot end a table cell,
 * `*`, `_`, backticks and brackets cannot start markup, `<` cannot open an HTML tag, `&`
 * cannot start an entity, and no URL or e-mail address becomes a link ({@link AUTOLINK_START}).
 * Underscores inside a word (`customer_id`) are left alone, since they never emphasise, so the
 * raw file stays readable.
 */
export function markdownText(text: string): string {
  const flat = oneLine(text);
  // Most names hold none of the characters below: nothing to escape.
  if (!MARKDOWN_MAY_ESCAPE.test(flat)) return flat;
  return flat
    .replace(MARKDOWN_SPECIAL, (char) => `\\${char}`)
    .replace(/_/gu, (char, offset: number, whole: string) =>
      isWordChar(whole[offset - 1]) && isWordChar(whole[offset + 1]) ? char : `\\${char}`,
    )
    .replace(/&(?=#?[\p{L}\p{N}]+;)/gu, "\\&")
    .replace(AUTOLINK_START, (match: string, www: string | undefined) => (www ? `${www}\\.` : `\\${match}`));
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}

/**
 * User text as the text of an ATX heading: {@link markdownText}, with `#` escaped too, since a
 * trailing run of `#` would be read as the heading's closing sequence and dropped.
 */
export function markdownHeadingText(text: string): string {
  return markdownText(text).replace(/#/gu, "\\#");
}

/**
 * A Markdown code span holding `text` literally (on one line). The backtick fence is one longer
 * than the longest run of backticks inside, and `|` is escaped, which GFM requires even inside a
 * code span in a table cell.
 */
export function markdownCode(text: string): string {
  const flat = oneLine(text);
  const fence = "`".repeat(longestRun(flat, "`") + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat.replace(/\|/gu, "\\|")}${pad}${fence}`;
}

/** One Markdown table row. Cells must already be escaped ({@link markdownText}, {@link markdownCode}). */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/**
 * A Markdown table: the header row, the delimiter row (as many dashes as each header cell is
 * wide with its spaces, as in the seed documents: `| Event |` over `|-------|`) and one row per
 * entry of `rows`.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const delimiter = `|${header.map((cell) => "-".repeat(displayWidth(cell) + 2)).join("|")}|`;
  return [markdownRow(header), delimiter, ...rows.map(markdownRow)];
}

/** East Asian wide and full-width characters (Hangul, CJK, full-width forms) and emoji. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1FAFF}\u{20000}-\u{3FFFD}]/u;

/** How many columns `text` takes in a monospaced font: wide characters count twice. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/**
 * A fenced code block of `lines`. The fence is longer than any run of backticks in the content,
 * so no line (a name made of backticks, say) can close it early.
 */
export function markdownFence(lines: readonly string[], info = ""): string[] {
  const longest = Math.max(0, ...lines.map((line) => longestRun(line, "`")));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...lines, fence];
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === char ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

// ---------------------------------------------------------------------------
// TypeScript
// ---------------------------------------------------------------------------

/**
 * A TSDoc block of `text` (any number of lines), indented by `indent`, or no lines when the text
 * is blank. `*\/` in the text is written `*\/` so that it cannot end the comment early.
 */
export function tsDoc(text: string, indent = ""): string[] {
  const lines = splitLines(text.replace(/\*\//gu, "*\\/"));
  while (lines.length > 0 && lines[0]?.trim() === "") lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]?.trim() === "") lines.pop();
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]?.trim()} */`];
  return [`${indent}/**`, ...lines.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)), `${indent} */`];
}

/**
 * A TypeScript (and JSON) string literal for `text`. JSON.stringify escapes quotes, backslashes
 * and control characters; the line and paragraph separators it leaves are valid in ES2019+
 * string literals, but are escaped too so the generated file has no invisible line breaks.
 */
export function tsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/gu, "\\u2028").replace(/\u2029/gu, "\\u2029");
}

// ---------------------------------------------------------------------------
// Mermaid
// ---------------------------------------------------------------------------

/** Mermaid entity codes for the characters that end or change a quoted label. */
const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  '"': "#quot;",
  "#": "#35;",
  "&": "#amp;",
  "<": "#lt;",
  ">": "#gt;",
  "`": "#96;",
};

/**
 * User text for inside a quoted Mermaid label (`n1["…"]`, `-->|"…"|`), on one line. Quotes,
 * `#`, `&`, angle brackets and backticks become Mermaid entity codes, so a name can neither
 * close the label nor be read as HTML or a Markdown string.
 */
export function mermaidText(text: string): string {
  return oneLine(text).replace(/["#&<>`]/gu, (char) => MERMAID_ENTITIES[char] ?? char);
}

// ---------------------------------------------------------------------------
// XML (SVG)
// ---------------------------------------------------------------------------

const XML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * User text for SVG text content or a quoted attribute value, on one line: the five XML
 * specials become entities, and characters XML 1.0 cannot hold at all (C0 controls other than
 * tab, lone surrogates, U+FFFE/U+FFFF) become U+FFFD, so the document always parses.
 */
export function xmlText(text: string): string {
  return oneLine(text)
    // With the u flag a surrogate class matches only a lone surrogate: a pair is one code point.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu, "\uFFFD")
    .replace(/[&<>"']/gu, (char) => XML_ENTITIES[char] ?? char);
}
