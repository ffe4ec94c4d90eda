import "server-only";
import * as oauth from "oauth4webapi";
import { safeProviderText } from "./provider-text";

/** Why getting (or revoking, or introspecting) a token failed. */
export const tokenRequestErrorReasons = [
  "not_json",
  "html_response",
  "missing_access_token",
  "bad_expires_in",
  "unsupported_token_type",
  "oauth_error",
  "http_error",
  "network",
  "timeout",
  "invalid_response",
] as const;

export type TokenRequestErrorReason = (typeof tokenRequestErrorReasons)[number];

/** An OAuth error response (RFC 6749 §5.2), its text made safe to show. */
export interface OAuthErrorDetail {
  /** The `error` code, e.g. invalid_grant, invalid_client, unauthorized_client, invalid_scope. */
  error: string;
  description?: string;
  uri?: string;
}

/** What a TokenRequestError knows besides its reason. */
export interface TokenRequestErrorInit {
  /** HTTP status of the provider's answer, when there was one. */
  status?: number;
  oauthError?: OAuthErrorDetail;
  /** Seconds to wait before retrying, from a 429/503 Retry-After header. */
  retryAfterSeconds?: number;
  /** The token_type the provider sent (unsupported_token_type), made safe. */
  tokenType?: string;
  /** Internal diagnostic for logs (library error code and fixed message); never holds response values. */
  detail?: string;
  /** Overrides the default user-facing message. */
  message?: string;
}

const oauthErrorMessages: Record<string, string> = {
  invalid_client: "The provider rejected the client id or secret. Check the OAuth app's credentials.",
  invalid_grant:
    "The provider rejected the grant (invalid_grant): the code, refresh token or assertion is invalid, expired, revoked or was already used. Reconnect to get a new one.",
  unauthorized_client:
    "The provider does not allow this OAuth app to use this grant type (unauthorized_client). Enable the grant in the provider's app settings.",
  invalid_scope: "The provider refused the requested scopes (invalid_scope). Request only scopes the OAuth app is allowed to use.",
  invalid_request: "The provider says the request is malformed (invalid_request). Check the connection settings.",
  unsupported_grant_type: "The provider does not support this grant type (unsupported_grant_type).",
  access_denied: "The provider denied access (access_denied).",
  unsupported_token_type: "The provider cannot revoke or inspect this kind of token (unsupported_token_type).",
  server_error: "The provider had an internal error (server_error). Try again later.",
  temporarily_unavailable: "The provider is temporarily unavailable. Try again later.",
  invalid_dpop_proof: "The provider expects DPoP-bound tokens, which Authpulse does not use.",
  use_dpop_nonce: "The provider expects DPoP-bound tokens, which Authpulse does not use.",
};

function httpErrorMessage(status: number | undefined): string {
  if (status === undefined) return "The provider answered with an unexpected HTTP status.";
  if (status === 401) return "The provider answered HTTP 401: it did not accept the client authentication. Check the OAuth app's credentials.";
  if (status === 403) return "The provider answered HTTP 403 (forbidden). Check that the OAuth app is allowed to use this endpoint.";
  if (status === 404) return "The provider answered HTTP 404 (not found). Check the endpoint URL.";
  if (status === 429) return "The provider is rate-limiting requests (HTTP 429). Try again later.";
  if (status >= 300 && status < 400) return `The provider answered with a redirect (HTTP ${status}). Check the endpoint URL.`;
  if (status >= 500) return `The provider had a problem (HTTP ${status}). Try again later.`;
  return `The provider answered HTTP ${status}.`;
}

/** The user-facing message of a reason (no secrets, no raw provider bodies). */
export function tokenRequestErrorMessage(reason: TokenRequestErrorReason, init: TokenRequestErrorInit = {}): string {
  switch (reason) {
    case "not_json":
      return "The provider did not answer with JSON. Check the endpoint URL.";
    case "html_response":
      return "The provider answered with an HTML page instead of JSON. The endpoint URL is probably wrong (it may point to a login or error page).";
    case "missing_access_token":
      return "The provider's token response has no access_token.";
    case "bad_expires_in":
      return "The provider's token response has an invalid expires_in (it must be a whole number of seconds between 0 and 10 years).";
    case "unsupported_token_type":
      return init.tokenType === undefined || init.tokenType === ""
        ? "The provider's token response has no token_type."
        : `The provider issued a "${init.tokenType}" token; Authpulse supports Bearer tokens only.`;
    case "oauth_error": {
      const code = init.oauthError?.error ?? "unknown_error";
      const base = oauthErrorMessages[code] ?? `The provider refused the request (${code}).`;
      const description = init.oauthError?.description;
      return description ? `${base} Provider says: "${description}"` : base;
    }
    case "http_error":
      return httpErrorMessage(init.status);
    case "network":
      return "Could not reach the provider. Check the endpoint URL and that the provider is up.";
    case "timeout":
      return "The provider did not answer in time. Try again later.";
    case "invalid_response":
      return "The provider's response is malformed.";
  }
}

/** The one error of token acquisition, revocation and introspection; `message` is safe to show to the user. */
export class TokenRequestError extends Error {
  readonly reason: TokenRequestErrorReason;
  readonly status?: number;
  readonly oauthError?: OAuthErrorDetail;
  readonly retryAfterSeconds?: number;
  readonly detail?: string;

  constructor(reason: TokenRequestErrorReason, init: TokenRequestErrorInit = {}) {
    super(init.message ?? tokenRequestErrorMessage(reason, init));
    this.name = "TokenRequestError";
    this.reason = reason;
    if (init.status !== undefined) this.status = init.status;
    if (init.oauthError !== undefined) this.oauthError = init.oauthError;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.detail !== undefined) this.detail = init.detail;
  }
}

/** True for a TokenRequestError. */
export function isTokenRequestError(error: unknown): error is TokenRequestError {
  return error instanceof TokenRequestError;
}

/** How toTokenRequestError treats what it maps. */
export interface ToTokenRequestErrorContext {
  /** Values scrubbed from any provider text that ends up in a message (client secret, assertion, token). */
  secrets?: readonly string[];
  now?: () => Date;
  /** Classifies a malformed token-response body (parse-token-response supplies this). */
  classifyBody?: (body: unknown) => TokenRequestError | null;
  /** The JSON body of a WWW-Authenticate challenge response, read by readChallengeBody (toTokenRequestError is synchronous). */
  challengeBody?: unknown;
}

const CHALLENGE_BODY_MAX_BYTES = 16 * 1024;

/**
 * RFC 6749 §5.2: a 401 answer to a client authenticating with HTTP Basic carries WWW-Authenticate
 * (often `Basic realm=…`, with no error parameter) and the OAuth error code in its JSON body.
 * oauth4webapi throws on the challenge before reading the body; this reads it (bounded) so the
 * code (invalid_client, …) is not lost. undefined when there is nothing to read.
 */
export async function readChallengeBody(error: unknown): Promise<unknown> {
  if (!(error instanceof oauth.WWWAuthenticateChallengeError)) return undefined;
  if (error.cause.some((challenge) => typeof challenge.parameters.error === "string")) return undefined;
  const response = error.response;
  if (response.bodyUsed || !/json/i.test(response.headers.get("content-type") ?? "")) return undefined;
  try {
    const text = await response.clone().text();
    return text.length > CHALLENGE_BODY_MAX_BYTES ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function challengeBodyError(body: unknown): { error?: unknown; error_description?: unknown; error_uri?: unknown } | null {
  return typeof body === "object" && body !== null && "error" in body && typeof body.error === "string" ? body : null;
}

const oauthCodePattern = /^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/** The OAuth error fields of a provider answer, code checked against RFC 6749's charset and text made safe. */
export function oauthErrorDetail(raw: { error?: unknown; error_description?: unknown; error_uri?: unknown }, secrets: readonly string[]): OAuthErrorDetail {
  const code = typeof raw.error === "string" && oauthCodePattern.test(raw.error) ? raw.error : "unknown_error";
  const detail: OAuthErrorDetail = { error: code };
  if (typeof raw.error_description === "string" && raw.error_description.trim() !== "") {
    detail.description = safeProviderText(raw.error_description, secrets);
  }
  if (typeof raw.error_uri === "string" && URL.canParse(raw.error_uri)) detail.uri = safeProviderText(raw.error_uri, secrets, 300);
  return detail;
}

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), for 429 and 503 answers. */
export function retryAfterSeconds(response: Response, now: () => Date = () => new Date()): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const header = response.headers.get("retry-after")?.trim();
  if (!header) return undefined;
  if (/^\d+$/.test(header)) return Math.min(Number(header), 86_400);
  const at = Date.parse(header);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now().getTime()) / 1000)), 86_400);
}

function isTimeout(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.name === "TimeoutError" || current.name === "AbortError") return true;
  }
  return false;
}

/** oauth4webapi's argument errors are TypeErrors with an ERR_INVALID_ARG_* code; fetch's network failures are plain TypeErrors. */
function isNetworkError(error: unknown): error is TypeError {
  if (!(error instanceof TypeError)) return false;
  const code = "code" in error ? error.code : undefined;
  return !(typeof code === "string" && code.startsWith("ERR_INVALID_ARG"));
}

function networkDetail(error: TypeError): string {
  const cause: unknown = error.cause;
  const code = cause instanceof Error && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  return code ? `network error ${code}` : "network error";
}

function fromStatusResponse(response: Response, context: ToTokenRequestErrorContext, detail: string): TokenRequestError {
  const init: TokenRequestErrorInit = { status: response.status, detail };
  const retryAfter = retryAfterSeconds(response, context.now);
  if (retryAfter !== undefined) init.retryAfterSeconds = retryAfter;
  return new TokenRequestError("http_error", init);
}

function bodyOf(cause: unknown): unknown {
  return typeof cause === "object" && cause !== null && "body" in cause ? cause.body : undefined;
}

function fromProcessingError(error: oauth.OperationProcessingError, context: ToTokenRequestErrorContext): TokenRequestError {
  const detail = `${error.code ?? "OAUTH_ERROR"}: ${error.message}`;
  const cause: unknown = error.cause;
  switch (error.code) {
    case oauth.RESPONSE_IS_NOT_JSON: {
      if (!(cause instanceof Response)) return new TokenRequestError("not_json", { detail });
      if (!cause.ok) return fromStatusResponse(cause, context, detail);
      const contentType = cause.headers.get("content-type") ?? "";
      return new TokenRequestError(/html/i.test(contentType) ? "html_response" : "not_json", { status: cause.status, detail });
    }
    case oauth.PARSE_ERROR:
      return new TokenRequestError(isTimeout(cause) ? "timeout" : "not_json", { detail });
    case oauth.RESPONSE_IS_NOT_CONFORM:
      return cause instanceof Response ? fromStatusResponse(cause, context, detail) : new TokenRequestError("http_error", { detail });
    case oauth.INVALID_RESPONSE: {
      const body = bodyOf(cause);
      return (body !== undefined ? context.classifyBody?.(body) : null) ?? new TokenRequestError("invalid_response", { detail });
    }
    case oauth.JWT_TIMESTAMP_CHECK:
    case oauth.JWT_CLAIM_COMPARISON:
    case oauth.KEY_SELECTION:
      return new TokenRequestError("invalid_response", {
        detail,
        message: "The provider's id_token did not validate (issuer, audience or time). Check the issuer URL and the server clock.",
      });
    default:
      return new TokenRequestError("invalid_response", { detail });
  }
}

/**
 * Maps what a provider call threw (oauth4webapi's ResponseBodyError, WWWAuthenticateChallengeError,
 * OperationProcessingError, UnsupportedOperationError; fetch's network and timeout errors) onto a
 * TokenRequestError. Anything else is a bug and is rethrown as it is.
 */
export function toTokenRequestError(error: unknown, context: ToTokenRequestErrorContext = {}): TokenRequestError {
  const secrets = context.secrets ?? [];
  if (error instanceof TokenRequestError) return error;
  if (isTimeout(error)) return new TokenRequestError("timeout", { detail: "request timed out" });
  if (error instanceof oauth.ResponseBodyError) {
    const init: TokenRequestErrorInit = {
      status: error.status,
      oauthError: oauthErrorDetail(error.cause, secrets),
      detail: `${error.code}: ${error.message}`,
    };
    const retryAfter = retryAfterSeconds(error.response, context.now);
    if (retryAfter !== undefined) init.retryAfterSeconds = retryAfter;
    return new TokenRequestError("oauth_error", init);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const detail = `${error.code}: ${error.message}`;
    const challenge = error.cause.find((candidate) => typeof candidate.parameters.error === "string");
    if (challenge !== undefined) {
      return new TokenRequestError("oauth_error", { status: error.status, oauthError: oauthErrorDetail(challenge.parameters, secrets), detail });
    }
    const fromBody = challengeBodyError(context.challengeBody);
    if (fromBody !== null) return new TokenRequestError("oauth_error", { status: error.status, oauthError: oauthErrorDetail(fromBody, secrets), detail });
    return fromStatusResponse(error.response, context, detail);
  }
  if (error instanceof oauth.OperationProcessingError) return fromProcessingError(error, context);
  if (error instanceof oauth.UnsupportedOperationError) {
    const detail = `${error.code}: ${error.message}`;
    const body = bodyOf(error.cause);
    if (body === undefined) return new TokenRequestError("invalid_response", { detail });
    return context.classifyBody?.(body) ?? new TokenRequestError("unsupported_token_type", { detail });
  }
  if (isNetworkError(error)) return new TokenRequestError("network", { detail: networkDetail(error) });
  throw error;
}
