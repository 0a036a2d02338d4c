"use client";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { Button, CopyIcon } from "@/components/ui";
import { exportFiles, zipFileName, zipFiles, ZIP_CONTENT_TYPE } from "@/lib/generate/exportAll";
import { FORMAT_LIST, FORMATS, type FormatId } from "@/lib/generate/formats";
import { LANGS, type Lang } from "@/lib/generate/i18n";
import type { Board } from "@/lib/model/schema";
import { ExportCode } from "./ExportCode";
import { downloadBlob, downloadBlobOf, exportUrl, svgToPng } from "./ExportDownload";
import type { HighlightLanguage } from "./ExportHighlight";
import { renderMarkdown } from "./ExportMarkdown";
import { useLocale, useStrings } from "@/components/i18n/LocaleProvider";
import type { ExportStrings } from "./exportStrings";
import styles from "./ExportPanel.module.css";

/** How each format is previewed: Markdown rendered (or as source), the others as coloured code. */
const PREVIEW: Readonly<Record<FormatId, { kind: "markdown" } | { kind: "picture" } | { kind: "code"; language: HighlightLanguage }>> = {
  markdown: { kind: "markdown" },
  design: { kind: "markdown" },
  typescript: { kind: "code", language: "typescript" },
  asyncapi: { kind: "code", language: "yaml" },
  mermaid: { kind: "code", language: "mermaid" },
  jsonschema: { kind: "code", language: "json" },
  svg: { kind: "picture" },
};

const LANG_LABELS: Readonly<Record<Lang, string>> = { en: "EN", ko: "한국어" };

type DocumentFormat = "markdown" | "design";
type Status = { kind: "ok" | "error"; text: string } | null;

/**
 * The Export panel of the board page: a tab per format with a live preview of the board as it
 * is on the canvas (generated here, in the browser, by the same pure generators as the API and
 * the CLI), a language switch for the two documents, Copy, Download and Download all (a zip).
 * Downloads are made from the preview, so they include edits not yet saved; the API link gives
 * the saved board.
 */
export function ExportPanel({ boardId, board }: { boardId: string; board: Board }) {
  const S = useStrings().exports;
  const [formatId, setFormatId] = useState<FormatId>("markdown");
  // Each document starts in the UI's language as the panel opens (the generators' own defaults,
  // English Markdown and a Korean design doc, are for the API and the CLI); switching the UI's
  // language later leaves the document on screen as it is, and its own switch picks another.
  const { locale } = useLocale();
  const [langs, setLangs] = useState<Record<DocumentFormat, Lang>>(() => ({ markdown: locale, design: locale }));
  const [showSource, setShowSource] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const statusTimer = useRef<number | undefined>(undefined);

  // Typing on the canvas stays smooth: the preview catches up when React has time, and on a
  // large board (where one format can take a few hundred ms) only once the edits pause.
  const deferredBoard = useDeferredValue(useSettled(board, board.nodes.length > LARGE_BOARD_NODES ? 400 : 0));
  const format = FORMATS[formatId];
  const lang = isDocument(formatId) ? langs[formatId] : undefined;
  const output = useMemo(() => generate(formatId, deferredBoard, lang, S), [formatId, deferredBoard, lang, S]);
  const fileName = format.fileName(deferredBoard, lang);
  const preview = PREVIEW[formatId];

  useEffect(() => () => window.clearTimeout(statusTimer.current), []);
  const flash = (next: Status) => {
    setStatus(next);
    window.clearTimeout(statusTimer.current);
    statusTimer.current = window.setTimeout(() => setStatus(null), 2500);
  };

  const copy = async () => {
    if (!("text" in output)) return;
    try {
      await navigator.clipboard.writeText(output.text);
      flash({ kind: "ok", text: S.copied(fileName) });
    } catch {
      flash({ kind: "error", text: S.clipboardRefused });
    }
  };

  const download = () => {
    if ("text" in output) downloadBlob(output.text, fileName, format.contentType);
  };

  const downloadPng = async () => {
    if (!("text" in output)) return;
    try {
      downloadBlobOf(await svgToPng(output.text, 2), fileName.replace(/\.svg$/u, ".png"));
    } catch (error) {
      flash({ kind: "error", text: S.pngFailed(error instanceof Error ? error.message : String(error)) });
    }
  };

  const downloadAll = () => {
    try {
      const files = exportFiles(deferredBoard, { langs });
      downloadBlob(zipFiles(files), zipFileName(deferredBoard), ZIP_CONTENT_TYPE);
    } catch (error) {
      flash({ kind: "error", text: S.zipFailed(error instanceof Error ? error.message : String(error)) });
    }
  };

  return (
    <div className={styles.panel} data-testid="export-panel">
      <div className={styles.toolbar}>
        <div className={styles.tabs} role="tablist" aria-label={S.formats}>
          {FORMAT_LIST.map((entry) => (
            <button
              key={entry.id}
              type="button"
              role="tab"
              id={`export-tab-${entry.id}`}
              aria-selected={entry.id === formatId}
              aria-controls="export-preview"
              title={S.formatSummaries[entry.id]}
              data-format={entry.id}
              className={entry.id === formatId ? styles.tabActive : styles.tab}
              onClick={() => setFormatId(entry.id)}
            >
              {S.formatLabels[entry.id]}
            </button>
          ))}
        </div>

        <div className={styles.actions}>
          {isDocument(formatId) && (
            <>
              <div className={styles.segmented} role="radiogroup" aria-label={S.documentLanguage}>
                {LANGS.map((option) => (
                  <button
                    key={option}
                    type="button"
                    role="radio"
                    aria-checked={langs[formatId] === option}
                    data-lang={option}
                    className={langs[formatId] === option ? styles.segmentActive : styles.segment}
                    onClick={() => setLangs((current) => ({ ...current, [formatId]: option }))}
                  >
                    {LANG_LABELS[option]}
                  </button>
                ))}
              </div>
              <div className={styles.segmented} role="radiogroup" aria-label={S.markdownView}>
                {[false, true].map((source) => (
                  <button
                    key={String(source)}
                    type="button"
                    role="radio"
                    aria-checked={showSource === source}
                    className={showSource === source ? styles.segmentActive : styles.segment}
                    onClick={() => setShowSource(source)}
                  >
                    {source ? S.source : S.preview}
                  </button>
                ))}
              </div>
            </>
          )}
          <Button size="sm" variant="ghost" icon={<CopyIcon />} onClick={copy} disabled={!("text" in output)}>
            {S.copy}
          </Button>
          <Button size="sm" onClick={download} disabled={!("text" in output)} title={S.downloadTitle(fileName)}>
            {S.download}
          </Button>
          {formatId === "svg" && (
            <Button size="sm" onClick={() => void downloadPng()} disabled={!("text" in output)} title={S.downloadPngTitle} data-testid="export-png">
              {S.downloadPng}
            </Button>
          )}
          <Button size="sm" onClick={downloadAll} title={S.downloadAllTitle(zipFileName(deferredBoard))}>
            {S.downloadAll}
          </Button>
        </div>
      </div>

      <div className={styles.meta}>
        <span className={styles.fileName} data-testid="export-file-name">
          {fileName}
        </span>
        {"text" in output && <span>{formatSize(output.text)}</span>}
        <a className={styles.apiLink} href={exportUrl(boardId, formatId, lang)} title={S.apiTitle}>
          API
        </a>
        {status && (
          <span role="status" className={status.kind === "ok" ? styles.statusOk : styles.statusError}>
            {status.text}
          </span>
        )}
      </div>

      <div id="export-preview" className={styles.preview} role="tabpanel" aria-labelledby={`export-tab-${formatId}`}>
        {"error" in output ? (
          <p className={styles.error}>{output.error}</p>
        ) : preview.kind === "markdown" && !showSource ? (
          <MarkdownPreview source={output.text} lang={lang} />
        ) : preview.kind === "picture" ? (
          <PicturePreview svgText={output.text} />
        ) : (
          <ExportCode text={output.text} language={preview.kind === "code" ? preview.language : "typescript"} />
        )}
      </div>
    </div>
  );
}

/** Boards above this many stickies regenerate their preview after edits pause. */
const LARGE_BOARD_NODES = 300;

/** `value`, or with `delayMs` > 0, its latest value once it has not changed for that long. */
function useSettled<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (delayMs === 0) return;
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return delayMs === 0 ? value : settled;
}

/** The document in its own language (`lang`), which may differ from the UI's: screen readers and fonts follow it. */
function MarkdownPreview({ source, lang }: { source: string; lang: Lang | undefined }) {
  // renderMarkdown escapes every HTML token and allows only http(s)/mailto links (ExportMarkdown.ts).
  const html = useMemo(() => renderMarkdown(source), [source]);
  return <div className={styles.markdown} lang={lang} data-testid="export-markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The SVG as an image (from a Blob URL: it is never put into the page's DOM, so nothing in it can run). */
function PicturePreview({ svgText }: { svgText: string }) {
  const S = useStrings().exports;
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const next = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [svgText]);
  return url ? <img className={styles.picture} src={url} alt={S.pictureAlt} data-testid="export-picture" /> : null;
}

function isDocument(format: FormatId): format is DocumentFormat {
  return format === "markdown" || format === "design";
}

/** The output, or why there is none (a generator bug must not take the board page down). */
function generate(format: FormatId, board: Board, lang: Lang | undefined, S: ExportStrings): { text: string } | { error: string } {
  try {
    return { text: FORMATS[format].generate(board, { lang }) };
  } catch (error) {
    return { error: S.generateFailed(S.formatLabels[format], error instanceof Error ? error.message : String(error)) };
  }
}

function formatSize(text: string): string {
  const bytes = new TextEncoder().encode(text).length;
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
