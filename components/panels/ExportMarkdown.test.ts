import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/generate/formats";
import { orderFlowTemplate } from "@/lib/model/template";
import { renderMarkdown } from "./ExportMarkdown";

describe("renderMarkdown (Export panel preview)", () => {
  it("renders the generated tables", () => {
    const html = renderMarkdown(FORMATS.markdown.generate(orderFlowTemplate()));
    expect(html).toContain("<th>Event</th>");
    expect(html).toContain("<td>OrderPlaced</td>");
    expect(html).toContain("<h3>Saga Steps</h3>");
  });

  it("never renders raw HTML, images or script links, whatever the source", () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n![x](javascript:alert(1))\n\n[a](javascript:alert(1)) [b](https://example.com) <b onclick="x">bold</b>',
    );
    expect(html).not.toMatch(/<script|<img|<b |javascript:/iu);
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">b</a>');
    expect(html).toContain("&#60;script&#62;");
  });
});
