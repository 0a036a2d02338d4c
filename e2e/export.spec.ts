import { readFile } from "node:fs/promises";
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { BROWSER_LOCALE, createBoard, openBoard, orderFlowTemplate, stringsOf, test, UI_LANGS } from "./fixtures";

/*
 * The Export panel in Chromium: open it from the board page's bottom dock, switch formats and
 * languages, and download files that must be byte for byte what the API serves for the board.
 */

async function downloadFrom(page: Page, button: Locator): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
  const file = await download.path();
  return { download, bytes: await readFile(file) };
}

// In both UI languages: the panel's words follow the UI, and so does each document's language
// until its switch picks another (the Markdown had started in English and the design doc in
// Korean whatever the UI spoke).
for (const lang of UI_LANGS) {
  test.describe(`UI in ${lang}`, () => {
    test.use({ locale: BROWSER_LOCALE[lang] });
    const S = stringsOf(lang);

    test("the Export panel previews every format and downloads exactly what the API serves", async ({ page, request }) => {
      const id = await createBoard(request);
      await openBoard(page, id);
      await page.getByRole("tab", { name: S.board.tabs.export, exact: true }).click();
      const panel = page.getByTestId("export-panel");
      await expect(panel).toBeVisible();

      // Markdown, rendered with its tables (seed 000's format).
      const tabs = panel.getByRole("tablist", { name: S.exports.formats });
      await expect(tabs.getByRole("tab", { name: S.exports.formatLabels.markdown })).toHaveAttribute("aria-selected", "true");
      const markdown = panel.getByTestId("export-markdown");
      const uiLangOption = lang === "ko" ? "한국어" : "EN";
      await expect(panel.getByRole("radio", { name: uiLangOption })).toHaveAttribute("aria-checked", "true");
      await expect(markdown.locator("h2")).toHaveText(lang === "ko" ? "이벤트 기반 아키텍처" : "Event-Driven Architecture");
      await panel.getByRole("radio", { name: "EN" }).click();
      await expect(markdown.locator("h2")).toHaveText("Event-Driven Architecture");
      await expect(markdown.locator("table").first().locator("th")).toHaveText(["Event", "Aggregate", "Trigger"]);
      // The event's own row (OrderCompleted and OrderFailed name OrderPlaced as their trigger, the saga as their producer).
      const rowOf = (event: string) => markdown.locator("table").first().locator("tbody tr").filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${event}$`) }) }).locator("td");
      await expect(rowOf("OrderPlaced")).toHaveText(["OrderPlaced", "Order", "PlaceOrder"]);
      await expect(rowOf("OrderFailed")).toHaveText(["OrderFailed", "OrderSaga", "OrderPlaced"]);
      // The Saga Steps table: a row per step of the template's saga.
      const saga = orderFlowTemplate().nodes.find((n) => n.kind === "saga");
      await expect(markdown.locator("table").last().locator("tbody tr")).toHaveCount(saga?.kind === "saga" ? saga.steps.length : -1);

      // The language switch translates the document.
      await panel.getByRole("radio", { name: "한국어" }).click();
      await expect(markdown.locator("h2")).toHaveText("이벤트 기반 아키텍처");
      await expect(panel.getByTestId("export-file-name")).toHaveText("order-flow.ko.md");
      const koMarkdown = await downloadFrom(page, panel.getByRole("button", { name: S.exports.download, exact: true }));
      expect(koMarkdown.download.suggestedFilename()).toBe("order-flow.ko.md");
      const apiKo = await request.get(`/api/boards/${id}/export?format=markdown&lang=ko`);
      expect(koMarkdown.bytes.equals(await apiKo.body())).toBe(true);
      await panel.getByRole("radio", { name: uiLangOption }).click();

      // Every other format, one tab each; the design doc in the UI's language too.
      const expectations: [string, RegExp][] = [
        [S.exports.formatLabels.design, lang === "ko" ? /이벤트 기반 아키텍처 설계/u : /Event-Driven Architecture Design/u],
        [S.exports.formatLabels.typescript, /export interface OrderPlacedEvent extends DomainEvent<"order\.placed", OrderPlacedPayload>/u],
        [S.exports.formatLabels.asyncapi, /asyncapi: 3\.0\.0/u],
        [S.exports.formatLabels.mermaid, /flowchart LR/u],
        [S.exports.formatLabels.jsonschema, /"\$schema": "https:\/\/json-schema\.org\/draft\/2020-12\/schema"/u],
      ];
      for (const [label, content] of expectations) {
        await tabs.getByRole("tab", { name: label }).click();
        await expect(tabs.getByRole("tab", { name: label })).toHaveAttribute("aria-selected", "true");
        await expect(panel.getByRole("tabpanel")).toContainText(content);
      }

      // Download the TypeScript contracts and compare them with the API's, byte for byte.
      await tabs.getByRole("tab", { name: S.exports.formatLabels.typescript }).click();
      const ts = await downloadFrom(page, panel.getByRole("button", { name: S.exports.download, exact: true }));
      expect(ts.download.suggestedFilename()).toBe("order-flow.ts");
      const apiTs = await request.get(`/api/boards/${id}/export?format=typescript`);
      expect(apiTs.headers()["content-disposition"]).toContain('filename="order-flow.ts"');
      expect(ts.bytes.equals(await apiTs.body())).toBe(true);

      // The picture: shown as an image, downloaded as the API's SVG, and as a PNG at twice its size.
      await tabs.getByRole("tab", { name: S.exports.formatLabels.svg }).click();
      const picture = panel.getByTestId("export-picture");
      await expect(picture).toBeVisible();
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(500);
      const svgFile = await downloadFrom(page, panel.getByRole("button", { name: S.exports.download, exact: true }));
      expect(svgFile.download.suggestedFilename()).toBe("order-flow.svg");
      const apiSvg = await request.get(`/api/boards/${id}/export?format=svg`);
      expect(apiSvg.headers()["content-type"]).toBe("image/svg+xml; charset=utf-8");
      expect(svgFile.bytes.equals(await apiSvg.body())).toBe(true);
      const svgWidth = Number(/<svg [^>]*width="([\d.]+)"/u.exec(svgFile.bytes.toString("utf8"))![1]);
      const png = await downloadFrom(page, panel.getByTestId("export-png"));
      expect(png.download.suggestedFilename()).toBe("order-flow.png");
      expect(png.bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect(png.bytes.readUInt32BE(16)).toBe(Math.round(svgWidth * 2));
      await page.screenshot({ path: `e2e/.output/export-svg-${lang}.png` });

      // Download all: the same zip as the API's `format=all`.
      const zip = await downloadFrom(page, panel.getByRole("button", { name: S.exports.downloadAll }));
      expect(zip.download.suggestedFilename()).toBe("order-flow.zip");
      // Both documents in the UI's language: the API's zip in that language.
      const apiZip = await request.get(`/api/boards/${id}/export?format=all&lang=${lang}`);
      expect(zip.bytes.equals(await apiZip.body())).toBe(true);
    });
  });
}

test("Ctrl+C over the preview copies the selected text, not the selected sticky", async ({ page, request, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const id = await createBoard(request);
  await openBoard(page, id);
  await page.locator('[data-node-id="evt-order-placed"]').click();
  await page.getByRole("tab", { name: "Export", exact: true }).click();
  const heading = page.getByTestId("export-markdown").locator("h2");
  await expect(heading).toHaveText("Event-Driven Architecture");

  // Select the heading's text with the pointer (it stays over the preview) and copy it.
  await heading.click({ clickCount: 3 });
  await page.keyboard.press("ControlOrMeta+c");
  await expect.poll(() => page.evaluate("navigator.clipboard.readText()")).toContain("Event-Driven Architecture");
  // The board's own clipboard was left alone: the sticky was not copied.
  expect(await page.evaluate("window.__stormflowEditor.getState().clipboard")).toBeNull();
});
