import "server-only";

/**
 * Pure header helpers for the auth error taxonomy: Retry-After and rate-limit quota.
 * No I/O; every function takes `now` explicitly so results are deterministic.
 */

export type HeaderInput = Headers | Record<string, string> | undefined;

/** Longest wait we will ever honour from a provider header (24 h). */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const MAX_HEADER_LENGTH = 4096;

/** Case-insensitive header read from a Headers instance or a plain record. Never throws. */
export function readHeader(headers: HeaderInput, name: string): string | null {
  if (!headers || typeof headers !== "object") return null;
  try {
    let value: unknown = null;
    if (typeof (headers as Headers).get === "function") {
      value = (headers as Headers).get(name);
    } else {
      const wanted = name.toLowerCase();
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === wanted) {
          value = (headers as Record<string, unknown>)[key];
          break;
        }
      }
    }
    if (typeof value !== "string") return null;
    const trimmed = value.trim();
    if (trimmed === "" || trimmed.length > MAX_HEADER_LENGTH) return null;
    return trimmed;
  } catch {
    return null;
  }
}

// RFC 9110 §5.6.7 HTTP-date: IMF-fixdate, obsolete RFC 850 and asctime forms.
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** Parses an HTTP-date to epoch ms, or null when it is not one of the three RFC forms. */
export function parseHttpDate(value: string): number | null {
  let text = value;
  if (ASCTIME_DATE.test(text)) text = `${text} GMT`; // asctime carries no zone but is UTC
  else if (!IMF_FIXDATE.test(text) && !RFC850_DATE.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or HTTP-date.
 * A date in the past gives 0; missing or garbage gives null. Capped at MAX_RETRY_AFTER_MS.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: Date): number | null {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return null;
  if (/^\d{1,12}$/.test(text)) {
    return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  }
  const at = parseHttpDate(text);
  if (at === null) return null;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

export type Quota = { remaining: number | null; resetAt: Date | null };

/**
 * X-RateLimit-Reset (or RateLimit-Reset) as an absolute time. Values ≥ 1e12 are epoch
 * milliseconds, values ≥ 1e9 epoch seconds, anything smaller delta-seconds from `now`.
 */
export function parseRateLimitReset(value: string | null, now: Date): Date | null {
  if (value === null || !/^\d{1,16}(\.\d{1,6})?$/.test(value)) return null;
  const n = Number(value);
  if (!Number.isFinite(n)) return null;
  let ms: number;
  if (n >= 1e12) ms = n;
  else if (n >= 1e9) ms = n * 1000;
  else ms = now.getTime() + n * 1000;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Rate-limit quota from response headers, or null when the provider sent none. */
export function readQuota(headers: HeaderInput, now: Date): Quota | null {
  const remainingRaw = readHeader(headers, "x-ratelimit-remaining") ?? readHeader(headers, "ratelimit-remaining");
  const resetRaw = readHeader(headers, "x-ratelimit-reset") ?? readHeader(headers, "ratelimit-reset");
  if (remainingRaw === null && resetRaw === null) return null;
  const remaining = remainingRaw !== null && /^\d{1,15}$/.test(remainingRaw) ? Number(remainingRaw) : null;
  const resetAt = parseRateLimitReset(resetRaw, now);
  if (remaining === null && resetAt === null) return null;
  return { remaining, resetAt };
}
