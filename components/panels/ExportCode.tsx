"use client";
import { memo, useMemo } from "react";
import { tokenize, type HighlightLanguage } from "./ExportHighlight";
import styles from "./ExportPanel.module.css";

/** Above this size the preview is shown without colours: tens of thousands of spans make the page sluggish. */
const HIGHLIGHT_LIMIT = 200_000;

/** Generated code in a `<pre>`, coloured by a small tokenizer; tokens are text nodes, never HTML. */
export const ExportCode = memo(function ExportCode({ text, language }: { text: string; language: HighlightLanguage }) {
  const tokens = useMemo(() => (text.length <= HIGHLIGHT_LIMIT ? tokenize(text, language) : null), [text, language]);
  return (
    <pre className={styles.code} data-testid="export-code" data-language={language}>
      <code>
        {tokens
          ? tokens.map((token, index) =>
              token.kind === "plain" ? (
                token.text
              ) : (
                <span key={index} className={styles[`tok_${token.kind}`]}>
                  {token.text}
                </span>
              ),
            )
          : text}
      </code>
    </pre>
  );
});
