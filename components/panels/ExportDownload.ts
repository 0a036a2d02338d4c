/**
 * Saves `content` as a file named `fileName` through a Blob URL: what the preview shows is what
 * is downloaded, including edits not yet saved. The URL is revoked once the click has started
 * the download.
 */
export function downloadBlob(content: string | Uint8Array, fileName: string, contentType: string): void {
  downloadBlobOf(new Blob([content as BlobPart], { type: contentType }), fileName);
}

/** The API address of one format of the saved board (the same bytes as the panel's download once saved). */
export function exportUrl(boardId: string, format: string, lang?: string): string {
  const query = new URLSearchParams({ format, ...(lang ? { lang } : {}) });
  return `/api/boards/${encodeURIComponent(boardId)}/export?${query.toString()}`;
}

/**
 * The SVG drawn at `scale` into a canvas, as PNG bytes: the picture for places that take no SVG.
 * The SVG is loaded as an image from a Blob URL (it holds no script and no external reference, so
 * the canvas is not tainted and can be read back).
 */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "async";
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("this browser gives no 2D canvas");
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("the picture is too large for a PNG in this browser"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves a Blob as `fileName` (see {@link downloadBlob}). */
export function downloadBlobOf(blob: Blob, fileName: string): void {
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
