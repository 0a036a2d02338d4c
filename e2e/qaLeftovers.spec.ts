import { expect, type Page } from "@playwright/test";
import type { Board } from "@/lib/model/schema";
import { BROWSER_LOCALE, createBoard, openBoard, orderFlowTemplate, settled, stringsOf, test, UI_LANGS } from "./fixtures";

/*
 * Leftovers of a QA pass: edge labels readable between close stickies, units not set in capitals,
 * arrows named for screen readers by their stickies in the UI's language, a guest named in it,
 * and the view brought back to the stickies when an auto-layout is undone or redone.
 */

/** Two stickies side by side with a named arrow between them: its label lies over both. */
function closeStickies(): Board {
  return {
    format: "stormflow.board",
    schemaVersion: 2,
    name: "Close stickies",
    nodes: [
      { id: "actor-customer", kind: "actor", name: "Customer", position: { x: 100, y: 100 } },
      { id: "cmd-place-order", kind: "command", name: "PlaceOrder", position: { x: 300, y: 100 }, payload: [] },
    ],
    edges: [{ id: "e-places", source: "actor-customer", target: "cmd-place-order", label: "places an order for the whole family" }],
  };
}

/** How many stickies show at least partly inside the canvas. */
async function stickiesInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector("[data-testid=canvas]")!.getBoundingClientRect();
    return [...document.querySelectorAll(".react-flow__node-sticky")].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom;
    }).length;
  });
}

for (const lang of UI_LANGS) {
  test.describe(`UI in ${lang}`, () => {
    test.use({ locale: BROWSER_LOCALE[lang] });
    const S = stringsOf(lang);

    test("an arrow's label is drawn over the stickies it lies on, and the arrow is named by its stickies", async ({ page, request }) => {
      const id = await createBoard(request, closeStickies());
      await openBoard(page, id);
      const label = page.locator('[data-edge-label="e-places"]');
      await expect(label).toBeVisible();
      // The label is wider than the gap between the stickies: its ends lie over them, and it is what shows there.
      const box = (await label.boundingBox())!;
      const sticky = (await page.locator('.react-flow__node[data-id="actor-customer"]').boundingBox())!;
      expect(box.x).toBeLessThan(sticky.x + sticky.width);
      // Hit testing follows the painting order; the label takes no pointer events of its own, so
      // it is made hit-testable for the question (painting is unchanged).
      const onTop = await page.evaluate(([x, y]) => {
        (document.querySelector('[data-edge-label="e-places"]') as HTMLElement).style.pointerEvents = "auto";
        return document.elementFromPoint(x!, y!)?.closest("[data-edge-label]")?.getAttribute("data-edge-label") ?? null;
      }, [box.x + 4, box.y + box.height / 2]);
      expect(onTop).toBe("e-places");
      await expect(page.getByTestId("rf__edge-e-places")).toHaveAttribute("aria-label", S.board.edgeAria("Customer", "PlaceOrder"));
    });

    test("units keep their case in labels set in capitals, and a first visit's guest is named in the UI's language", async ({ page, request }) => {
      const id = await createBoard(request);
      await openBoard(page, id);
      // Nothing selected: the inspector shows the board, with its delivery defaults.
      for (const key of ["initialDelayMs", "maxDelayMs"] as const) {
        const labelText = await page.locator(`label[for="board-delivery-${key}"]`).innerText();
        expect(labelText).toContain("(ms)");
        expect(labelText).not.toContain("(MS)");
        expect(S.inspector.retryLabels[key]).toContain("(ms)");
      }
      await expect(page.getByTestId("my-name")).toHaveAttribute("data-participant", new RegExp(`^${S.board.guest} \\d+$`, "u"));
    });

    test("a name with a right-to-left override is isolated wherever the app's own text surrounds it", async ({ page, request }) => {
      const RLO = "\u202E";
      const board: Board = { ...closeStickies(), name: `Orders ${RLO}live ${Date.now()}` };
      board.nodes = [...board.nodes, { id: "evt-evil", kind: "event", name: `${"x".repeat(40)}${RLO}evil ${"y".repeat(40)}\u202C`, position: { x: 100, y: 400 }, payload: [] }];
      const id = await createBoard(request, board);
      await openBoard(page, id);
      // The board's name in the top bar: in <bdi>, so the override cannot reach the save state beside it.
      await expect(page.getByTestId("board-name").locator("bdi")).toHaveText(board.name);
      // The problem's sentence: the cut name, override and all, inside FSI … PDI, whatever the language.
      await page.getByRole("tab", { name: new RegExp(`^${S.board.tabs.problems}`, "u") }).click();
      const row = page.locator('[data-problem-code="event-no-producer"]');
      const text = await row.innerText();
      const [fsi, rlo, pdi] = ["\u2068", RLO, "\u2069"].map((c) => text.indexOf(c));
      expect(fsi).toBeGreaterThanOrEqual(0);
      expect(rlo).toBeGreaterThan(fsi!);
      expect(pdi).toBeGreaterThan(rlo!);
      // The board list: the name in <bdi>, next to the row's other cells.
      await page.goto("/");
      await expect(page.locator(`a[href="/boards/${id}"] bdi`)).toHaveText(board.name);
    });

    test("undoing and redoing an auto-layout brings the stickies into view", async ({ page, request }) => {
      // The stickies far from where the layout puts them (near the origin): undone, the view had stayed there, on nothing.
      const template = orderFlowTemplate();
      const far: Board = { ...template, nodes: template.nodes.map((n) => ({ ...n, position: { x: n.position.x + 30_000, y: n.position.y + 20_000 } })) };
      const id = await createBoard(request, far);
      await openBoard(page, id);
      const before = await page.evaluate(() => (window as unknown as { __stormflowEditor: { getState(): { board: Board } } }).__stormflowEditor.getState().board.nodes[0]!.position);
      await page.getByRole("button", { name: S.board.layout, exact: true }).click();
      await expect(page.getByRole("button", { name: S.board.layout, exact: true })).toBeEnabled();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __stormflowEditor: { getState(): { board: Board } } }).__stormflowEditor.getState().board.nodes[0]!.position.x)).toBeLessThan(10_000);
      await settled(page);
      expect(await stickiesInView(page)).toBeGreaterThan(0);

      await page.keyboard.press("ControlOrMeta+z");
      await expect.poll(() => page.evaluate(() => (window as unknown as { __stormflowEditor: { getState(): { board: Board } } }).__stormflowEditor.getState().board.nodes[0]!.position)).toEqual(before);
      await settled(page);
      await expect.poll(() => stickiesInView(page)).toBeGreaterThan(0);

      await page.keyboard.press("ControlOrMeta+Shift+z");
      await expect.poll(() => page.evaluate(() => (window as unknown as { __stormflowEditor: { getState(): { board: Board } } }).__stormflowEditor.getState().board.nodes[0]!.position.x)).toBeLessThan(10_000);
      await settled(page);
      await expect.poll(() => stickiesInView(page)).toBeGreaterThan(0);
    });
  });
}

test("the Run form keeps count, seed and time scale across a reload of the page", async ({ page, request }) => {
  const id = await createBoard(request);
  await openBoard(page, id);
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByTestId("run-count").fill("42");
  await page.getByTestId("run-seed").fill("kept");
  await page.getByTestId("run-time-scale").fill("0.5");
  await page.reload();
  await expect(page.getByTestId("canvas")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("tab", { name: "Run" }).click();
  await expect(page.getByTestId("run-count")).toHaveValue("42");
  await expect(page.getByTestId("run-seed")).toHaveValue("kept");
  await expect(page.getByTestId("run-time-scale")).toHaveValue("0.5");
});
