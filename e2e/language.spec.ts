import { expect, type Page } from "@playwright/test";
import { LOCALE_COOKIE } from "@/lib/i18n/locale";
import { PROBLEM_SUMMARIES_KO } from "@/components/panels/problemSummaries.ko";
import { KIND_LABELS_KO } from "@/lib/model/kinds";
import { BROWSER_LOCALE, createBoard, openBoard, stringsOf, test } from "./fixtures";

/*
 * The UI's language (issue 16): the browser's language picks it (Accept-Language), the switch
 * in the top bar and on the home page changes it in place and keeps it for this browser (a
 * cookie), and `<html lang>` follows. Texts come from the dictionaries, not copied here.
 */

const en = stringsOf("en");
const ko = stringsOf("ko");

const languageSwitch = (page: Page) => page.getByTestId("language-switch");

test.describe("a Korean browser", () => {
  test.use({ locale: BROWSER_LOCALE.ko });

  test("gets the home page and the board in Korean, with <html lang=ko>", async ({ page, request }) => {
    const id = await createBoard(request);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ko.home.title);
    await expect(page.getByText(ko.home.tagline)).toBeVisible();
    await expect(page.getByRole("button", { name: ko.home.newBoard })).toBeVisible();
    await expect(languageSwitch(page).getByRole("radio", { name: ko.language.names.ko })).toHaveAttribute("aria-checked", "true");
    await expect(page).toHaveTitle(ko.home.title);

    await openBoard(page, id);
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page).toHaveTitle(ko.board.pageTitle);
    await expect(page.getByTestId("save-state")).toHaveText(ko.board.saveStatus.saved);
    await expect(page.getByRole("tab", { name: ko.board.tabs.export, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: ko.board.layout })).toBeVisible();
    // Kind labels: the Korean documents' terms, on the palette and on the stickies.
    const palette = page.getByRole("navigation", { name: ko.board.palette });
    await expect(palette.locator('[data-palette-kind="event"]')).toContainText(KIND_LABELS_KO.event);
    await expect(palette.locator('[data-palette-kind="aggregate"]')).toContainText(KIND_LABELS_KO.aggregate);
    await expect(page.locator('[data-node-id="evt-order-placed"]')).toContainText(KIND_LABELS_KO.event);
    // Names typed on the board are never translated.
    await expect(page.locator('[data-node-id="evt-order-placed"]')).toContainText("OrderPlaced");
    // The inspector of a sticky.
    await page.locator('[data-node-id="evt-order-placed"]').click();
    await expect(page.getByRole("complementary", { name: ko.board.inspector }).getByText(ko.inspector.partitionKey, { exact: true })).toBeVisible();
    // A problem: its Korean summary leads, then its sentence in Korean; the catalogue's English
    // (the API's and the CLI's words) is the row's tooltip.
    const canvas = (await page.getByTestId("canvas").boundingBox())!;
    await page.mouse.move(canvas.x + 40, canvas.y + 40);
    await page.keyboard.press("e");
    await page.keyboard.press("Escape");
    await page.getByRole("tab", { name: new RegExp(`^${ko.board.tabs.problems}`, "u") }).click();
    const problem = page.locator('[data-problem-code="event-no-producer"]');
    await expect(problem).toContainText(PROBLEM_SUMMARIES_KO["event-no-producer"]);
    await expect(problem).toContainText(/이벤트 "[^"]+"에 생산자가 없습니다: 이 이벤트를 발행하는/u);
    await expect(problem).not.toContainText("has no producer");
    await expect(problem.locator("[title]")).toHaveAttribute("title", /has no producer/u);
    await page.screenshot({ path: "e2e/.output/language-ko-board.png" });
  });
});

test.describe("an English browser", () => {
  test.use({ locale: BROWSER_LOCALE.en });

  test("gets English, with <html lang=en>", async ({ page, request }) => {
    const id = await createBoard(request);
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByText(en.home.tagline)).toBeVisible();
    await expect(page.getByRole("button", { name: en.home.newBoard })).toBeVisible();
    await openBoard(page, id);
    await expect(page.getByRole("tab", { name: en.board.tabs.problems })).toBeVisible();
    await expect(page.locator('[data-palette-kind="event"]')).toContainText("Domain event");
    await expect(page.getByText(ko.board.tabs.export, { exact: true })).toHaveCount(0);
    await page.locator('[data-node-id="evt-order-placed"]').click();
    await page.keyboard.press("Delete");
    await page.getByRole("tab", { name: new RegExp(`^${en.board.tabs.problems}`, "u") }).click();
    // Deleting the event leaves its consumers without input: plain English rows, no Korean summary.
    await expect(page.locator("[data-problem-code]").first()).toBeVisible();
    await expect(page.locator("[data-problem-code]").filter({ hasText: /[\uAC00-\uD7A3]/u })).toHaveCount(0);
  });

  test("switches to Korean in the top bar without losing what is on screen, and keeps it after a reload", async ({ page, request, context }) => {
    const id = await createBoard(request);
    await openBoard(page, id);
    // Some state of this page: a sticky selected, the Export tab open.
    await page.locator('[data-node-id="evt-order-placed"]').click();
    await page.getByRole("tab", { name: en.board.tabs.export, exact: true }).click();
    await expect(page.getByTestId("export-panel")).toBeVisible();

    await page.locator("header").getByTestId("language-switch").getByRole("radio", { name: ko.language.names.ko }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByRole("tab", { name: ko.board.tabs.export, exact: true })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByTestId("export-panel")).toBeVisible();
    await expect(page.getByRole("button", { name: ko.exports.downloadAll })).toBeVisible();
    // Still the same sticky in the inspector, now in Korean.
    await expect(page.getByRole("complementary", { name: ko.board.inspector }).getByRole("textbox", { name: ko.inspector.name, exact: true })).toHaveValue("OrderPlaced");
    await expect(page.locator('[data-node-id="evt-order-placed"]')).toContainText(KIND_LABELS_KO.event);
    // The exports keep their own language: the Markdown is still English.
    await expect(page.getByTestId("export-markdown").locator("h2")).toHaveText("Event-Driven Architecture");
    await expect(page.getByTestId("export-markdown")).toHaveAttribute("lang", "en");

    // Kept per browser: a cookie for a year, read by the server on the next page.
    const cookie = (await context.cookies()).find((c) => c.name === LOCALE_COOKIE);
    expect(cookie?.value).toBe("ko");
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(360 * 24 * 3600);
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("lang", "ko");
    await expect(page.getByTestId("save-state")).toHaveText(ko.board.saveStatus.saved);
    await page.goto("/");
    await expect(page.getByRole("button", { name: ko.home.newBoard })).toBeVisible();

    // And back to English from the home page.
    await languageSwitch(page).getByRole("radio", { name: en.language.names.en }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("button", { name: en.home.newBoard })).toBeVisible();
    await page.reload();
    await expect(page.getByText(en.home.tagline)).toBeVisible();
  });
});
