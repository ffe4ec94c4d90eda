import "server-only";

/**
 * Which headers cross the API proxy. Requests: everything the caller sent except what identifies or
 * authenticates the caller to Authpulse, describes the hop, or a browser adds; Authorization is
 * replaced by the connection's token. A blocklist rather than an allowlist because provider APIs
 * need their own headers (Notion-Version, HubSpot/LinkedIn version headers, If-Match, Idempotency-Key).
 * Responses: an allowlist of headers a client needs to read the answer, page and back off.
 */

const DROPPED_REQUEST_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  "cookie2",
  "host",
  // Hop-by-hop (RFC 9110 §7.6.1), and what fetch computes itself.
  "connection",
  "keep-alive",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "content-length",
  "accept-encoding",
  "expect",
  // Where the caller is: not the provider's business.
  "forwarded",
  "via",
  "x-real-ip",
  "true-client-ip",
  "cf-connecting-ip",
  "origin",
  "referer",
]);
const DROPPED_REQUEST_PREFIXES = ["proxy-", "sec-", "x-forwarded-", "x-middleware-", "x-invoke-", "x-nextjs-"];
/** An Authpulse key never leaves Authpulse, whatever header a caller put it in. */
const AUTHPULSE_KEY = /\bap_(live|test)_/;

/** The headers to send the provider: the caller's, filtered, with `Authorization: <scheme> <token>`. */
export function forwardedRequestHeaders(incoming: Headers, authorization: string): Headers {
  const listedInConnection = new Set(
    (incoming.get("connection") ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const out = new Headers();
  for (const [name, value] of incoming) {
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || listedInConnection.has(lower)) continue;
    if (DROPPED_REQUEST_PREFIXES.some((prefix) => lower.startsWith(prefix))) continue;
    if (AUTHPULSE_KEY.test(value)) continue;
    out.append(name, value);
  }
  out.set("authorization", authorization);
  return out;
}

const PASSED_RESPONSE_HEADERS = new Set([
  "content-type",
  "content-language",
  "content-disposition",
  "retry-after",
  // The provider's challenge (error="invalid_token", "insufficient_scope"…) says why it refused.
  "www-authenticate",
  "link",
  "etag",
  "last-modified",
  "location",
  "x-request-id",
  "request-id",
]);
/** X-RateLimit-Limit/-Remaining/-Reset, and the IETF RateLimit / RateLimit-Policy / RateLimit-* fields. */
const PASSED_RESPONSE_PREFIXES = ["x-ratelimit-", "ratelimit"];

/** Marks answers that come from the provider, so a caller can tell them from Authpulse's own errors. */
export const PROXY_SOURCE_HEADER = "X-Authpulse-Source";

/** The provider's headers a caller may see. */
export function passedResponseHeaders(upstream: Headers): Headers {
  const out = new Headers();
  for (const [name, value] of upstream) {
    const lower = name.toLowerCase();
    if (PASSED_RESPONSE_HEADERS.has(lower) || PASSED_RESPONSE_PREFIXES.some((prefix) => lower.startsWith(prefix))) out.append(name, value);
  }
  out.set(PROXY_SOURCE_HEADER, "provider");
  return out;
}
