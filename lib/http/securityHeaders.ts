/**
 * Headers on every response. The CSP keeps the app from being framed (clickjacking) and from
 * loading anything from elsewhere; Next's hydration needs inline scripts, and dev mode's React
 * refresh needs eval. `connect-src 'self'` covers the socket.io WebSocket on the same host (CSP 3).
 * CORP same-origin keeps a foreign page from pulling our JSON in with a no-cors `<script>` or fetch.
 */
export function securityHeaders(opts: { dev: boolean }): Readonly<Record<string, string>> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
  };
}
