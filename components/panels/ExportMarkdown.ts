import { Marked, type Tokens } from "marked";

/*
 * Markdown to HTML for the Export panel's preview. The generators already escape user text, but
 * the preview must be safe on its own: marked passes raw HTML through and does not sanitise, so
 * this instance renders every HTML token as text, renders images as their alt text, and links
 * only http(s) and mailto URLs (anything else, `javascript:` included, becomes plain text).
 */

const SAFE_URL = /^(https?:|mailto:)/iu;

/** `<`, `>`, `&`, `"` and `'` as entities. */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/gu, (char) => `&#${char.charCodeAt(0)};`);
}

const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(text);
    },
    image({ text }: Tokens.Image): string {
      return escapeHtml(text);
    },
    link({ href, tokens }: Tokens.Link): string {
      const text = this.parser.parseInline(tokens);
      if (!SAFE_URL.test(href.trim())) return text;
      return `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${text}</a>`;
    },
  },
});

/** Safe HTML for a Markdown document (GFM tables and fences included). */
export function renderMarkdown(source: string): string {
  return markdown.parse(source) as string;
}
