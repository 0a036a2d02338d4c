/**
 * `Content-Disposition: attachment` for a download name of any script (RFC 6266): an ASCII
 * `filename` for old clients (letters, digits, `.`, `_`, `-` of the name; `board.<ext>` when
 * nothing is left, as for a Korean name) and `filename*` with the exact name in UTF-8 (RFC 8187).
 */
export function attachment(fileName: string): string {
  return `attachment; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}

function asciiFallback(fileName: string): string {
  const dot = fileName.indexOf(".");
  const stem = dot < 0 ? fileName : fileName.slice(0, dot);
  const extension = dot < 0 ? "" : fileName.slice(dot);
  const clean = (text: string) => text.replace(/[^A-Za-z0-9._-]+/gu, "-").replace(/-{2,}/gu, "-");
  const asciiStem = clean(stem).replace(/^[-.]+|[-.]+$/gu, "");
  return `${asciiStem || "board"}${clean(extension)}`;
}

/** Percent-encoding of RFC 8187's `value-chars`: everything but `attr-char` is encoded. */
function encodeRfc8187(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/gu, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
