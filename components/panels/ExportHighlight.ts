/*
 * A small syntax highlighter for the Export panel's code previews: it splits the generated text
 * into tokens of a few kinds, which the panel renders as React spans (text, never HTML). It only
 * needs to read what the generators write (TypeScript, YAML, JSON, Mermaid), not any source.
 */

export type TokenKind = "plain" | "comment" | "string" | "number" | "keyword" | "key" | "type" | "punct";
export type HighlightLanguage = "typescript" | "yaml" | "json" | "mermaid";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

interface Rule {
  readonly kind: TokenKind;
  readonly pattern: RegExp;
}

const TS_KEYWORDS =
  "export|import|interface|type|const|let|function|return|extends|readonly|as|keyof|typeof|in|is|never|unknown|string|number|boolean|null|undefined|true|false";

/** Rules per language, tried in order at each position; all sticky (`y`). */
const RULES: Readonly<Record<HighlightLanguage, readonly Rule[]>> = {
  typescript: [
    { kind: "comment", pattern: /\/\*[\s\S]*?\*\/|\/\/[^\n]*/y },
    { kind: "string", pattern: /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/y },
    { kind: "number", pattern: /\b\d+(?:\.\d+)?\b/y },
    { kind: "keyword", pattern: new RegExp(`\\b(?:${TS_KEYWORDS})\\b`, "y") },
    { kind: "type", pattern: /[\p{Lu}_$][\p{L}\p{N}_$]*/uy },
    { kind: "plain", pattern: /[\p{L}_$][\p{L}\p{N}_$]*/uy },
    { kind: "punct", pattern: /[{}()[\]<>;:,.|=?&]/y },
  ],
  yaml: [
    { kind: "comment", pattern: /#[^\n]*/y },
    { kind: "key", pattern: /(?<=^[ \t]*(?:- )?)(?:"(?:[^"\\\n]|\\.)*"|[^\s:#"'-][^:\n]*?|-[^\s:][^:\n]*?)(?=:(?:\s|$))/my },
    { kind: "string", pattern: /"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'/y },
    { kind: "number", pattern: /(?<=: )-?\d+(?:\.\d+)?(?=\s*$)/my },
    { kind: "keyword", pattern: /(?<=: )(?:true|false|null)(?=\s*$)/my },
    { kind: "punct", pattern: /(?<=^[ \t]*)- |:(?=\s|$)|[|>][-+]?(?=\s*$)/my },
  ],
  json: [
    { kind: "key", pattern: /"(?:[^"\\\n]|\\.)*"(?=\s*:)/y },
    { kind: "string", pattern: /"(?:[^"\\\n]|\\.)*"/y },
    { kind: "number", pattern: /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/y },
    { kind: "keyword", pattern: /\b(?:true|false|null)\b/y },
    { kind: "punct", pattern: /[{}[\],:]/y },
  ],
  mermaid: [
    { kind: "comment", pattern: /%%[^\n]*/y },
    { kind: "string", pattern: /"[^"\n]*"/y },
    { kind: "keyword", pattern: /\b(?:flowchart|graph|classDef|class|subgraph|end|LR|TB|TD|RL|BT)\b/y },
    { kind: "punct", pattern: /-->|:::|\|/y },
  ],
};

/** Where the next token of any kind may start: everything else between is plain text. */
const START: Readonly<Record<HighlightLanguage, RegExp>> = {
  typescript: /[/"'`\d\p{L}_${}()[\]<>;:,.|=?&]/u,
  yaml: /[#"'\-:|>\d\S]/u,
  json: /["\-\d{}[\],:tfn]/u,
  mermaid: /[%"\-:|a-zA-Z]/u,
};

/**
 * The tokens of `text` in `language`. Concatenating their texts gives back `text` exactly.
 * Linear in the length of the text: each position is either a token start or plain text.
 */
export function tokenize(text: string, language: HighlightLanguage): Token[] {
  const rules = RULES[language];
  const start = START[language];
  const tokens: Token[] = [];
  let plain = "";
  const flush = () => {
    if (plain) tokens.push({ kind: "plain", text: plain });
    plain = "";
  };
  let at = 0;
  while (at < text.length) {
    const char = text[at] ?? "";
    let matched: Token | null = null;
    if (start.test(char)) {
      for (const rule of rules) {
        rule.pattern.lastIndex = at;
        const match = rule.pattern.exec(text);
        if (match && match[0].length > 0) {
          matched = { kind: rule.kind, text: match[0] };
          break;
        }
      }
    }
    if (matched) {
      flush();
      tokens.push(matched);
      at += matched.text.length;
    } else {
      plain += char;
      at += 1;
    }
  }
  flush();
  return tokens;
}
