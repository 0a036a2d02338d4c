import { expect, test as base, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { DICTIONARIES, type Strings } from "@/components/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/locale";
import type { Board } from "@/lib/model/schema";
import { orderFlowTemplate } from "@/lib/model/template";

export { orderFlowTemplate };

/**
 * Playwright's `test` with the app's test hooks on (lib/client/testHooks): every page of the
 * context may read `window.__stormflowEditor`, `__stormflowRunView` and `__stormflowSocket`.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    await enableTestHooks(context);
    await use(context);
  },
});

/** Turns the test hooks on for every page `context` opens from now on (a context made with `browser.newContext()` needs it too). */
export async function enableTestHooks(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    (window as unknown as Record<string, unknown>).__STORMFLOW_TEST_HOOKS__ = true;
  });
}

/** The UI languages, and a browser locale of each (its Accept-Language picks the UI's language). */
export const UI_LANGS = ["en", "ko"] as const satisfies readonly Locale[];
export const BROWSER_LOCALE: Readonly<Record<Locale, string>> = { en: "en-US", ko: "ko-KR" };

/** The UI's strings in `lang`: specs match the text a user of that language reads. */
export function stringsOf(lang: Locale): Strings {
  return DICTIONARIES[lang];
}

/** The strings of the language the page is shown in (its `<html lang>`). */
async function pageStrings(page: Page): Promise<Strings> {
  const lang = await page.locator("html").getAttribute("lang");
  return DICTIONARIES[lang === "ko" ? "ko" : "en"];
}

/** Creates a board through the API (as scripts would) and returns its id. */
export async function createBoard(request: APIRequestContext, board: Board = orderFlowTemplate()): Promise<string> {
  const res = await request.post("/api/boards", { data: board });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Opens a board page and waits until its stickies are on the canvas. */
export async function openBoard(page: Page, id: string, options: { fit?: boolean } = {}): Promise<void> {
  await page.goto(`/boards/${id}`);
  await expect(page.getByTestId("canvas")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("save-state")).toHaveText((await pageStrings(page)).board.saveStatus.saved);
  // A large board opens readable on its top-left (issue 16 bug 8), part of it out of view. The
  // specs click stickies all over the board, so they work on the whole board, fitted with Fit
  // (Shift+1), after the opening view is set; `fit: false` keeps the opening view.
  if (options.fit === false || (await page.locator(".react-flow__node").count()) === 0) return;
  await expect(page.getByTestId("canvas")).toHaveAttribute("data-opening-zoom", /\d/u);
  await page.keyboard.press("Shift+1");
  await settled(page);
}

/** Waits until the canvas's viewport stops moving (a fit animates for 300 ms). */
export async function settled(page: Page): Promise<void> {
  const transform = () => page.locator(".react-flow__viewport").evaluate((el) => (el as HTMLElement).style.transform);
  let last = "";
  await expect
    .poll(async () => {
      const now = await transform();
      const still = now === last;
      last = now;
      return still;
    }, { intervals: [150] })
    .toBe(true);
}

/** Center of an element in page coordinates. */
export async function centerOf(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not visible`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a connection from a sticky's source handle to another sticky, with real mouse moves. */
export async function dragConnection(page: Page, fromNodeId: string, toNodeId: string, opts: { release?: boolean } = {}) {
  const from = await centerOf(page, `.react-flow__node[data-id="${fromNodeId}"] .react-flow__handle.source`);
  // The sticky itself, inside its React Flow node (nothing drawn over it, such as a selection outline).
  const to = await centerOf(page, `.react-flow__node [data-node-id="${toNodeId}"]`);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
  // As a person watches the line follow the pointer before going on: with the next moves sent at
  // once after the press, a loaded machine now and then ended the drag before React Flow had
  // taken it up (the line must appear, or the test fails here, naming it).
  await expect(page.locator(".react-flow__connectionline")).toHaveCount(1);
  await page.mouse.move(to.x, to.y, { steps: 8 });
  // And sees it reach the target before letting go (a refused target is never marked: no wait then).
  if (await page.locator(`.react-flow__node[data-id="${toNodeId}"]`).count()) {
    await page.locator(`.react-flow__node[data-id="${toNodeId}"] .react-flow__handle.connectingto`).first().waitFor({ timeout: 1_000 }).catch(() => undefined);
  }
  if (opts.release !== false) await page.mouse.up();
}

/** Waits until the server has every edit of the page (the save state says "Saved", in the page's language). */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId("save-state")).toHaveText((await pageStrings(page)).board.saveStatus.saved, { timeout: 10_000 });
}
