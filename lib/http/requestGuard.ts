import { isIP } from "node:net";

/**
 * Which hosts and origins may talk to this server. Stormflow listens on 127.0.0.1, and every web
 * page the user visits can reach 127.0.0.1: the Host check stops DNS rebinding (a foreign name
 * resolved to 127.0.0.1), the Origin check stops cross-site requests and WebSockets, and the
 * content-type check stops the "simple" requests (text/plain, forms) that skip CORS preflight.
 * Modelled on Vite's `server.allowedHosts` (CVE-2025-24010) and Jupyter's Host check.
 */
export interface HostPolicy {
  /** Lower-case host names (no port) a request's Host may name; IP literals are always allowed. */
  readonly hosts: ReadonlySet<string>;
}

/** Why a request is refused: an HTTP status, a code and a line for the user. */
export interface Refusal {
  readonly status: 403 | 415;
  readonly code: "forbidden_host" | "forbidden_origin" | "unsupported_media_type";
  readonly message: string;
}

/** What the guard reads of a request: its method and three headers (each possibly absent). */
export interface GuardedRequest {
  readonly method: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly contentType: string | undefined;
  /** True when the request carries a body (a Content-Length above 0, or chunked). */
  readonly hasBody: boolean;
  /** The browser's Fetch Metadata (`Sec-Fetch-Site`, `-Mode`, `-Dest`): absent from curl and the CLI. */
  readonly fetchSite?: string;
  readonly fetchMode?: string;
  readonly fetchDest?: string;
}

const LOOPBACK_NAMES = ["localhost"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The hosts allowed from the environment: localhost, any IP literal (127.0.0.1, [::1], a LAN
 * address: rebinding needs a name), the configured `HOST` when it is a name, and the
 * comma-separated `STORMFLOW_ALLOWED_HOSTS` (a leading dot allows every subdomain: `.example.test`).
 */
export function hostPolicyFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): HostPolicy {
  const hosts = new Set(LOOPBACK_NAMES);
  const configured = env.HOST?.trim();
  if (configured && hostnameOf(configured)) hosts.add(hostnameOf(configured));
  for (const entry of (env.STORMFLOW_ALLOWED_HOSTS ?? "").split(",")) {
    const name = entry.trim().toLowerCase();
    if (name) hosts.add(name);
  }
  return { hosts };
}

/** True when a Host header value (`name[:port]`) names this server. */
export function isAllowedHost(policy: HostPolicy, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const name = hostnameOf(hostHeader);
  if (name === "" || isIP(name) !== 0) return name !== "";
  if (policy.hosts.has(name) || name.endsWith(".localhost")) return true;
  for (const allowed of policy.hosts) if (allowed.startsWith(".") && (name.endsWith(allowed) || name === allowed.slice(1))) return true;
  return false;
}

/**
 * True when `origin` is this server's own origin as the request reached it: http(s) on the very
 * host and port the Host header names. `null` (a sandboxed frame, a file:// page) is foreign.
 */
export function isOwnOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const name = hostnameOf(hostHeader);
  if (!name) return false;
  const port = HOST_HEADER.exec(hostHeader.trim().toLowerCase())?.[2]?.slice(1) ?? "";
  const own = new URL(`http://${isIP(name) === 6 ? `[${name}]` : name}${port ? `:${port}` : ""}`);
  // Same name and port (URL drops a scheme's default port on both sides); the scheme may be https
  // behind a TLS proxy.
  return url.hostname === own.hostname && url.port === own.port;
}

/**
 * The one check every HTTP request and every socket handshake passes before it is handled:
 * null when it may go on, else why not. Requests without an Origin (curl, scripts, the CLI) pass
 * the Origin check; a body of any type but JSON on a state-changing method is refused.
 */
export function checkRequest(policy: HostPolicy, req: GuardedRequest): Refusal | null {
  if (!isAllowedHost(policy, req.host)) {
    return {
      status: 403,
      code: "forbidden_host",
      message: `Host "${clip(req.host ?? "")}" is not allowed. Open Stormflow as http://localhost or http://127.0.0.1, or add the name to STORMFLOW_ALLOWED_HOSTS.`,
    };
  }
  if (req.origin !== undefined && !isOwnOrigin(req.origin, req.host)) {
    return {
      status: 403,
      code: "forbidden_origin",
      message: `Requests from ${clip(req.origin)} are not allowed: only pages served by this Stormflow may call it.`,
    };
  }
  if (!allowedByFetchMetadata(req)) {
    return {
      status: 403,
      code: "forbidden_origin",
      message: `Requests from another site are not allowed (${[req.fetchSite, req.fetchMode, req.fetchDest].filter(Boolean).map((v) => clip(v!)).join(" ")}): only pages served by this Stormflow may call it; a link to it opens it.`,
    };
  }
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && (req.hasBody || req.contentType !== undefined) && !isJson(req.contentType)) {
    return {
      status: 415,
      code: "unsupported_media_type",
      message: `Send the body as JSON with "content-type: application/json" (got ${req.contentType ? `"${clip(req.contentType)}"` : "no content type"}).`,
    };
  }
  return null;
}

/**
 * The resource isolation policy of Fetch Metadata (web.dev): a request another site's page made
 * (an `<img>` or no-cors fetch, which send no Origin on GET) is refused; a top-level navigation
 * (a link to the app) and every request without the headers (curl, older browsers: the Host and
 * Origin checks still apply) go on.
 */
function allowedByFetchMetadata(req: GuardedRequest): boolean {
  const site = req.fetchSite?.toLowerCase();
  if (site === undefined || site === "same-origin" || site === "none") return true;
  const method = req.method.toUpperCase();
  return req.fetchMode?.toLowerCase() === "navigate" && (method === "GET" || method === "HEAD") && req.fetchDest?.toLowerCase() === "document";
}

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.split(";")[0]!.trim().toLowerCase() === "application/json";
}

/** `name[:port]` or `[v6][:port]`, and nothing else: no userinfo, path or spaces to confuse a URL parser. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/;

/** `name` of `name:port`, `[::1]:3000` → `::1`; lower case, no trailing dot; "" when malformed. */
function hostnameOf(hostHeader: string): string {
  const trimmed = hostHeader.trim().toLowerCase();
  // An IPv6 literal without brackets (HOST=::1) is not a `name:port`.
  if (isIP(trimmed) === 6) return trimmed;
  const match = HOST_HEADER.exec(trimmed);
  if (!match) return "";
  return match[1]!.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
}

/** Header values are attacker text: keep what is echoed short and printable. */
function clip(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, "?");
  return printable.length > 100 ? `${printable.slice(0, 100)}…` : printable;
}
