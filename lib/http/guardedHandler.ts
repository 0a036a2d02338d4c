import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { checkRequestLine } from "./requestLine";
import { checkRequest, type HostPolicy } from "./requestGuard";
import { securityHeaders } from "./securityHeaders";

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Wraps the app's request handler: every response gets the security headers, and a request
 * with a method or URL the app does not serve (TRACE, a malformed percent-encoding: Next would
 * answer 500), from a foreign Host or Origin, or with a non-JSON body, is answered here and never
 * reaches a route. socket.io answers its own path before this runs; it checks the same policy at the
 * handshake (see `socketAllowRequest`).
 */
export function guardedHandler(policy: HostPolicy, opts: { dev: boolean }, handler: NodeHandler): NodeHandler {
  const headers = Object.entries(securityHeaders(opts));
  return (req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const refusal = checkRequestLine(req.method ?? "", req.url ?? "/") ?? checkRequest(policy, guardedRequestOf(req));
    if (refusal) return refuse(res, refusal);
    if (req.url?.startsWith("/api/")) explainBareMethodRefusal(req, res);
    return handler(req, res);
  };
}

/**
 * Next answers a method a route does not export with a bare 405 (no body, its headers flushed
 * before the end). An API caller gets the JSON error every other refusal has, naming the method:
 * the answer is taken over when its head is written with 405, and Next's (empty) body dropped.
 */
function explainBareMethodRefusal(req: IncomingMessage, res: ServerResponse): void {
  let refusing = false;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    if (args[0] === 405 && !refusing) {
      refusing = true;
      res.removeHeader("content-length");
      res.setHeader("content-type", "application/json; charset=utf-8");
      return writeHead(405);
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => (refusing ? true : write(...args))) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    if (!refusing && res.statusCode === 405 && !res.headersSent) {
      refusing = true;
      res.removeHeader("content-length");
      res.setHeader("content-type", "application/json; charset=utf-8");
    }
    if (!refusing) return end(...args);
    const path = (req.url ?? "/").split("?")[0]!.slice(0, 200);
    const body = JSON.stringify({ error: { code: "method_not_allowed", message: `The method ${JSON.stringify((req.method ?? "").slice(0, 20))} is not allowed on ${path}.`, issues: [] } });
    const done = args.find((a) => typeof a === "function");
    return end(body, ...(done ? [done] : []));
  }) as typeof res.end;
}

/** socket.io's `allowRequest`: the same Host and Origin checks at the handshake (no body to type). */
export function socketAllowRequest(policy: HostPolicy): (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void {
  return (req, callback) => {
    const refusal = checkRequest(policy, { ...guardedRequestOf(req), method: "GET" });
    callback(refusal ? refusal.message : null, refusal === null);
  };
}

/**
 * Puts the same Host and Origin checks in front of every WebSocket upgrade the server answers
 * (socket.io's, Next's): a refused upgrade gets a 403 with the security headers and the JSON error
 * every other refusal has. engine.io refuses through `allowRequest` too, but always as a bare 400
 * (its abortUpgrade). Call it after the listeners are attached: it wraps those present.
 */
export function guardUpgrades(server: Server, policy: HostPolicy, opts: { dev: boolean }): void {
  const listeners = server.listeners("upgrade") as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  server.removeAllListeners("upgrade");
  const headers = securityHeaders(opts);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkRequestLine(req.method ?? "", req.url ?? "/") ?? checkRequest(policy, { ...guardedRequestOf(req), method: "GET" });
    if (!refusal) {
      for (const listener of listeners) listener.call(server, req, socket, head);
      return;
    }
    const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message, issues: [] } });
    const lines = [`HTTP/1.1 ${refusal.status} ${refusal.status === 403 ? "Forbidden" : "Bad Request"}`, "content-type: application/json; charset=utf-8", `content-length: ${Buffer.byteLength(body)}`, "connection: close"];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    socket.on("error", () => undefined);
    socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
  });
}

function guardedRequestOf(req: IncomingMessage) {
  const length = Number(req.headers["content-length"] ?? 0);
  return {
    method: req.method ?? "GET",
    host: req.headers.host,
    origin: req.headers.origin,
    contentType: req.headers["content-type"],
    hasBody: length > 0 || req.headers["transfer-encoding"] !== undefined,
    fetchSite: one(req.headers["sec-fetch-site"]),
    fetchMode: one(req.headers["sec-fetch-mode"]),
    fetchDest: one(req.headers["sec-fetch-dest"]),
  };
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function refuse(res: ServerResponse, refusal: { status: number; code: string; message: string; allow?: string }): void {
  const body = JSON.stringify({ error: { code: refusal.code, message: refusal.message, issues: [] } });
  // The body is not read: close the connection rather than leave it half-read for the next request.
  res.writeHead(refusal.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
    ...(refusal.allow ? { allow: refusal.allow } : {}),
  });
  res.end(body);
}
