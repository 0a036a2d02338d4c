import { expect, test } from "@playwright/test";

test("the home page renders in Chromium and the health check sees the embedded database", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true, database: "embedded", version: expect.any(String) });

  await page.goto("/");
  await expect(page).toHaveTitle(/Stormflow/);
  await expect(page.getByRole("heading", { name: "Stormflow" })).toBeVisible();
});
