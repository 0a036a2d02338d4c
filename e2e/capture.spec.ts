import { expect } from "@playwright/test";
import type { Board } from "@/lib/model/schema";
import { BROWSER_LOCALE, createBoard, openBoard, stringsOf, test, UI_LANGS, waitSaved } from "./fixtures";

/*
 * Fast capture (issue 16): a new sticky opens its name to type; Tab names it and adds the
 * grammar's next sticky to its right, connected; Enter or F2 renames the selected sticky; fresh
 * stickies of a kind get names of their own.
 */
// In both UI languages: the keys and the typed names are the same for everyone; only the labels differ.
for (const lang of UI_LANGS) {
  test.describe(`UI in ${lang}`, () => {
    test.use({ locale: BROWSER_LOCALE[lang] });
    const S = stringsOf(lang);

    test("a chain typed at the keyboard: actor, Tab, command, Tab, aggregate, Tab, event; F2 renames; two new events get two names", async ({ page, request }) => {
      const id = await createBoard(request, { format: "stormflow.board", schemaVersion: 2, name: "Capture", nodes: [], edges: [] });
      await openBoard(page, id);
      const canvas = (await page.getByTestId("canvas").boundingBox())!;
      await page.mouse.move(canvas.x + 150, canvas.y + 200);
      await page.keyboard.press("u");
      const input = page.getByLabel(S.board.stickyName);
      await expect(input).toBeFocused();
      // The default name is selected: typing replaces it.
      expect(await input.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, el.value.length])).toEqual([0, 4, 4]);
      for (const name of ["Customer", "PlaceOrder", "Order"]) {
        await page.keyboard.type(name);
        await page.keyboard.press("Tab");
        await expect(input).toBeFocused();
      }
      await page.keyboard.type("OrderPlaced");
      await page.keyboard.press("Enter");
      await expect(input).toHaveCount(0);

      const stickies = page.locator("[data-node-id]");
      await expect(stickies).toHaveCount(4);
      await expect(page.locator("[data-edge-id]")).toHaveCount(3);
      await waitSaved(page);
      const board = ((await (await request.get(`/api/boards/${id}`)).json()) as { board: Board }).board;
      expect(board.nodes.map((n) => [n.kind, n.name])).toEqual([["actor", "Customer"], ["command", "PlaceOrder"], ["aggregate", "Order"], ["event", "OrderPlaced"]]);
      // Each to the right of the one before, connected from it.
      for (let i = 1; i < 4; i++) {
        expect(board.nodes[i]!.position.x).toBeGreaterThan(board.nodes[i - 1]!.position.x);
        expect(board.edges.some((e) => e.source === board.nodes[i - 1]!.id && e.target === board.nodes[i]!.id)).toBe(true);
      }
      await expect(page.locator(`[data-node-id="${board.nodes[3]!.id}"]`)).toHaveClass(/selected/u);

      // F2 on the selected sticky opens its name again; Escape keeps it.
      await page.keyboard.press("F2");
      await expect(input).toBeFocused();
      await expect(input).toHaveValue("OrderPlaced");
      await page.keyboard.press("Escape");
      await expect(input).toHaveCount(0);
      // Enter does the same.
      await page.keyboard.press("Enter");
      await page.keyboard.type("OrderSubmitted");
      await page.keyboard.press("Enter");
      await expect(page.locator(`[data-node-id="${board.nodes[3]!.id}"]`)).toContainText("OrderSubmitted");

      // Two fresh events: two names, not one element in every export.
      await page.mouse.move(canvas.x + 150, canvas.y + 450);
      await page.keyboard.press("e");
      await page.keyboard.press("Escape");
      await page.mouse.move(canvas.x + 450, canvas.y + 450);
      await page.keyboard.press("e");
      await page.keyboard.press("Escape");
      await waitSaved(page);
      const names = ((await (await request.get(`/api/boards/${id}`)).json()) as { board: Board }).board.nodes.filter((n) => n.kind === "event").map((n) => n.name);
      expect(names).toEqual(["OrderSubmitted", "SomethingHappened", "SomethingHappened2"]);
      await page.screenshot({ path: `e2e/.output/capture-${lang}.png` });
    });

    test("at typing speed, nothing typed for a new sticky's name goes to the board: keys right after U, Tab and A, Backspace included", async ({ page, request }) => {
      const id = await createBoard(request, { format: "stormflow.board", schemaVersion: 2, name: "Fast", nodes: [], edges: [] });
      await openBoard(page, id);
      const canvas = (await page.getByTestId("canvas").boundingBox())!;
      await page.mouse.move(canvas.x + 150, canvas.y + 200);
      // No waiting for the name's input: the keys come as fast as the keyboard sends them.
      await page.keyboard.press("u");
      await page.keyboard.type("Customer");
      await page.keyboard.press("Tab");
      await page.keyboard.type("PlaceOrder");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Orderx");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Enter");
      await page.mouse.move(canvas.x + 150, canvas.y + 450);
      await page.keyboard.press("a");
      await page.keyboard.press("Backspace");
      await page.keyboard.type("Kitchen");
      await page.keyboard.press("Enter");
      await expect(page.getByLabel(S.board.stickyName)).toHaveCount(0);
      await waitSaved(page);
      const board = ((await (await request.get(`/api/boards/${id}`)).json()) as { board: Board }).board;
      expect(board.nodes.map((n) => [n.kind, n.name])).toEqual([["actor", "Customer"], ["command", "PlaceOrder"], ["aggregate", "Order"], ["aggregate", "Kitchen"]]);
      expect(board.edges).toHaveLength(2);
    });

    test("a connection starts from a handle on any side: from a command's bottom to the aggregate below it", async ({ page, request }) => {
      const board: Board = {
        format: "stormflow.board",
        schemaVersion: 2,
        name: "Sides",
        nodes: [
          { id: "cmd-1", kind: "command", name: "PlaceOrder", position: { x: 0, y: 0 }, payload: [] },
          { id: "agg-1", kind: "aggregate", name: "Order", position: { x: 0, y: 260 } },
        ],
        edges: [],
      };
      const id = await createBoard(request, board);
      await openBoard(page, id);
      const command = page.locator('.react-flow__node[data-id="cmd-1"]');
      await command.hover();
      const bottom = command.locator('.react-flow__handle[data-handlepos="bottom"]');
      await expect(bottom).toHaveCSS("opacity", "1");
      const from = (await bottom.boundingBox())!;
      const to = (await page.locator('.react-flow__node [data-node-id="agg-1"]').boundingBox())!;
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x, from.y + 60, { steps: 5 });
      await expect(page.locator(".react-flow__connectionline")).toHaveCount(1);
      await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
      await page.mouse.up();
      await expect(page.locator("[data-edge-id]")).toHaveCount(1);
      await waitSaved(page);
      const stored = ((await (await request.get(`/api/boards/${id}`)).json()) as { board: Board }).board;
      expect(stored.edges.map((e) => [e.source, e.target])).toEqual([["cmd-1", "agg-1"]]);
      // Away from the sticky, the side handles are out of the way.
      await page.mouse.move(5, 5);
      await expect(page.locator('.react-flow__node[data-id="agg-1"] .react-flow__handle[data-handlepos="top"]')).toHaveCSS("opacity", "0");
    });
  });
}
