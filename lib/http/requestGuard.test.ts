import { describe, expect, it } from "vitest";
import { checkRequest, hostPolicyFromEnv, isAllowedHost, isOwnOrigin, type GuardedRequest } from "./requestGuard";

const policy = hostPolicyFromEnv({});
const get = (over: Partial<GuardedRequest> = {}): GuardedRequest => ({ method: "GET", host: "127.0.0.1:3000", origin: undefined, contentType: undefined, hasBody: false, ...over });
const post = (over: Partial<GuardedRequest> = {}): GuardedRequest => get({ method: "POST", contentType: "application/json", hasBody: true, ...over });

describe("Host check (DNS rebinding)", () => {
  it.each(["127.0.0.1:3000", "localhost:3000", "LOCALHOST", "[::1]:3000", "192.168.1.20:3000", "app.localhost:3000", "localhost.:3000"])("allows %s", (host) => {
    expect(isAllowedHost(policy, host)).toBe(true);
  });

  it.each([undefined, "", "evil.example", "evil.example:3000", "localhost.evil.example", "evil@127.0.0.1", "127.0.0.1/x", "a b", "127.0.0.1:3000\u0000"])("refuses %j", (host) => {
    expect(isAllowedHost(policy, host)).toBe(false);
  });

  it("takes HOST and STORMFLOW_ALLOWED_HOSTS, a leading dot for subdomains", () => {
    const p = hostPolicyFromEnv({ HOST: "Stormflow.Lan", STORMFLOW_ALLOWED_HOSTS: " board.example.test , .team.test" });
    expect(isAllowedHost(p, "stormflow.lan:3000")).toBe(true);
    expect(isAllowedHost(p, "board.example.test")).toBe(true);
    expect(isAllowedHost(p, "a.team.test")).toBe(true);
    expect(isAllowedHost(p, "team.test")).toBe(true);
    expect(isAllowedHost(p, "example.test")).toBe(false);
    expect(isAllowedHost(p, "evilteam.test")).toBe(false);
  });

  it("refuses a foreign Host with 403 forbidden_host, even on GET", () => {
    expect(checkRequest(policy, get({ host: "evil.example" }))).toMatchObject({ status: 403, code: "forbidden_host" });
  });
});

describe("Origin check (CSRF, cross-site WebSocket)", () => {
  it("an origin is own only on the very host and port of the request", () => {
    expect(isOwnOrigin("http://127.0.0.1:3000", "127.0.0.1:3000")).toBe(true);
    expect(isOwnOrigin("https://stormflow.lan", "stormflow.lan")).toBe(true);
    expect(isOwnOrigin("http://localhost:3000", "127.0.0.1:3000")).toBe(false);
    expect(isOwnOrigin("http://127.0.0.1:3001", "127.0.0.1:3000")).toBe(false);
    expect(isOwnOrigin("null", "127.0.0.1:3000")).toBe(false);
    expect(isOwnOrigin("file://", "127.0.0.1:3000")).toBe(false);
    expect(isOwnOrigin("http://127.0.0.1:3000", undefined)).toBe(false);
  });

  it("refuses a foreign or null Origin with 403 on any method; no Origin (curl, the CLI) passes", () => {
    expect(checkRequest(policy, post({ origin: "http://evil.example" }))).toMatchObject({ status: 403, code: "forbidden_origin" });
    expect(checkRequest(policy, get({ origin: "null" }))).toMatchObject({ status: 403, code: "forbidden_origin" });
    expect(checkRequest(policy, post({ origin: "http://127.0.0.1:3000" }))).toBeNull();
    expect(checkRequest(policy, post())).toBeNull();
    expect(checkRequest(policy, get())).toBeNull();
  });

  it("echoes attacker text short and printable", () => {
    const refusal = checkRequest(policy, get({ origin: `http://${"x".repeat(500)}\u0007.example` }));
    expect(refusal?.message.length).toBeLessThan(250);
    expect(refusal?.message).not.toMatch(/[^\x20-\x7e…]/);
  });
});

describe("content type (simple requests skip CORS preflight)", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "application/json-seq"])("refuses a %s body with 415", (contentType) => {
    expect(checkRequest(policy, post({ contentType }))).toMatchObject({ status: 415, code: "unsupported_media_type" });
  });

  it("refuses a body with no content type, on PUT and DELETE too", () => {
    expect(checkRequest(policy, post({ method: "PUT", contentType: undefined }))).toMatchObject({ status: 415 });
    expect(checkRequest(policy, post({ method: "DELETE", contentType: "text/plain" }))).toMatchObject({ status: 415 });
  });

  it("accepts JSON with parameters, and a bodyless POST (stop a run with curl)", () => {
    expect(checkRequest(policy, post({ contentType: "Application/JSON; charset=utf-8" }))).toBeNull();
    expect(checkRequest(policy, post({ contentType: undefined, hasBody: false }))).toBeNull();
  });
});

describe("Fetch Metadata (an <img> or no-cors GET from another site sends no Origin)", () => {
  const from = (fetchSite: string, fetchMode: string, fetchDest: string, method = "GET") => get({ method, fetchSite, fetchMode, fetchDest });

  it.each([
    ["cross-site", "no-cors", "image"],
    ["same-site", "no-cors", "empty"],
    ["cross-site", "cors", "empty"],
    ["cross-site", "navigate", "iframe"],
    ["cross-site", "websocket", "websocket"],
  ])("refuses %s %s %s with 403", (site, mode, dest) => {
    expect(checkRequest(policy, from(site, mode, dest))).toMatchObject({ status: 403, code: "forbidden_origin" });
  });

  it("lets a link from another site open the app, and same-origin or typed-in requests through", () => {
    expect(checkRequest(policy, from("cross-site", "navigate", "document"))).toBeNull();
    expect(checkRequest(policy, from("none", "navigate", "document"))).toBeNull();
    expect(checkRequest(policy, from("same-origin", "cors", "empty"))).toBeNull();
    expect(checkRequest(policy, from("cross-site", "navigate", "document", "POST"))).toMatchObject({ status: 403 });
  });
});
