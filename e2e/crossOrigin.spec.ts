import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createBoard, openBoard, test } from "./fixtures";

// A page on another origin (another port of 127.0.0.1: a different origin, as any web page the
// user visits is) tries to drive Stormflow; the same user's own tab must notice nothing.
test.describe.configure({ mode: "serial" });

let foreign: Server;
let foreignUrl: string;
let appUrl: string;

test.beforeAll(async ({ baseURL }) => {
  appUrl = baseURL!;
  foreign = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end("<!doctype html><title>Elsewhere</title><p>A page on another origin</p>");
  });
  await new Promise<void>((r) => foreign.listen(0, "127.0.0.1", r));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
});
test.afterAll(() => new Promise<void>((r) => foreign.close(() => r())));

const boardCount = async (request: APIRequestContext) => ((await (await request.get("/api/boards")).json()) as unknown[]).length;
const runCount = async (request: APIRequestContext, boardId: string) => ((await (await request.get(`/api/boards/${boardId}/runs`)).json()) as unknown[]).length;
const RUN = { command: "PlaceOrder", count: 3, concurrency: 1, seed: "x", faults: [] };

/** Opens the foreign page; the tests then act from it as an attacker's script would. */
async function onForeignPage(page: Page): Promise<void> {
  await page.goto(foreignUrl);
  await expect(page).toHaveTitle("Elsewhere");
}

test("a no-cors text/plain fetch from another origin creates no board and starts no run", async ({ page, request }) => {
  const boardId = await createBoard(request);
  const boards = await boardCount(request);
  const runs = await runCount(request, boardId);
  await onForeignPage(page);
  const statuses = await page.evaluate(
    async ({ app, boardId, run }) => {
      const opts = (body: unknown): RequestInit => ({ method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: JSON.stringify(body) });
      // The request is sent either way; its answer is opaque, or withheld (CORP same-origin).
      const send = (url: string, body: unknown) => fetch(url, opts(body)).then((r) => r.type, () => "blocked");
      return [await send(`${app}/api/boards`, { format: "stormflow.board", schemaVersion: 2, name: "csrf", nodes: [], edges: [] }), await send(`${app}/api/boards/${boardId}/runs`, run)];
    },
    { app: appUrl, boardId, run: RUN },
  );
  expect(statuses).toEqual(["blocked", "blocked"]); // the page learns nothing, and:
  expect(await boardCount(request)).toBe(boards);
  expect(await runCount(request, boardId)).toBe(runs);
});

test("a text/plain HTML form whose field name carries the JSON is refused", async ({ page, request }) => {
  const boards = await boardCount(request);
  await onForeignPage(page);
  await page.evaluate((app) => {
    const form = document.createElement("form");
    form.method = "POST";
    form.enctype = "text/plain";
    form.action = `${app}/api/boards`;
    const input = document.createElement("input");
    input.name = '{"format":"stormflow.board","schemaVersion":2,"name":"csrf","nodes":[],"edges":[],"x":"';
    input.value = '"}';
    form.append(input);
    document.body.append(form);
    form.submit();
  }, appUrl);
  await expect(page.locator("body")).toContainText("forbidden_origin");
  expect(await boardCount(request)).toBe(boards);
});

test("a WebSocket from another origin never gets a socket.io session", async ({ page, request }) => {
  const boardId = await createBoard(request);
  const started = await request.post(`/api/boards/${boardId}/runs`, { data: RUN });
  expect(started.status()).toBe(202);
  await onForeignPage(page);
  const result = await page.evaluate((app) => {
    return new Promise<{ opened: boolean; messages: string[] }>((resolve) => {
      const ws = new WebSocket(`${app.replace("http", "ws")}/socket.io/?EIO=4&transport=websocket`);
      const seen = { opened: false, messages: [] as string[] };
      ws.onopen = () => {
        seen.opened = true;
        ws.send("40"); // socket.io CONNECT: a session would answer with its sid
      };
      ws.onmessage = (m) => seen.messages.push(String(m.data));
      ws.onclose = () => resolve(seen);
      setTimeout(() => resolve(seen), 3000);
    });
  }, appUrl);
  expect(result).toEqual({ opened: false, messages: [] });
});

test("the app cannot be framed by another origin", async ({ page }) => {
  const refusals: string[] = [];
  page.on("console", (m) => {
    if (/frame-ancestors|Refused to (display|frame)/i.test(m.text())) refusals.push(m.text());
  });
  await onForeignPage(page);
  await page.evaluate((app) => {
    const frame = document.createElement("iframe");
    frame.src = `${app}/`;
    document.body.append(frame);
  }, appUrl);
  await expect.poll(() => refusals.length).toBeGreaterThan(0);
  const framed = page.frames().find((f) => f !== page.mainFrame());
  expect(framed).toBeDefined();
  await expect(framed!.locator("[data-testid=home-toolbar]")).toHaveCount(0);
});

test("a foreign Host (DNS rebinding) is refused before any route", async () => {
  const url = new URL(appUrl);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: "/api/boards", setHost: false, headers: { host: "evil.example" } }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
  expect(answer.status).toBe(403);
  expect(JSON.parse(answer.body).error.code).toBe("forbidden_host");
});

test("a method an API route does not serve is a 405 with a JSON error naming it, and a foreign WebSocket upgrade a 403 with one", async ({ request }) => {
  const boardId = await createBoard(request);
  for (const [method, path] of [["PUT", `/api/boards/${boardId}/runs`], ["PATCH", "/api/boards"], ["DELETE", "/api/health"]] as const) {
    const answer = await request.fetch(path, { method, data: {} });
    expect(answer.status(), `${method} ${path}`).toBe(405);
    expect(await answer.json()).toEqual({ error: { code: "method_not_allowed", message: `The method "${method}" is not allowed on ${path}.`, issues: [] } });
  }
  const url = new URL(appUrl);
  const upgrade = await new Promise<{ status: number; body: string; nosniff: unknown }>((resolve, reject) => {
    const req = httpRequest({
      host: url.hostname, port: url.port, path: "/socket.io/?EIO=4&transport=websocket",
      headers: { origin: foreignUrl.slice(0, -1), connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
    });
    req.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: "", nosniff: undefined });
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, nosniff: res.headers["x-content-type-options"] }));
    });
    req.on("error", reject);
    req.end();
  });
  expect(upgrade.status).toBe(403);
  expect(upgrade.nosniff).toBe("nosniff");
  expect(JSON.parse(upgrade.body).error.code).toBeTruthy();
});

test("the user's own tab notices nothing: headers on the page, no CSP report, and a live run streams", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const home = await page.goto("/");
  const headers = home!.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByTestId("home-toolbar")).toBeVisible();

  const boardId = await createBoard(request);
  await openBoard(page, boardId);
  await page.getByRole("tab", { name: "Run" }).click();
  await page.getByTestId("run-count").fill("5");
  await page.getByTestId("run-start").click();
  await expect.poll(() => page.evaluate(`window.__stormflowRunView?.getState().status`), { timeout: 60_000 }).toBe("completed");
  expect(await page.evaluate(`window.__stormflowRunView.getState().items.length`)).toBeGreaterThan(0);
  expect(violations).toEqual([]);
});

test("a user's page exposes no test hooks: the editor, run view and socket stay off window", async ({ browser, request }) => {
  const boardId = await createBoard(request);
  // A context of its own, without the fixtures' init script: as a user's browser opens the app.
  const context = await browser.newContext({ baseURL: appUrl });
  try {
    const page = await context.newPage();
    await openBoard(page, boardId);
    await page.getByRole("tab", { name: "Run" }).click();
    expect(await page.evaluate(() => ["__stormflowEditor", "__stormflowRunView", "__stormflowSocket"].filter((k) => k in window))).toEqual([]);
  } finally {
    await context.close();
  }
});
