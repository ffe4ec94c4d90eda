import "server-only";
import { classifyAuthFailure, type AuthFailureClass, type NetworkErrorKind } from "@/lib/server/auth-events/classify";
import { readHeader, readQuota, type Quota } from "@/lib/server/auth-events/retry-after";
import { isServiceError } from "@/lib/server/errors";
import { TokenRequestError } from "@/lib/server/oauth/token-errors";
import type { FetchFn } from "@/lib/server/oauth/outbound-http";

/** What the transport saw of the last provider answer: status and headers, or the network failure. */
export type Observation = { status: number | null; headers: Headers | null; networkError: NetworkErrorKind | null };

/** Wraps a fetch so the caller can classify a failure from the real status and headers (Retry-After, X-RateLimit-*). */
export function observingFetch(inner: FetchFn | undefined): { fetch: FetchFn; seen: Observation } {
  const seen: Observation = { status: null, headers: null, networkError: null };
  const base: FetchFn = inner ?? ((url, init) => globalThis.fetch(url, init));
  const fetch: FetchFn = async (url, init) => {
    try {
      const response = await base(url, init);
      seen.status = response.status;
      seen.headers = response.headers;
      seen.networkError = null;
      return response;
    } catch (error) {
      seen.networkError = networkErrorKind(error);
      throw error;
    }
  };
  return { fetch, seen };
}

const codeKinds: Record<string, NetworkErrorKind> = {
  ECONNRESET: "connection_reset",
  EPIPE: "connection_reset",
  UND_ERR_SOCKET: "connection_reset",
  UND_ERR_CLOSED: "connection_reset",
  ECONNREFUSED: "connection_refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  ETIMEDOUT: "timeout",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  UND_ERR_HEADERS_TIMEOUT: "timeout",
  UND_ERR_BODY_TIMEOUT: "timeout",
};

/** The kind of a fetch failure (undici wraps the socket error in `cause`). */
export function networkErrorKind(error: unknown): NetworkErrorKind {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.name === "TimeoutError" || current.name === "AbortError") return "timeout";
    const code = "code" in current && typeof current.code === "string" ? current.code : undefined;
    if (code && codeKinds[code]) return codeKinds[code];
    if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return "tls";
  }
  return "connection_reset";
}

function oauthErrorOf(error: unknown): string | null {
  if (error instanceof TokenRequestError) return error.oauthError?.error ?? null;
  if (isServiceError(error) && typeof error.details.oauthError === "string") return error.details.oauthError;
  return null;
}

function reasonOf(error: unknown): string | null {
  if (error instanceof TokenRequestError) return error.reason;
  if (isServiceError(error) && typeof error.details.reason === "string") return error.details.reason;
  return null;
}

/** A failed provider call, classified by the one taxonomy, with what the event row records. */
export type ClassifiedFailure = { failure: AuthFailureClass; httpStatus: number | null; quota: Quota | null };

/** X-RateLimit-Remaining / -Limit of an answer, for the event row (quota burn). */
export function rateLimitOf(headers: Headers | null, now: Date): { remaining: number | null; limit: number | null } {
  if (!headers) return { remaining: null, limit: null };
  const limitText = readHeader(headers, "x-ratelimit-limit") ?? readHeader(headers, "ratelimit-limit");
  const limit = limitText !== null && /^\d{1,12}$/.test(limitText) ? Number(limitText) : null;
  return { remaining: readQuota(headers, now)?.remaining ?? null, limit };
}

/**
 * Classifies what a token call threw, using the transport's observation for status and headers.
 * A timeout or reset that the building blocks reported without a response is a network error.
 */
export function classifyCallFailure(error: unknown, seen: Observation, input: { attempt: number; now: Date; random?: () => number }): ClassifiedFailure {
  const reason = reasonOf(error);
  const networkError = seen.networkError ?? (reason === "timeout" ? "timeout" : reason === "network" ? "connection_reset" : null);
  const oauthError = oauthErrorOf(error);
  const status = networkError ? undefined : (seen.status ?? (error instanceof TokenRequestError ? error.status : undefined));
  const failure = classifyAuthFailure({
    ...(status !== undefined ? { status } : {}),
    ...(seen.headers ? { headers: seen.headers } : {}),
    ...(oauthError ? { body: { error: oauthError } } : {}),
    ...(networkError ? { networkError } : {}),
    attempt: input.attempt,
    now: input.now,
    ...(input.random ? { random: input.random } : {}),
  });
  return { failure, httpStatus: status ?? null, quota: seen.headers ? readQuota(seen.headers, input.now) : null };
}
