import "server-only";
import { SECOND } from "@/lib/clock";
import { accessFailureResponse, retryAfterSeconds } from "@/lib/server/access/access-failure-response";
import { freshAccessToken, type FreshAccessToken, type FreshAccessTokenContext } from "@/lib/server/access/fresh-access-token";
import { findScopedConnection, touchApiKey, type ScopedConnection } from "@/lib/server/access/scoped-connection";
import type { RequestMeta } from "@/lib/server/api-keys/api-audit";
import type { AuthenticatedApiKey } from "@/lib/server/api-keys/authenticate-api-key";
import { classifyAuthFailure, MAX_ATTEMPTS, type AuthFailureClass, type NetworkErrorKind } from "@/lib/server/auth-events/classify";
import { findEntry } from "@/lib/server/connect/resolve-provider";
import { isServiceError, ServiceError } from "@/lib/server/errors";
import { readLimited } from "@/lib/server/limited-body";
import { joinApiPath, resolveApiBaseUrl } from "@/lib/server/providers/api-base-url";
import { networkErrorKind } from "@/lib/server/refresh/observed-call";
import { forwardedRequestHeaders, passedResponseHeaders } from "./proxy-headers";
import { recordProxyFailure, recordProxySuccess, type ProxyEventTarget } from "./proxy-events";

/**
 * ANY /api/v1/proxy/{connectionId}/{path}: forwards a call to the connection's provider API with its
 * fresh access token, and applies the one error taxonomy on the way (issue 7):
 *  - 401 → the token is treated as stale, refreshed once (single-flighted), and the call retried once;
 *  - 429 / 5xx / network → retried after the taxonomy's wait (Retry-After or backoff) while the caller
 *    has been blocked less than ~10 s in all, else the provider's answer goes back with its Retry-After;
 *  - at most 5 provider calls per proxied request.
 * POST and PATCH are retried only when the provider cannot have acted on them (429, 503, a connection
 * never made) unless the caller sent an Idempotency-Key.
 */

export const PROXY_ACTION = "connection.proxy";
export const MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024;
export const MAX_RESPONSE_BODY_BYTES = 20 * 1024 * 1024;
/** How long the proxy may hold a caller in total, waits included. */
export const MAX_BLOCKING_MS = 10 * SECOND;
/** A provider call waits this long for the answer's headers... */
const HEADERS_TIMEOUT_MS = 30 * SECOND;
/** ...and this long for its body. */
const BODY_TIMEOUT_MS = 120 * SECOND;
/** A token refreshed more recently than this and still refused is not refreshed again (it would not help, and it costs a token call). */
const MIN_FORCED_REFRESH_AGE_MS = 30 * SECOND;
/** Enough of an error body to find the OAuth error code. */
const CLASSIFY_BODY_CHARS = 100_000;

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);
/** Failures that prove the provider did not act on the request. */
const NEVER_CONNECTED: ReadonlySet<NetworkErrorKind> = new Set(["dns", "connection_refused", "tls"]);

export type ProxyContext = FreshAccessTokenContext & { proxyFetch?: typeof fetch; sleep?: (ms: number) => Promise<void> };

export type ProxyInput = {
  apiKey: AuthenticatedApiKey;
  meta: RequestMeta;
  connectionId: string;
  method: string;
  /** The raw (still percent-encoded) path after the connection id. */
  path: string;
  /** The raw query string, with or without "?". */
  search: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | null;
};

type Answer =
  | { kind: "response"; response: Response; latencyMs: number; clearTimer: () => void }
  | { kind: "network"; networkError: NetworkErrorKind; latencyMs: number };

const noApiBase = () =>
  new ServiceError(
    "CONFLICT",
    "No API base URL is known for this connection's provider, so Authpulse cannot proxy calls to it. Fetch a token with GET /api/v1/connections/{connectionId}/access-token and call the provider directly.",
  );
const badPath = () => new ServiceError("BAD_REQUEST", "The path is not allowed: it must stay under the provider's API base (no '..', encoded slashes that climb, backslashes or absolute URLs).");

/** The provider API base of a connection: the one stored at connect (token response), else the catalog entry's. null: none known. */
async function apiBaseOf(ctx: FreshAccessTokenContext, connection: ScopedConnection): Promise<string | null> {
  if (connection.apiBaseUrl) return connection.apiBaseUrl;
  try {
    const entry = await findEntry(ctx, { workspaceId: connection.workspaceId, providerKey: connection.providerKey });
    return resolveApiBaseUrl(entry, {});
  } catch (error) {
    // Machine connections ("any-oauth-server", a host key) and deleted custom providers have no catalog entry.
    if (isServiceError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  }
}

async function callProvider(ctx: ProxyContext, input: { url: string; method: string; headers: Headers; body: Uint8Array<ArrayBuffer> | null }): Promise<Answer> {
  const started = performance.now();
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new DOMException("headers timeout", "TimeoutError")), HEADERS_TIMEOUT_MS);
  const fetchFn = ctx.proxyFetch ?? globalThis.fetch;
  try {
    const response = await fetchFn(input.url, {
      method: input.method,
      headers: input.headers,
      body: input.body && input.body.byteLength > 0 && input.method !== "GET" && input.method !== "HEAD" ? input.body : undefined,
      // Never follow: a redirect would carry the token to wherever the provider points.
      redirect: "manual",
      signal: controller.signal,
    });
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException("body timeout", "TimeoutError")), BODY_TIMEOUT_MS);
    timer.unref?.();
    const bodyTimer = timer;
    return { kind: "response", response, latencyMs: performance.now() - started, clearTimer: () => clearTimeout(bodyTimer) };
  } catch (error) {
    clearTimeout(timer);
    return { kind: "network", networkError: networkErrorKind(error), latencyMs: performance.now() - started };
  }
}

function upstreamTooLarge(): Response {
  return Response.json({ error: { code: "UPSTREAM_TOO_LARGE", message: "The provider's answer is larger than 20 MB; Authpulse does not proxy it." } }, { status: 502 });
}

/** Streams a successful answer through, cut off at MAX_RESPONSE_BODY_BYTES. */
function streamThrough(answer: Extract<Answer, { kind: "response" }>): Response {
  const { response } = answer;
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_RESPONSE_BODY_BYTES) {
    answer.clearTimer();
    void response.body?.cancel().catch(() => undefined);
    return upstreamTooLarge();
  }
  const headers = passedResponseHeaders(response.headers);
  if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
    answer.clearTimer();
    return new Response(null, { status: response.status, headers });
  }
  let size = 0;
  const capped = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > MAX_RESPONSE_BODY_BYTES) controller.error(new Error("The provider's answer is larger than 20 MB."));
        else controller.enqueue(chunk);
      },
      flush() {
        answer.clearTimer();
      },
    }),
  );
  return new Response(capped, { status: response.status, headers });
}

function mayRetry(method: string, headers: Headers, status: number | null, networkError: NetworkErrorKind | null): boolean {
  if (IDEMPOTENT_METHODS.has(method) || headers.has("idempotency-key")) return true;
  if (status === 429 || status === 503) return true;
  return networkError !== null && NEVER_CONNECTED.has(networkError);
}

function networkFailureResponse(failure: AuthFailureClass, networkError: NetworkErrorKind): Response {
  const headers: Record<string, string> = failure.retryAfterMs !== null ? { "Retry-After": String(retryAfterSeconds(failure.retryAfterMs)) } : {};
  return Response.json({ error: { code: "PROVIDER_UNREACHABLE", message: failure.reason } }, { status: networkError === "timeout" ? 504 : 502, headers });
}

function mayForceRefresh(token: FreshAccessToken, now: Date): boolean {
  return token.refreshedAt === null || now.getTime() - token.refreshedAt.getTime() >= MIN_FORCED_REFRESH_AGE_MS;
}

/** Forwards one proxied request for an authenticated key; see the module comment for the rules. */
export async function proxyRequest(ctx: ProxyContext, input: ProxyInput): Promise<Response> {
  const started = performance.now();
  const connection = await findScopedConnection(ctx, { apiKey: input.apiKey, connectionId: input.connectionId, meta: input.meta, action: PROXY_ACTION });
  const base = await apiBaseOf(ctx, connection);
  if (base === null || joinApiPath(base, "") === null) throw noApiBase();
  const url = joinApiPath(base, input.path, input.search);
  if (url === null) throw badPath();
  await touchApiKey(ctx, input.apiKey.id);

  const target: ProxyEventTarget = { workspaceId: connection.workspaceId, connectionId: connection.id, providerKey: connection.providerKey };
  // Refreshes keep source "access_token" (the same pre-call check): "proxy" events are always provider API calls, never token calls.
  const tokenInput = { workspaceId: connection.workspaceId, connectionId: connection.id, source: "access_token" as const };
  const first = await freshAccessToken(ctx, tokenInput);
  if (first.kind !== "ok") return accessFailureResponse(first);
  let token: FreshAccessToken = first;
  let refreshed = false;
  let failures = 0;
  const sleep = ctx.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  for (let attempt = 1; ; attempt++) {
    const answer = await callProvider(ctx, { url, method: input.method, headers: forwardedRequestHeaders(input.headers, `${token.tokenType} ${token.accessToken}`), body: input.body });
    if (answer.kind === "response" && answer.response.status < 400) {
      await recordProxySuccess(ctx, target, { httpStatus: answer.response.status, headers: answer.response.headers, attempt, latencyMs: answer.latencyMs, afterFailures: failures > 0 });
      return streamThrough(answer);
    }

    let body: Uint8Array<ArrayBuffer> | null = null;
    if (answer.kind === "response") {
      body = await readLimited(answer.response.body, MAX_RESPONSE_BODY_BYTES).catch(() => new Uint8Array(0));
      answer.clearTimer();
    }
    const status = answer.kind === "response" ? answer.response.status : null;
    const headers = answer.kind === "response" ? answer.response.headers : null;
    const networkError = answer.kind === "network" ? answer.networkError : null;
    const now = ctx.clock.now();
    const failure = classifyAuthFailure({
      ...(status !== null ? { status } : {}),
      ...(headers ? { headers } : {}),
      ...(body ? { body: new TextDecoder().decode(body.subarray(0, CLASSIFY_BODY_CHARS)) } : {}),
      ...(networkError ? { networkError } : {}),
      attempt,
      now,
    });
    failures += 1;
    const callsLeft = attempt < MAX_ATTEMPTS;
    let action = failure.action;
    if (failure.class === "unauthorized") action = !refreshed && callsLeft && mayForceRefresh(token, now) ? "refresh_then_retry" : "stop_and_alert";
    const wait = failure.retryAfterMs ?? 0;
    const retrying =
      action === "retry" && callsLeft && mayRetry(input.method, input.headers, status, networkError) && performance.now() - started + wait <= MAX_BLOCKING_MS;
    await recordProxyFailure(ctx, target, { failure, action, httpStatus: status, headers, attempt, latencyMs: answer.latencyMs });

    if (action === "refresh_then_retry") {
      refreshed = true;
      const next = await freshAccessToken(ctx, { ...tokenInput, rejectedVersion: token.version });
      if (next.kind !== "ok") return accessFailureResponse(next);
      token = next;
      continue;
    }
    if (retrying) {
      if (wait > 0) await sleep(wait);
      continue;
    }
    if (answer.kind === "network") return networkFailureResponse(failure, answer.networkError);
    if (body === null) return upstreamTooLarge();
    const passed = passedResponseHeaders(answer.response.headers);
    // A retryable failure we stopped retrying (the caller's time is up): say when to try again, if the provider did not.
    if (failure.action === "retry" && failure.retryAfterMs !== null && !passed.has("retry-after")) passed.set("Retry-After", String(retryAfterSeconds(failure.retryAfterMs)));
    return new Response(body.byteLength > 0 ? body : null, { status: answer.response.status, headers: passed });
  }
}
