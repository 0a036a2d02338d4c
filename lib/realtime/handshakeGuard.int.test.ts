import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect } from "socket.io-client";
import { guardUpgrades, guardedHandler, socketAllowRequest } from "../http/guardedHandler";
import { hostPolicyFromEnv } from "../http/requestGuard";
import { securityHeaders } from "../http/securityHeaders";
import type { RunFeed } from "./runFeed";
import { SOCKET_PATH } from "./protocol";
import { attachRealtime, type RealtimeServer } from "./server";

// The guard exactly as server.ts wires it: around the app's handler, and as socket.io's
// allowRequest. The app behind it here only counts the requests that reached it.
const idleFeed: RunFeed = { status: async () => null, readTrace: async () => [], watch: () => null };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe("the request guard on a real http server and socket.io", () => {
  let http: Server;
  let io: RealtimeServer;
  let port: number;
  let reached: string[];

  beforeAll(async () => {
    reached = [];
    const policy = hostPolicyFromEnv({ HOST: "127.0.0.1" });
    http = createServer(
      guardedHandler(policy, { dev: false }, (req, res) => {
        reached.push(`${req.method} ${req.url}`);
        // As Next answers a method a route does not export: a bare 405.
        if (req.url?.endsWith("/get-only") && req.method !== "GET") {
          res.statusCode = 405;
          res.end();
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end("{}");
      }),
    );
    io = attachRealtime(http, { version: "test", feed: () => idleFeed, allowRequest: socketAllowRequest(policy), headers: securityHeaders({ dev: false }) });
    guardUpgrades(http, policy, { dev: false });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    port = (http.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => io.close(() => r()));
  });

  function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, setHost: !("host" in headers) }, (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  it("a text/plain POST (a no-cors fetch, a text/plain form) is 415 and reaches no route", async () => {
    const before = reached.length;
    const answer = await send("POST", "/api/boards", { "content-type": "text/plain" }, JSON.stringify({ name: "csrf" }));
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).error.code).toBe("unsupported_media_type");
    const form = await send("POST", "/api/boards/x/runs", { "content-type": "application/x-www-form-urlencoded" }, "a=b");
    expect(form.status).toBe(415);
    expect(reached.length).toBe(before);
  });

  it("a foreign Origin is 403 even with a JSON body; the app's own origin and no Origin go through", async () => {
    const before = reached.length;
    const foreign = await send("POST", "/api/boards", { "content-type": "application/json", origin: "http://evil.example" }, "{}");
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.code).toBe("forbidden_origin");
    expect(reached.length).toBe(before);
    expect((await send("POST", "/api/boards", { "content-type": "application/json", origin: `http://127.0.0.1:${port}` }, "{}")).status).toBe(200);
    expect((await send("POST", "/api/boards", { "content-type": "application/json" }, "{}")).status).toBe(200);
    expect(reached.length).toBe(before + 2);
  });

  it("a foreign Host (DNS rebinding) is 403 on a plain GET", async () => {
    const before = reached.length;
    const answer = await send("GET", "/api/boards", { host: "evil.example" });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).error.code).toBe("forbidden_host");
    expect(reached.length).toBe(before);
    expect((await send("GET", "/api/boards", { host: `localhost:${port}` })).status).toBe(200);
  });

  it("TRACE, an unknown method and a malformed percent-encoding are 4xx here, never a route's 500", async () => {
    const before = reached.length;
    const trace = await send("TRACE", "/api/boards", {});
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toContain("GET");
    expect((await send("PROPFIND", "/api/boards", {})).status).toBe(405);
    const badPath = await send("GET", "/api/boards/%E0%A4%A", {});
    expect(badPath.status).toBe(400);
    expect(JSON.parse(badPath.body).error.code).toBe("bad_path");
    expect(reached.length).toBe(before);
  });

  it("a method an API route does not serve is a 405 with a JSON error naming it; elsewhere the answer is left alone", async () => {
    const api = await send("PUT", "/api/boards/x/get-only", { "content-type": "application/json" }, "{}");
    expect(api.status).toBe(405);
    expect(api.headers["content-type"]).toContain("application/json");
    expect(JSON.parse(api.body)).toEqual({ error: { code: "method_not_allowed", message: 'The method "PUT" is not allowed on /api/boards/x/get-only.', issues: [] } });
    const page = await send("DELETE", "/boards/get-only", {});
    expect(page).toMatchObject({ status: 405, body: "" });
    expect((await send("GET", "/api/boards/x/get-only", {})).status).toBe(200);
  });

  it("every answer, refused or not, carries the security headers", async () => {
    for (const answer of [await send("GET", "/", {}), await send("GET", "/", { host: "evil.example" })]) {
      expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(answer.headers["x-frame-options"]).toBe("DENY");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["referrer-policy"]).toBe("no-referrer");
    }
  });

  function handshake(extraHeaders: Record<string, string>, transport: "websocket" | "polling"): Promise<"connected" | string> {
    const socket = connect(`http://127.0.0.1:${port}`, { path: SOCKET_PATH, transports: [transport], reconnection: false, extraHeaders, timeout: 5000 });
    return new Promise((resolve) => {
      socket.on("connect", () => {
        socket.close();
        resolve("connected");
      });
      socket.on("connect_error", (err) => {
        socket.close();
        resolve(err.message);
      });
    });
  }

  it("socket.io refuses a foreign Origin or Host at the handshake, over WebSocket and polling", async () => {
    for (const transport of ["websocket", "polling"] as const) {
      expect(await handshake({ origin: "http://evil.example" }, transport)).not.toBe("connected");
      expect(await handshake({ origin: "null" }, transport)).not.toBe("connected");
      expect(await handshake({ origin: `http://127.0.0.1:${port}` }, transport)).toBe("connected");
      expect(await handshake({}, transport)).toBe("connected");
    }
  });

  it("an engine.io session asked for by another site's <img> or no-cors fetch (no Origin) is refused; socket.io's answers carry the headers", async () => {
    const path = `${SOCKET_PATH}/?EIO=4&transport=polling`;
    const img = await send("GET", path, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" });
    expect(img.status).toBe(403);
    expect(img.body).not.toMatch(/"sid"/);
    const own = await send("GET", path, { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" });
    expect(own.body).toMatch(/"sid"/);
    expect(own.headers["x-content-type-options"]).toBe("nosniff");
    expect(own.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  });

  it("a link from another site still opens a page; another site's sub-resource request does not", async () => {
    expect((await send("GET", "/boards/x", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" })).status).toBe(200);
    expect((await send("GET", "/api/boards", { "sec-fetch-site": "same-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "script" })).status).toBe(403);
  });

  it("a socket.io handshake or WebSocket upgrade naming a foreign Host or Origin is refused with a 403 and the security headers", async () => {
    const path = `${SOCKET_PATH}/?EIO=4&transport=polling`;
    const refused = await send("GET", path, { host: "evil.example" });
    expect(refused.status).toBe(403);
    expect(refused.body).not.toMatch(/"sid"/);
    expect((await send("GET", path, { host: `localhost:${port}` })).body).toMatch(/"sid"/);
    const upgrade = (headers: Record<string, string>) =>
      new Promise<string | Answer>((resolve, reject) => {
        const req = httpRequest({
          host: "127.0.0.1", port, path: `${SOCKET_PATH}/?EIO=4&transport=websocket`, setHost: false,
          headers: { host: `127.0.0.1:${port}`, connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", ...headers },
        });
        req.on("upgrade", (_res, socket) => {
          socket.destroy();
          resolve("upgraded");
        });
        req.on("response", (res) => {
          let text = "";
          res.on("data", (d) => (text += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        });
        req.on("error", reject);
        req.end();
      });
    // Refused before engine.io sees it (whose own refusal is a bare 400): a 403 like every other, with the headers.
    for (const foreign of [{ host: "evil.example" }, { origin: "http://evil.example" }] as Record<string, string>[]) {
      const answer = await upgrade(foreign);
      expect(answer, JSON.stringify(foreign)).toMatchObject({ status: 403, body: expect.stringContaining('"code":') });
      expect((answer as Answer).headers["x-content-type-options"]).toBe("nosniff");
      expect((answer as Answer).headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    }
    // The app's own origin still upgrades.
    expect(await upgrade({ origin: `http://127.0.0.1:${port}` })).toBe("upgraded");
  });
});

describe("the server-wide connection cap", () => {
  it("refuses a handshake past maxConnections, and takes one again when a connection closes", async () => {
    const http = createServer();
    const io = attachRealtime(http, { version: "test", feed: () => idleFeed, maxConnections: 3 });
    await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const open = (): Promise<{ socket: ReturnType<typeof connect>; result: string }> => {
      const socket = connect(url, { path: SOCKET_PATH, transports: ["websocket"], reconnection: false, timeout: 5000 });
      return new Promise((resolve) => {
        socket.on("connect", () => resolve({ socket, result: "connected" }));
        socket.on("connect_error", (err) => resolve({ socket, result: err.message }));
      });
    };
    try {
      const first = await Promise.all([open(), open(), open()]);
      expect(first.map((f) => f.result)).toEqual(["connected", "connected", "connected"]);
      const fourth = await open();
      expect(fourth.result).not.toBe("connected");
      fourth.socket.close();
      first[0]!.socket.close();
      await expect.poll(() => io.engine.clientsCount).toBe(2);
      const again = await open();
      expect(again.result).toBe("connected");
      for (const s of [...first, again]) s.socket.close();
    } finally {
      await new Promise<void>((r) => io.close(() => r()));
    }
  });
});
