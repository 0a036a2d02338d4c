import { expect, type Page } from "@playwright/test";
import type { Board } from "@/lib/model/schema";
import { BROWSER_LOCALE, createBoard, openBoard, settled, stringsOf, test, UI_LANGS, waitSaved } from "./fixtures";

/*
 * The workshop canvas's leftovers (issue 16): frames and notes copy, paste and select like
 * stickies; any frame colour leaves its arrows visible; a board with a sticky at 1e308 still
 * opens on its stickies; a new frame or sticky named at once is one undo step; Tab on a frame or
 * a note moves the focus on; new frames and notes are named in the UI's language.
 */

/** Two connected stickies in a frame, one sticky below it, and a note. */
function board(extra: { color?: string; far?: boolean } = {}): Board {
  return {
    format: "stormflow.board",
    schemaVersion: 2,
    name: "Leftovers",
    nodes: [
      { id: "cmd-a", kind: "command", name: "PlaceOrder", position: { x: 100, y: 100 }, payload: [] },
      { id: "agg-a", kind: "aggregate", name: "Order", position: { x: 380, y: 100 } },
      { id: "evt-x", kind: "event", name: "Elsewhere", position: { x: 100, y: 520 }, payload: [] },
      ...(extra.far ? [{ id: "evt-far", kind: "event" as const, name: "FarAway", position: { x: 1e308, y: -1e308 }, payload: [] }] : []),
    ],
    edges: [{ id: "e-1", source: "cmd-a", target: "agg-a" }],
    frames: [{ id: "frame-sales", name: "Sales", ...(extra.color ? { color: extra.color } : {}), position: { x: 60, y: 60 }, size: { width: 560, height: 200 } }],
    notes: [{ id: "note-q", text: "Who approves refunds?", position: { x: 700, y: 520 } }],
  };
}

type Hooks = { __stormflowEditor: { getState(): { board: Board; selectedNodes: ReadonlySet<string> } } };
const liveBoard = (page: Page): Promise<Board> => page.evaluate(() => (window as unknown as Hooks).__stormflowEditor.getState().board);
const selected = (page: Page): Promise<string[]> => page.evaluate(() => [...(window as unknown as Hooks).__stormflowEditor.getState().selectedNodes].sort());
const counts = async (page: Page) => {
  const b = await liveBoard(page);
  return { nodes: b.nodes.length, edges: b.edges.length, frames: b.frames?.length ?? 0, notes: b.notes?.length ?? 0 };
};

/** A point inside a frame's empty bottom-right area (clear of its stickies and of the resize handle). */
async function frameInside(page: Page, frameId: string) {
  const box = (await page.locator(`.react-flow__node[data-id="${frameId}"]`).boundingBox())!;
  return { x: box.x + box.width - 22, y: box.y + box.height - 22 };
}

/** A point over the canvas clear of everything on `board()`, as fitted. */
async function emptySpot(page: Page) {
  const canvas = (await page.getByTestId("canvas").boundingBox())!;
  return { x: canvas.x + canvas.width - 260, y: canvas.y + 60 };
}

for (const lang of UI_LANGS) {
  test.describe(`UI in ${lang} › canvas leftovers`, () => {
    test.use({ locale: BROWSER_LOCALE[lang] });
    const S = stringsOf(lang);

    test("Ctrl+C / Ctrl+V copy a frame with its stickies and a note, one Ctrl+Z takes the paste away; Ctrl+A and Ctrl+K reach frames and notes", async ({ page, request }) => {
      const id = await createBoard(request, board());
      await openBoard(page, id);
      const inside = await frameInside(page, "frame-sales");
      await page.mouse.click(inside.x, inside.y);
      await page.locator('[data-note-id="note-q"]').click({ modifiers: ["Control"] });
      expect(await selected(page)).toEqual(["frame-sales", "note-q"]);
      await page.keyboard.press("Control+c");
      const spot = await emptySpot(page);
      await page.mouse.move(spot.x, spot.y + 300);
      await page.keyboard.press("Control+v");
      // The frame, the two stickies it holds with their arrow, and the note: new ids, all selected.
      await expect.poll(() => counts(page)).toEqual({ nodes: 5, edges: 2, frames: 2, notes: 2 });
      const pasted = await liveBoard(page);
      const copy = pasted.frames![1]!;
      expect(copy.id).not.toBe("frame-sales");
      expect(copy.name).toBe("Sales");
      expect(copy.position).not.toEqual(pasted.frames![0]!.position);
      expect(pasted.notes![1]!.text).toBe("Who approves refunds?");
      expect(await selected(page)).toEqual([copy.id, ...pasted.nodes.slice(3).map((n) => n.id), pasted.notes![1]!.id].sort());
      await waitSaved(page);
      await page.keyboard.press("Control+z");
      await expect.poll(() => counts(page)).toEqual({ nodes: 3, edges: 1, frames: 1, notes: 1 });

      await page.mouse.move(spot.x, spot.y);
      await page.keyboard.press("Control+a");
      expect(await selected(page)).toEqual(["agg-a", "cmd-a", "evt-x", "frame-sales", "note-q"]);

      // Ctrl+K finds a frame by its name and a note by its text.
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+k");
      const search = page.getByRole("dialog", { name: S.board.searchLabel });
      await search.getByRole("textbox").fill("sales");
      await expect(search.getByRole("option")).toHaveText([`Sales${S.frames.frameKind}`]);
      await page.keyboard.press("Enter");
      await expect.poll(() => selected(page)).toEqual(["frame-sales"]);
      await page.keyboard.press("Control+k");
      await search.getByRole("textbox").fill("refunds");
      await expect(search.getByRole("option")).toHaveText([`Who approves refunds?${S.frames.noteKind}`]);
      await page.keyboard.press("Enter");
      await expect.poll(() => selected(page)).toEqual(["note-q"]);
    });

    test("F, a name typed at once and Enter is one undo step; so is a new sticky named at once", async ({ page, request }) => {
      const id = await createBoard(request, board());
      await openBoard(page, id);
      const spot = await emptySpot(page);
      await page.mouse.click(spot.x, spot.y);
      await page.keyboard.press("f");
      // Typed at a workshop's pace: longer than any merge window of the undo history.
      await page.keyboard.type("Ordering", { delay: 150 });
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("frame-title")).toHaveText(["Sales", "Ordering"]);
      await page.keyboard.press("Control+z");
      await expect(page.getByTestId("frame-title")).toHaveText(["Sales"]);
      await expect.poll(() => counts(page)).toEqual({ nodes: 3, edges: 1, frames: 1, notes: 1 });

      await page.mouse.move(spot.x, spot.y + 250);
      await page.keyboard.press("e");
      await page.keyboard.type("OrderShipped", { delay: 100 });
      await page.keyboard.press("Enter");
      await expect(page.locator("[data-node-id]")).toHaveCount(4);
      await expect.poll(async () => (await liveBoard(page)).nodes.at(-1)?.name).toBe("OrderShipped");
      await page.keyboard.press("Control+z");
      await expect(page.locator("[data-node-id]")).toHaveCount(3);
      await waitSaved(page);
    });

    test("Hangul typed through an input method right after F is kept whole, a syllable still composing when the name field shows too", async ({ page, request }) => {
      const id = await createBoard(request, board());
      await openBoard(page, id);
      const spot = await emptySpot(page);
      await page.mouse.click(spot.x, spot.y);
      const cdp = await page.context().newCDPSession(page);
      const compose = (text: string) => cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
      // F, and at once (sent together, so no frame is drawn in between) the first syllable as an
      // input method sends it: text, not keys, committed before the frame's name field shows…
      await Promise.all([
        cdp.send("Input.dispatchKeyEvent", { type: "keyDown", key: "f", code: "KeyF", text: "f", windowsVirtualKeyCode: 70 }),
        cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: "f", code: "KeyF", windowsVirtualKeyCode: 70 }),
        cdp.send("Input.insertText", { text: "주" }),
        compose("ㅁ"),
      ]);
      // …and the next one is still being composed when it shows.
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeVisible();
      await compose("무");
      await compose("문");
      await cdp.send("Input.insertText", { text: "문" });
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeFocused();
      await expect(page.getByLabel(S.frames.frameNameLabel)).toHaveValue("주문");
      await page.keyboard.press("Enter");
      await expect(page.getByTestId("frame-title")).toHaveText(["Sales", "주문"]);
    });

    test("Tab with a frame or a note selected moves the focus on, as it does with nothing to add", async ({ page, request }) => {
      const id = await createBoard(request, board());
      await openBoard(page, id);
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute("data-id") ?? document.activeElement?.tagName ?? null);
      for (const target of ["frame-sales", "note-q"]) {
        // The whole board in view again (a node that takes the focus may pan the view to it).
        await page.keyboard.press("Shift+1");
        await settled(page);
        if (target === "frame-sales") {
          const inside = await frameInside(page, target);
          await page.mouse.click(inside.x, inside.y);
        } else await page.locator('[data-note-id="note-q"]').click();
        expect(await selected(page)).toEqual([target]);
        const before = await focused();
        await page.keyboard.press("Tab");
        await expect.poll(focused).not.toBe(before);
        await expect.poll(() => counts(page)).toEqual({ nodes: 3, edges: 1, frames: 1, notes: 1 });
      }
    });

    test("a frame of any colour, black too, is filled light: the arrow over it stays visible", async ({ page, request }) => {
      const id = await createBoard(request, board({ color: "#000000" }));
      await openBoard(page, id);
      const fill = await page.locator('[data-frame-id="frame-sales"]').evaluate((el) => getComputedStyle(el).backgroundColor);
      // What the fill looks like over the white canvas: its luminance (an arrow is #868e96, L 0.27).
      const channels = /(?:rgba?|srgb)\(?\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:\s*[,/]\s*([\d.]+))?/u.exec(fill);
      expect(channels, fill).not.toBeNull();
      const scale = fill.startsWith("color(") ? 1 : 255;
      const alpha = channels![4] === undefined ? 1 : Number(channels![4]);
      const lin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      const [r, g, b] = [1, 2, 3].map((i) => lin((Number(channels![i]) / scale) * alpha + (1 - alpha)));
      expect(0.2126 * r! + 0.7152 * g! + 0.0722 * b!, fill).toBeGreaterThan(0.8);
      // The arrow is drawn, over the frame.
      await expect(page.locator('.react-flow__edge[data-id="e-1"] path').first()).toBeVisible();
    });

    test("a board with a sticky at 1e308 (a valid position) opens on its other stickies", async ({ page, request }) => {
      const id = await createBoard(request, board({ far: true }));
      await openBoard(page, id, { fit: false });
      await expect(page.getByTestId("canvas")).toHaveAttribute("data-opening-zoom", /\d/u);
      const canvas = (await page.getByTestId("canvas").boundingBox())!;
      for (const sticky of ["cmd-a", "agg-a", "evt-x"]) {
        const box = (await page.locator(`[data-node-id="${sticky}"]`).boundingBox())!;
        expect(box, sticky).not.toBeNull();
        expect(box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height, sticky).toBe(true);
      }
      await expect(page.getByTestId("frame-title")).toBeVisible();
    });

    test("a new frame and a new note are named in the UI's language; new stickies keep identifier-safe names", async ({ page, request }) => {
      const id = await createBoard(request, board());
      await openBoard(page, id);
      const spot = await emptySpot(page);
      await page.mouse.click(spot.x, spot.y);
      await page.keyboard.press("f");
      await expect(page.getByLabel(S.frames.frameNameLabel)).toBeFocused();
      await page.keyboard.press("Escape");
      await page.mouse.move(spot.x, spot.y + 250);
      await page.keyboard.press("n");
      await expect(page.getByLabel(S.frames.noteTextLabel)).toBeFocused();
      await page.keyboard.press("Escape");
      await page.mouse.move(spot.x - 200, spot.y + 400);
      await page.keyboard.press("e");
      await expect(page.getByLabel(S.board.stickyName)).toBeFocused();
      await page.keyboard.press("Escape");
      await waitSaved(page);
      const saved = await liveBoard(page);
      expect(saved.frames!.map((f) => f.name)).toEqual(["Sales", S.frames.defaultFrameName]);
      expect(saved.notes!.map((n) => n.text)).toEqual(["Who approves refunds?", S.frames.defaultNoteText]);
      expect(saved.nodes.at(-1)!.name).toBe("SomethingHappened");
    });
  });
}
