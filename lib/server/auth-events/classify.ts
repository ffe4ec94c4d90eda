import "server-only";

import { parseRetryAfterMs, readHeader, readQuota, type HeaderInput, type Quota } from "./retry-after";

/**
 * One error taxonomy for refresh, the API proxy and ingested events (issue 6,
 * SECURITY.md bad inputs 3–4). Pure: no I/O, time and randomness are injected.
 *
 * `attempt` is the 1-based index of the provider call that just failed. A refresh may
 * make at most MAX_ATTEMPTS calls, so once attempt ≥ MAX_ATTEMPTS a retryable failure
 * becomes stop_and_alert ("gave up after 5 attempts").
 */

export const MAX_ATTEMPTS = 5;
export const BACKOFF_BASE_MS = 1000;
/** Jitter adds up to this fraction of the base delay. */
export const BACKOFF_JITTER = 0.25;
/** A 503 without Retry-After waits 30–60 s. */
export const UNAVAILABLE_MIN_MS = 30_000;
export const UNAVAILABLE_SPAN_MS = 30_000;

export type AuthFailureClassName =
  | "rate_limited"
  | "provider_unavailable"
  | "network"
  | "unauthorized"
  | "needs_reauth"
  | "configuration_error"
  | "permission"
  | "not_retryable"
  | "proxy_auth"
  | "unknown";

export type AuthFailureAction = "retry" | "refresh_then_retry" | "stop_and_alert";

export type NetworkErrorKind = "timeout" | "connection_reset" | "dns" | "connection_refused" | "tls";

export type AuthFailureInput = {
  status?: number;
  headers?: Headers | Record<string, string>;
  body?: string | Record<string, unknown>;
  networkError?: NetworkErrorKind;
  attempt?: number;
  now?: Date;
  random?: () => number;
};

export type AuthFailureClass = {
  class: AuthFailureClassName;
  action: AuthFailureAction;
  retryAfterMs: number | null;
  oauthError: string | null;
  quota: Quota | null;
  /** Short, fixed sentence safe for the UI. Never contains provider-supplied text. */
  reason: string;
};

const MAX_BODY_PARSE_CHARS = 100_000;
const OAUTH_CODE = /^[A-Za-z0-9_.:-]{1,64}$/;

type ParsedBody = { kind: "none" | "json" | "html" | "text"; json: Record<string, unknown> | null };

/** Defensive body parse: JSON string, object, HTML, or garbage. Never throws. */
export function parseBody(body: unknown): ParsedBody {
  try {
    if (body === null || body === undefined) return { kind: "none", json: null };
    if (typeof body === "object") {
      return Array.isArray(body) ? { kind: "text", json: null } : { kind: "json", json: body as Record<string, unknown> };
    }
    if (typeof body !== "string") return { kind: "text", json: null };
    const text = body.trim();
    if (text === "") return { kind: "none", json: null };
    const head = text.slice(0, 512).toLowerCase();
    if (head.startsWith("<") || head.includes("<html") || head.includes("<!doctype")) return { kind: "html", json: null };
    if (text.startsWith("{") && text.length <= MAX_BODY_PARSE_CHARS) {
      try {
        const value: unknown = JSON.parse(text);
        if (value && typeof value === "object" && !Array.isArray(value)) {
          return { kind: "json", json: value as Record<string, unknown> };
        }
      } catch {
        // fall through: garbage
      }
    }
    return { kind: "text", json: null };
  } catch {
    return { kind: "text", json: null };
  }
}

function safeCode(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const code = value.trim();
  return OAUTH_CODE.test(code) ? code : null;
}

/** OAuth `error` code from a JSON body (RFC 6749 §5.2), or null. */
export function oauthErrorFromBody(json: Record<string, unknown> | null): string | null {
  if (!json) return null;
  try {
    return safeCode(json.error);
  } catch {
    return null;
  }
}

/** `error` parameter of a Bearer/DPoP WWW-Authenticate challenge (RFC 6750 §3), or null. */
export function oauthErrorFromWwwAuthenticate(value: string | null): string | null {
  if (value === null || !/^\s*(bearer|dpop)\b/i.test(value) && !/,\s*(bearer|dpop)\b/i.test(value)) return null;
  const match = /(?:^|[\s,])error\s*=\s*(?:"([^"]*)"|([^\s,]+))/i.exec(value);
  if (!match) return null;
  return safeCode(match[1] ?? match[2]);
}

/** Exponential backoff 1 s, 2 s, 4 s, … for the attempt that just failed, plus up to +25% jitter. */
export function backoffMs(attempt: number, random: () => number): number {
  const base = BACKOFF_BASE_MS * 2 ** (Math.max(1, attempt) - 1);
  return base + Math.floor(base * BACKOFF_JITTER * unit(random));
}

function unit(random: () => number): number {
  let r: number;
  try {
    r = random();
  } catch {
    return 0;
  }
  if (!Number.isFinite(r) || r < 0) return 0;
  return r >= 1 ? 0.999999 : r;
}

function normalizeAttempt(attempt: unknown): number {
  if (typeof attempt !== "number" || !Number.isFinite(attempt) || attempt < 1) return 1;
  return Math.floor(attempt);
}

const OAUTH_CLASS: Record<string, AuthFailureClassName> = {
  invalid_grant: "needs_reauth",
  invalid_client: "configuration_error",
  unauthorized_client: "configuration_error",
  invalid_token: "unauthorized",
  insufficient_scope: "permission",
  access_denied: "permission",
  temporarily_unavailable: "provider_unavailable",
  server_error: "provider_unavailable",
};

const REASONS: Record<AuthFailureClassName, string> = {
  rate_limited: "The provider is rate limiting requests.",
  provider_unavailable: "The provider is temporarily unavailable.",
  network: "The provider could not be reached.",
  unauthorized: "The provider rejected the access token.",
  needs_reauth: "The authorization was revoked or expired; the user must reconnect.",
  configuration_error: "The provider rejected the client credentials; check the app configuration.",
  permission: "The connection lacks the scope or role for this request.",
  not_retryable: "The provider rejected the request; retrying will not help.",
  proxy_auth: "An HTTP proxy between Authpulse and the provider requires authentication.",
  unknown: "The provider returned an unexpected response.",
};

const NETWORK_REASONS: Record<NetworkErrorKind, string> = {
  timeout: "The request to the provider timed out.",
  connection_reset: "The connection to the provider was reset.",
  dns: "The provider's host name could not be resolved.",
  connection_refused: "The provider refused the connection.",
  tls: "The TLS handshake with the provider failed.",
};

export function classifyAuthFailure(input: AuthFailureInput): AuthFailureClass {
  const now = input.now instanceof Date && !Number.isNaN(input.now.getTime()) ? input.now : new Date();
  const random = typeof input.random === "function" ? input.random : Math.random;
  const attempt = normalizeAttempt(input.attempt);
  const headers: HeaderInput = input.headers;
  const status = typeof input.status === "number" && Number.isInteger(input.status) ? input.status : null;

  const quota = readQuota(headers, now);
  const body = parseBody(input.body);
  const oauthError =
    oauthErrorFromBody(body.json) ?? oauthErrorFromWwwAuthenticate(readHeader(headers, "www-authenticate"));
  const retryAfterHeaderMs = parseRetryAfterMs(readHeader(headers, "retry-after"), now);

  const result = (cls: AuthFailureClassName, action: AuthFailureAction, retryAfterMs: number | null, reason?: string) =>
    finish({ class: cls, action, retryAfterMs, oauthError, quota, reason: reason ?? REASONS[cls] }, attempt);

  // Transport failures: no usable response at all.
  if (input.networkError) {
    const reason = NETWORK_REASONS[input.networkError as NetworkErrorKind] ?? REASONS.network;
    return result("network", "retry", backoffMs(attempt, random), reason);
  }

  // Proxy and rate-limit statuses come before body codes: they describe the hop, not the grant.
  if (status === 407) return result("proxy_auth", "stop_and_alert", null);
  if (status === 429) {
    let wait = retryAfterHeaderMs;
    if (wait === null && quota?.resetAt && (quota.remaining === null || quota.remaining === 0)) {
      const untilReset = quota.resetAt.getTime() - now.getTime();
      if (untilReset > 0) wait = untilReset;
    }
    return result("rate_limited", "retry", wait ?? backoffMs(attempt, random));
  }

  const mapped = oauthError ? OAUTH_CLASS[oauthError.toLowerCase()] : undefined;
  if (mapped) {
    switch (mapped) {
      case "unauthorized":
        return unauthorized(result, attempt);
      case "provider_unavailable":
        return result("provider_unavailable", "retry", retryAfterHeaderMs ?? backoffMs(attempt, random));
      default:
        return result(mapped, "stop_and_alert", null);
    }
  }

  if (status === null) return result("unknown", "stop_and_alert", null);
  if (status === 401) return unauthorized(result, attempt);
  if (status === 403) return result("permission", "stop_and_alert", null);
  if (status === 408) return result("network", "retry", retryAfterHeaderMs ?? backoffMs(attempt, random), NETWORK_REASONS.timeout);
  if (status >= 500 && status <= 599 && status !== 501 && status !== 505) {
    const reason = body.kind === "html" ? "The provider returned an error page instead of an API response." : undefined;
    let wait = retryAfterHeaderMs;
    if (wait === null && status === 503) wait = UNAVAILABLE_MIN_MS + Math.floor(UNAVAILABLE_SPAN_MS * unit(random));
    return result("provider_unavailable", "retry", wait ?? backoffMs(attempt, random), reason);
  }
  if (status >= 400 && status <= 599) return result("not_retryable", "stop_and_alert", null);
  return result("unknown", "stop_and_alert", null);
}

type Build = (cls: AuthFailureClassName, action: AuthFailureAction, retryAfterMs: number | null, reason?: string) => AuthFailureClass;

function unauthorized(result: Build, attempt: number): AuthFailureClass {
  if (attempt <= 1) return result("unauthorized", "refresh_then_retry", 0);
  return result("unauthorized", "stop_and_alert", null, "The provider rejected the token again after a refresh.");
}

/** Applies the per-refresh call budget: a retry that would exceed MAX_ATTEMPTS calls stops instead. */
function finish(out: AuthFailureClass, attempt: number): AuthFailureClass {
  if (out.action === "retry" && attempt >= MAX_ATTEMPTS) {
    return {
      ...out,
      action: "stop_and_alert",
      // A 429 keeps what the provider asked for (Retry-After or the quota reset): the next refresh must not come sooner.
      retryAfterMs: out.class === "rate_limited" ? out.retryAfterMs : null,
      reason: `${out.reason.replace(/\.$/, "")}; gave up after ${MAX_ATTEMPTS} attempts.`,
    };
  }
  return out;
}
