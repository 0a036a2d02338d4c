import { expect, type APIRequestContext, type Page } from "@playwright/test";
import type { Board, Frame } from "@/lib/model/schema";
import { BROWSER_LOCALE, createBoard, openBoard, settled, stringsOf, test, UI_LANGS, waitSaved } from "./fixtures";

/*
 * Bounded-context frames and free text notes on the canvas (issue 16, "A workshop-ready canvas"):
 * created by key and palette, named at once, dragged with their stickies, resized, deleted alone,
 * and notes typed over several lines; checked in the editor store (the test hook) and in what the
 * server saved.
 */

/** Two stickies side by side, one far below; an arrow between the first two. */
function smallBoard(extra: Partial<Pick<Board, "frames" | "notes">> = {}): Board {
  return {
    format: "stormflow.board",
    schemaVersion: 2,
    name: "Frames",
    nodes: [
      { id: "cmd-a", kind: "command", name: "PlaceOrder", position: { x: 100, y: 100 }, payload: [] },
      { id: "agg-a", kind: "aggregate", name: "Order", position: { x: 380, y: 100 } },
      { id: "evt-x", kind: "event", name: "Elsewhere", position: { x: 100, y: 520 }, payload: [] },
    ],
    edges: [{ id: "e-1", source: "cmd-a", target: "agg-a" }],
    ...extra,
  };
}

type Hooks = { __stormflowEditor: { getState(): { board: Board } } };
const liveBoard = (page: Page): Promise<Board> => page.evaluate(() => (window as unknown as Hooks).__stormflowEditor.getState().board);
const savedBoard = async (request: APIRequestContext, id: string): Promise<Board> => ((await (await request.get(`/api/boards/${id}`)).json()) as { board: Board }).board;
const at = (board: Board, id: string) => [...board.nodes, ...(board.frames ?? []), ...(board.notes ?? [])].find((x) => x.id === id)!.position;

/** A point inside a frame's empty bottom-right area (clear of its stickies and of the resize handle). */
async function frameInside(page: Page, frameId: string) {
  const box = (await page.locator(`.react-flow__node[data-id="${frameId}"]`).boundingBox())!;
  return { x: box.x + box.width - 22, y: box.y + box.height - 22 };
}

async function drag(page: Page, from: { x: number; y: number }, by: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + by.x / 2, from.y + by.y / 2, { steps: 5 });
  await page.mouse.move(from.x + by.x, from.y + by.y, { steps: 5 });
  await page.mouse.up();
}

// In both UI languages: the keys, the names typed and the board are the same; only the labels differ.
for (const lang of UI_LANGS) {
  test.describe(`UI in ${lang} › bounded-context frames and notes`, () => {
    test.use({ locale: BROWSER_LOCALE[lang] });
    const S = stringsOf(lang);

    test("F draws a frame around the selected stickies, named as you type; the sticky's inspector shows its context", async ({ page, request }) => {
      const id = await createBoard(request, smallBoard());
      await openBoard(page, id);
      await page.locator('[data-node-id="cmd-a"]').click();
      await page.locator('[data-node-id="agg-a"]').click({ modifiers: ["Control"] });
      const canvas = (await page.getByTestId("canvas").boundingBox())!;
      await page.mouse.move(canvas.x + canvas.width - 60, canvas.y + 40);
      // Typed at once, as at a workshop: what comes before the name field has the focus is kept for it.
      await page.keyboard.press("f");
      await page.keyboard.type("Ordering");
      await page.keyboard.press("Enter");
      await expect(page.locator("[data-frame-id]")).toHaveCount(1);
      await expect(page.getByTestId("frame-title")).toHaveText("Ordering");
      await expect(page.getByLabel(S.frames.frameNameLabel)).toHaveCount(0);

      // Drawn around the two selected stickies, not the third.
      const board = await liveBoard(page);
      const frame = board.frames![0]!;
      const inside = (x: number, y: number) =>
        x > frame.position.x && y > frame.position.y && x < frame.position.x + frame.size.width && y < frame.position.y + frame.size.height;
      expect(inside(100, 100) && inside(380, 100)).toBe(true);
      expect(inside(100, 520)).toBe(false);

      await page.locator('[data-node-id="cmd-a"]').click();
      await expect(page.getByTestId("inspector-context")).toHaveText(S.frames.contextLine("Ordering"));
      await page.locator('[data-node-id="evt-x"]').click();
      await expect(page.getByTestId("inspector-context")).toHaveText(S.frames.noContext);

      await waitSaved(page);
      expect((await savedBoard(request, id)).frames?.map((f) => f.name)).toEqual(["Ordering"]);
    });

    test("the palette's Frame wraps the selection; dragging it moves its stickies, Ctrl+Z undoes that in one step; resize", async ({ page, request }) => {
      const id = await createBoard(request, smallBoard());
      await openBoard(page, id);
      await page.locator('[data-node-id="evt-x"]').click();
      await page.locator('[data-palette-kind="frame"]').click();
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeFocused();
      // Escape keeps the default name, a unique one, in the UI's language (컨텍스트 in Korean).
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("frame-title")).toHaveText(S.frames.defaultFrameName);
      const start = await liveBoard(page);
      const frameId = start.frames![0]!.id;

      // Drag the frame by its empty area: the sticky inside moves with it, the others stay.
      await drag(page, await frameInside(page, frameId), { x: 160, y: -90 });
      await waitSaved(page);
      const moved = await savedBoard(request, id);
      const frameDelta = { x: at(moved, frameId).x - at(start, frameId).x, y: at(moved, frameId).y - at(start, frameId).y };
      expect(Math.abs(frameDelta.x)).toBeGreaterThan(40);
      expect(Math.abs(frameDelta.y)).toBeGreaterThan(20);
      expect(at(moved, "evt-x")).toEqual({ x: at(start, "evt-x").x + frameDelta.x, y: at(start, "evt-x").y + frameDelta.y });
      expect(at(moved, "cmd-a")).toEqual(at(start, "cmd-a"));
      expect(at(moved, "agg-a")).toEqual(at(start, "agg-a"));

      // One undo puts the frame and its sticky back together.
      await page.getByTestId("canvas").focus();
      await page.keyboard.press("Control+z");
      await expect.poll(async () => at(await liveBoard(page), frameId)).toEqual(at(start, frameId));
      expect(at(await liveBoard(page), "evt-x")).toEqual(at(start, "evt-x"));
      await waitSaved(page);
      expect(at(await savedBoard(request, id), "evt-x")).toEqual(at(start, "evt-x"));

      // Resize (the whole frame in view first): the bottom-right handle makes it bigger, its sticky
      // stays; the top-left one dragged onto the opposite corner asks for a 10 px frame and gets the minimum.
      await page.getByRole("button", { name: S.board.fit, exact: true }).click();
      // Fit animates the view for 300 ms: the handles are measured once it has stopped.
      await settled(page);
      await page.mouse.click((await frameInside(page, frameId)).x, (await frameInside(page, frameId)).y);
      const handle = (corner: string) => page.locator(`.react-flow__node[data-id="${frameId}"] .react-flow__resize-control.handle.${corner}`);
      await expect(handle("bottom.right")).toBeVisible();
      const h = (await handle("bottom.right").boundingBox())!;
      await drag(page, { x: h.x + h.width / 2, y: h.y + h.height / 2 }, { x: 60, y: 30 });
      await expect.poll(async () => (await liveBoard(page)).frames![0]!.size.width).toBeGreaterThan(start.frames![0]!.size.width + 20);
      expect(at(await liveBoard(page), "evt-x")).toEqual(at(start, "evt-x"));
      const tl = (await handle("top.left").boundingBox())!;
      const br = (await handle("bottom.right").boundingBox())!;
      const from = { x: tl.x + tl.width / 2, y: tl.y + tl.height / 2 };
      await drag(page, from, { x: br.x - 10 - from.x, y: br.y - 10 - from.y });
      await expect.poll(async () => (await liveBoard(page)).frames![0]!.size.width).toBeLessThan(start.frames![0]!.size.width);
      await waitSaved(page);
      const small = (await savedBoard(request, id)).frames![0]! as Frame;
      expect(small.size.width).toBeGreaterThanOrEqual(80);
      expect(small.size.height).toBeGreaterThanOrEqual(80);
      expect(small.size.width).toBeLessThan(start.frames![0]!.size.width);
      expect(small.size.height).toBeLessThan(start.frames![0]!.size.height);
    });

    test("N adds a note; its text takes several lines and is still there after a reload", async ({ page, request }) => {
      const id = await createBoard(request, smallBoard());
      await openBoard(page, id);
      const canvas = (await page.getByTestId("canvas").boundingBox())!;
      await page.mouse.move(canvas.x + canvas.width - 220, canvas.y + 80);
      await page.keyboard.press("n");
      await expect(page.getByLabel(S.frames.noteTextLabel)).toBeFocused();
      await page.keyboard.type("Who approves refunds?");
      await page.keyboard.press("Enter");
      await page.keyboard.type("Ask finance.");
      await page.keyboard.press("Control+Enter");
      await expect(page.getByLabel(S.frames.noteTextLabel)).toHaveCount(0);
      const text = "Who approves refunds?\nAsk finance.";
      await expect(page.getByTestId("note-text")).toHaveText(text);
      await waitSaved(page);
      expect((await savedBoard(request, id)).notes?.map((n) => n.text)).toEqual([text]);

      await page.reload();
      await expect(page.getByTestId("note-text")).toHaveText(text, { timeout: 30_000 });
      // Its inspector edits the text too.
      await page.getByTestId("note-text").click();
      await expect(page.getByTestId("inspector-note-text")).toHaveValue(text);
      // Enter on the selected note opens it again.
      await page.getByTestId("canvas").focus();
      await page.keyboard.press("Enter");
      await expect(page.getByLabel(S.frames.noteTextLabel)).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("note-text")).toHaveText(text);

      // The palette's Note adds one too, open to type; Escape keeps the typed text.
      await page.locator('[data-palette-kind="note"]').click();
      await expect(page.getByLabel(S.frames.noteTextLabel)).toBeFocused();
      await page.keyboard.type("Second thought");
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("note-text")).toHaveText([text, "Second thought"]);
      await waitSaved(page);
      expect((await savedBoard(request, id)).notes?.map((n) => n.text)).toEqual([text, "Second thought"]);
    });

    test("Delete deletes a frame, never its stickies, undoably; a double-click on its title renames it", async ({ page, request }) => {
      const frame: Frame = { id: "frame-sales", name: "Sales", position: { x: 60, y: 60 }, size: { width: 560, height: 200 } };
      const id = await createBoard(request, smallBoard({ frames: [frame] }));
      await openBoard(page, id);
      await expect(page.getByTestId("frame-title")).toHaveText("Sales");

      await page.getByTestId("frame-title").dblclick();
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeFocused();
      await page.keyboard.type("Ordering");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("frame-title")).toHaveText("Ordering");

      const inside = await frameInside(page, frame.id);
      await page.mouse.click(inside.x, inside.y);
      await expect(page.getByTestId("inspector-frame-count")).toHaveText(S.frames.frameHolds(2));
      // Enter on the selected frame opens its name too; Escape keeps it.
      await page.keyboard.press("Enter");
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeFocused();
      await page.keyboard.press("Escape");
      await expect(page.getByTestId("frame-title")).toHaveText("Ordering");
      await page.keyboard.press("Delete");
      await expect(page.locator("[data-frame-id]")).toHaveCount(0);
      await expect(page.locator("[data-node-id]")).toHaveCount(3);
      await waitSaved(page);
      const saved = await savedBoard(request, id);
      expect(saved.frames).toBeUndefined();
      expect(saved.nodes.map((n) => [n.id, n.position])).toEqual(smallBoard().nodes.map((n) => [n.id, n.position]));

      await page.keyboard.press("Control+z");
      await expect(page.getByTestId("frame-title")).toHaveText("Ordering");
      await waitSaved(page);
      expect((await savedBoard(request, id)).frames?.map((f) => f.id)).toEqual([frame.id]);

      // The History's read-only view shows revision 1's frame, which cannot be renamed or resized there.
      await page.getByRole("tab", { name: S.history.tab, exact: true }).click();
      await page.locator('[data-testid="revision-row"][data-revision="1"] [data-row-main]').click();
      await expect(page.getByTestId("canvas")).toHaveAttribute("data-readonly", "true");
      await expect(page.getByTestId("frame-title")).toHaveText("Sales");
      await page.getByTestId("frame-title").dblclick();
      await expect(page.getByLabel(S.frames.frameNameLabel)).toHaveCount(0);
      const old = await frameInside(page, frame.id);
      await page.mouse.click(old.x, old.y);
      await expect(page.getByTestId("inspector-frame-count")).toHaveText(S.frames.frameHolds(2));
      await expect(page.locator(".react-flow__resize-control")).toHaveCount(0);
    });
  });
}
