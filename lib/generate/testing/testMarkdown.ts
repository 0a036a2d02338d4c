/*
 * Reading Markdown tables back, for tests: a row's cells split on `|` that is not escaped, as
 * GFM does, so a test can check that user text never adds or removes a cell.
 */

/** The cells of a table row (`| a | b \| c |` -> `["a", "b \| c"]`). */
export function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/u, "").replace(/\|$/u, "");
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i];
    if (char === "\\" && i + 1 < inner.length) {
      current += char + inner[++i];
    } else if (char === "|") {
      out.push(current.trim());
      current = "";
    } else current += char;
  }
  out.push(current.trim());
  return out;
}

/** Every table in `markdown`: its header row and body rows, each as cells. */
export function tables(markdown: string): { header: string; rows: string[][] }[] {
  const lines = markdown.split("\n");
  const found: { header: string; rows: string[][] }[] = [];
  for (let i = 0; i < lines.length - 1; i++) {
    if (!/^\|(-+\|)+$/u.test(lines[i + 1] ?? "")) continue;
    const header = lines[i] ?? "";
    const rows: string[][] = [];
    let j = i + 2;
    while ((lines[j] ?? "").startsWith("|")) rows.push(cells(lines[j++] ?? ""));
    found.push({ header, rows });
    i = j - 1;
  }
  return found;
}

/** The lines under `heading` up to the next heading of the same or a higher level. */
export function section(markdown: string, heading: string): string {
  const lines = markdown.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading ${heading}`);
  const level = heading.match(/^#+/u)?.[0].length ?? 0;
  let end = start + 1;
  while (end < lines.length && !new RegExp(`^#{1,${level}} `, "u").test(lines[end] ?? "")) end++;
  return lines.slice(start + 1, end).join("\n");
}
