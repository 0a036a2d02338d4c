import { expect } from "@playwright/test";
import { svg } from "@/lib/generate/svg";
import { awkwardBoard, koreanBoard } from "@/lib/generate/testing/testBoards";
import { createOrderSagaTemplate } from "@/lib/model/template";
import { BOARD_FORMAT, CURRENT_SCHEMA_VERSION, type Board, type BoardNode } from "@/lib/model/schema";
import { orderFlowTemplate, test } from "./fixtures";

/*
 * The SVG export lays text out without a font at hand (lib/generate/svg.ts estimates widths):
 * drawn by Chromium, in the fonts a user's browser has, no line may run out of its sticky or note.
 */

/** Names as wide as Latin text gets: capitals, W and M, SCREAMING_CASE, and narrow ones for contrast. */
function wideNamesBoard(): Board {
  const names = ["W".repeat(37), "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", "ORDER_PAYMENT_AUTHORIZATION_WAS_DECLINED_BY_GATEWAY", "WhenWeWantWideWordsWeWriteThemWithW", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii lllllllll", "Mixed 주문이 접수되었습니다 ORDER 😀 received"];
  const nodes: BoardNode[] = names.flatMap((name, i): BoardNode[] => [
    { id: `e${i}`, kind: "event", name, position: { x: 0, y: i * 200 }, payload: [{ name: "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", type: "string" }] },
    { id: `c${i}`, kind: "command", name, position: { x: 300, y: i * 200 }, payload: [] },
  ]);
  return {
    format: BOARD_FORMAT,
    schemaVersion: CURRENT_SCHEMA_VERSION,
    name: "Wide names",
    nodes,
    edges: [],
    notes: [{ id: "n1", text: `${"W".repeat(500)}\nnarrow ${"i".repeat(300)}`, position: { x: 700, y: 0 } }],
  };
}

const BOARDS: [string, () => Board][] = [
  ["wide Latin names", wideNamesBoard],
  ["the Order template", orderFlowTemplate],
  ["the Create Order saga template", createOrderSagaTemplate],
  ["a Korean-named board", koreanBoard],
  ["a board of awkward names", awkwardBoard],
];

for (const [label, make] of BOARDS) {
  test(`every line of the SVG of ${label} stays inside its sticky or note in Chromium`, async ({ page }) => {
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg(make())}</body></html>`);
    const overflows = await page.evaluate(() => {
      const found: string[] = [];
      for (const group of document.querySelectorAll<SVGGElement>("g[data-node-id], g[data-note-id]")) {
        const box = group.querySelector("rect")!;
        const width = Number(box.getAttribute("width"));
        for (const text of group.querySelectorAll<SVGTextElement>("text")) {
          const b = text.getBBox();
          if (b.x + b.width > width + 0.5) found.push(`${group.getAttribute("data-node-id") ?? `note ${group.getAttribute("data-note-id")}`}: "${text.textContent}" is ${Math.round(b.x + b.width)} px wide in a ${width} px box`);
        }
      }
      return found;
    });
    expect(overflows).toEqual([]);
  });
}
