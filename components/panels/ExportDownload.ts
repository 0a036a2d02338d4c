/**
 * Saves `content` as a file named `fileName` through a Blob URL: what the preview shows is what
 * is downloaded, including edits not yet saved. The URL is revoked once the click has started
 * the download.
 */
export function downloadBlob(content: string | Uint8Array, fileName: string, contentType: string): void {
  const blob = new Blob([content as BlobPart], { type: contentType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a tick later is enough.
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The API address of one format of the saved board (the same bytes as the panel's download once saved). */
export function exportUrl(boardId: string, format: string, lang?: string): string {
  const query = new URLSearchParams({ format, ...(lang ? { lang } : {}) });
  return `/api/boards/${encodeURIComponent(boardId)}/export?${query.toString()}`;
}
