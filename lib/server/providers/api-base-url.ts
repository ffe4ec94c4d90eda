import "server-only";
import { isAllowedOutboundUrl } from "@/lib/server/oauth/outbound-http";
import type { ProviderEntry } from "./provider-entry-schema";
import { fillProviderUrl, ProviderUrlTemplateError } from "./provider-url-template";

/**
 * `value` as an API base: an absolute https URL (http only on a loopback host) without credentials,
 * query or fragment, returned as origin + path with no trailing slash. null when it is anything else.
 */
function normalizeBaseUrl(value: string): string | null {
  if (!URL.canParse(value)) return null;
  const url = new URL(value);
  if (!isAllowedOutboundUrl(url)) return null;
  if (url.username !== "" || url.password !== "") return null;
  // `?` or `#` with nothing after them parse to "" but are still not a clean base.
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(value)) return null;
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/**
 * The API base URL for a connection: the token-response field when the entry names one and the stored
 * value is a valid https URL (http only for loopback hosts), else entry.api.baseUrl with URL template
 * values substituted, else null. Never returns a URL with credentials, query or fragment; strips a
 * trailing slash.
 */
export function resolveApiBaseUrl(
  entry: ProviderEntry,
  input: { tokenResponse?: Record<string, string | number | boolean>; templateValues?: Record<string, string> },
): string | null {
  const api = entry.api;
  if (api === undefined) return null;
  if (api.baseUrlFromTokenResponse !== undefined) {
    const value = input.tokenResponse?.[api.baseUrlFromTokenResponse];
    if (typeof value === "string") {
      const fromToken = normalizeBaseUrl(value.trim());
      if (fromToken !== null) return fromToken;
    }
  }
  if (api.baseUrl === undefined) return null;
  let filled: string;
  try {
    // No token argument: a `{token}` placeholder stays as it is and fails normalization below.
    filled = fillProviderUrl(api.baseUrl, entry.urlTemplateVariables ?? [], input.templateValues ?? {});
  } catch (error) {
    if (error instanceof ProviderUrlTemplateError) return null;
    throw error;
  }
  if (filled.includes("{")) return null;
  return normalizeBaseUrl(filled);
}

/** Characters a proxied path may never carry: controls (the URL parser drops tabs and newlines), `\`, `?`, `#`. */
const forbiddenPathCharacters = /[\u0000-\u001f\u007f\\?#]/;

/** Decodes percent-escapes until nothing changes (double encoding included); null when an escape is malformed. */
function fullyDecoded(segment: string): string | null {
  let current = segment;
  for (let round = 0; round < 5; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * Joins base + a proxied path safely: rejects (returns null) paths that would escape the base (".."
 * segments, encoded %2e%2e, absolute URLs, "//host", backslashes), keeps the query string.
 *
 * `path` is the raw (still percent-encoded) remainder after the connection id, with or without a
 * leading "/"; a trailing "/" is kept (Close's endpoints end with one). `search` is the query, with
 * or without its leading "?"; it may not carry a fragment. The result always stays under `baseUrl`.
 */
export function joinApiPath(baseUrl: string, path: string, search?: string): string | null {
  const base = normalizeBaseUrl(baseUrl);
  if (base === null) return null;
  if (forbiddenPathCharacters.test(path)) return null;
  // One leading slash is the separator; two would make the rest an authority ("//evil.example").
  const relative = path.startsWith("/") ? path.slice(1) : path;
  if (relative.startsWith("/")) return null;
  // "https:", "javascript:"... : a scheme in front would turn the path into an absolute URL.
  if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) return null;
  const segments = relative === "" ? [] : relative.split("/");
  for (const [index, segment] of segments.entries()) {
    // Empty segments ("a//b") are refused; only the very last one (a trailing slash) is allowed.
    if (segment === "" && index !== segments.length - 1) return null;
    const decoded = fullyDecoded(segment);
    if (decoded === null) return null;
    // An encoded slash is data ("Table%2FName"), but "..%2F" would climb on a server that decodes first.
    if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return null;
    if (decoded.split("/").some((part) => part === "." || part === "..")) return null;
  }
  let query = search ?? "";
  if (query.startsWith("?")) query = query.slice(1);
  if (query.includes("#") || /[\u0000-\u001f\u007f]/.test(query)) return null;
  const joined = `${base}${relative === "" ? "" : `/${relative}`}${query === "" ? "" : `?${query}`}`;
  if (!URL.canParse(joined)) return null;
  const url = new URL(joined);
  const baseUrlParsed = new URL(base);
  // Belt and braces: whatever the parser made of it, the result must sit under the base.
  if (url.origin !== baseUrlParsed.origin) return null;
  const basePath = baseUrlParsed.pathname.replace(/\/+$/, "");
  if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return null;
  if (url.username !== "" || url.password !== "" || url.hash !== "") return null;
  return url.href;
}
