import { describe, expect, it } from "vitest";
import { FORMATS } from "@/lib/generate/formats";
import { orderFlowTemplate } from "@/lib/model/template";
import { frame, sticky, testBoard } from "@/lib/model/testing/testBoards";
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

  it("shows URLs and addresses in user text as text in the design doc, never as links", () => {
    const text = "<https://evil.example> www.evil.example x@evil.example";
    const board = testBoard([sticky("event", "evt-1", "OrderPlaced", { description: text })], [], {
      frames: [frame("frm-1", "Sales", -50, -50, 400, 300, { description: text })],
    });
    const html = renderMarkdown(FORMATS.design.generate(board));
    // Once as the frame's description, once in the event's catalog row.
    expect(html.split("&lt;https://evil.example&gt; www.evil.example x@evil.example")).toHaveLength(3);
    expect(html).not.toContain("<a ");
  });
});
