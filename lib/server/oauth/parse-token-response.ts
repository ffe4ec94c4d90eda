import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { splitScopes } from "./scopes";
import { oauthErrorDetail, readChallengeBody, toTokenRequestError, TokenRequestError } from "./token-errors";
import { tokenGrantRawFields, type TokenGrant, type TokenGrantRawValue } from "./token-grant";
import { safeProviderText } from "./provider-text";

/** Largest expires_in we believe: ten years (3653 days), in seconds. */
export const maxExpiresInSeconds = 3653 * 24 * 60 * 60;

/** Runs oauth4webapi's processing of a token endpoint response (e.g. processAuthorizationCodeResponse). */
export type ProcessTokenResponse = (response: Response, recognizedTokenTypes: oauth.RecognizedTokenTypes) => Promise<oauth.TokenEndpointResponse>;

/** How parseTokenResponse reads and validates a token endpoint response. */
export interface ParseTokenResponseOptions {
  now?: () => Date;
  /** Separator of the granted scope string; whitespace always separates too. Default " ". */
  scopeSeparator?: string;
  /** Token types to accept, compared case-insensitively. Default ["bearer"]; add "dpop" or others only when asked. */
  acceptTokenTypes?: readonly string[];
  /** oauth4webapi processing step. Default processGenericTokenEndpointResponse with `authorizationServer` and `client`. */
  process?: ProcessTokenResponse;
  /** Used by the default processing (id_token issuer check). Default issuer: "urn:authpulse:unknown-issuer". */
  authorizationServer?: oauth.AuthorizationServer;
  /** Used by the default processing (id_token audience check). Default client_id: "authpulse". */
  client?: oauth.Client;
  /** Values to scrub from provider text that reaches an error message. */
  secrets?: readonly string[];
}

const expiresInSchema = z.union([z.number(), z.string().regex(/^\s*\d+\s*$/).transform(Number)]).pipe(z.number().int().min(0).max(maxExpiresInSeconds));

const tokenFieldsSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: expiresInSchema.optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  id_token: z.string().min(1).optional(),
});

const errorBodySchema = z.looseObject({ error: z.string().min(1) });

type TokenFields = z.infer<typeof tokenFieldsSchema>;

function normalisedAccept(accept: readonly string[] | undefined): string[] {
  return (accept ?? ["bearer"]).map((type) => type.toLowerCase());
}

function rejectTokenType(tokenType: unknown): TokenRequestError {
  const type = typeof tokenType === "string" ? safeProviderText(tokenType, [], 40) : "";
  return new TokenRequestError("unsupported_token_type", { tokenType: type, detail: "token_type not accepted" });
}

/** Classifies a token-response body: null when it is an acceptable token response, else the first problem, in a fixed order. */
export function classifyTokenResponseBody(body: unknown, options: Pick<ParseTokenResponseOptions, "acceptTokenTypes" | "secrets"> = {}): TokenRequestError | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return new TokenRequestError("invalid_response", { detail: "token response body is not a JSON object" });
  }
  const parsed = tokenFieldsSchema.safeParse(body);
  const failed = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0] ?? "")));
  if (failed.has("access_token")) {
    const oauthError = errorBodySchema.safeParse(body);
    if (oauthError.success) {
      return new TokenRequestError("oauth_error", {
        oauthError: oauthErrorDetail(oauthError.data, options.secrets ?? []),
        detail: "error in a successful token response",
      });
    }
    return new TokenRequestError("missing_access_token", { detail: "access_token missing or not a non-empty string" });
  }
  const tokenType = "token_type" in body ? body.token_type : undefined;
  if (failed.has("token_type") || typeof tokenType !== "string" || !normalisedAccept(options.acceptTokenTypes).includes(tokenType.toLowerCase())) {
    return rejectTokenType(tokenType);
  }
  if (failed.has("expires_in")) return new TokenRequestError("bad_expires_in", { detail: "expires_in not an integer in [0, 10 years]" });
  if (!parsed.success) {
    const fields = [...failed].filter((field) => field !== "").join(", ");
    return new TokenRequestError("invalid_response", {
      detail: `token response field(s) malformed: ${fields}`,
      message: `The provider's token response is malformed (check ${fields}).`,
    });
  }
  return null;
}

function rawFields(fields: TokenFields): Record<string, TokenGrantRawValue> {
  const raw: Record<string, TokenGrantRawValue> = {};
  for (const name of tokenGrantRawFields) {
    const value = fields[name];
    if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) raw[name] = value;
  }
  raw.token_type = fields.token_type.toLowerCase();
  return raw;
}

function idTokenClaimsOf(result: oauth.TokenEndpointResponse): Record<string, unknown> | undefined {
  if (result.id_token === undefined) return undefined;
  try {
    const claims = oauth.getValidatedIdTokenClaims(result);
    return claims === undefined ? undefined : { ...claims };
  } catch {
    throw new TokenRequestError("invalid_response", { detail: "id_token present but not validated by oauth4webapi processing" });
  }
}

/** Normalises an oauth4webapi TokenEndpointResponse with our zod checks (token type, expires_in, scope). */
export function normalizeTokenEndpointResponse(result: oauth.TokenEndpointResponse, options: ParseTokenResponseOptions = {}): TokenGrant {
  const problem = classifyTokenResponseBody(result, options);
  if (problem !== null) throw problem;
  const fields = tokenFieldsSchema.parse(result);
  const now = options.now ?? (() => new Date());
  const grant: TokenGrant = {
    accessToken: fields.access_token,
    tokenType: fields.token_type.toLowerCase(),
    expiresAt: fields.expires_in === undefined ? null : new Date(now().getTime() + fields.expires_in * 1000),
    refreshToken: fields.refresh_token ?? null,
    grantedScopes: fields.scope === undefined ? null : splitScopes(fields.scope, options.scopeSeparator),
    raw: rawFields(fields),
  };
  const claims = idTokenClaimsOf(result);
  if (claims !== undefined) grant.idTokenClaims = claims;
  return grant;
}

function recognizedTokenTypes(accept: readonly string[] | undefined): oauth.RecognizedTokenTypes {
  const recognized: oauth.RecognizedTokenTypes = {};
  for (const type of normalisedAccept(accept)) {
    if (type !== "bearer" && type !== "dpop") recognized[type as Lowercase<string>] = () => undefined;
  }
  return recognized;
}

/**
 * Reads a token endpoint Response through oauth4webapi's processing, then applies our zod checks.
 * Throws TokenRequestError: html_response / not_json, oauth_error (error=…), http_error, missing_access_token,
 * bad_expires_in, unsupported_token_type, invalid_response.
 */
export async function parseTokenResponse(response: Response, options: ParseTokenResponseOptions = {}): Promise<TokenGrant> {
  const authorizationServer = options.authorizationServer ?? { issuer: "urn:authpulse:unknown-issuer" };
  const client = options.client ?? { client_id: "authpulse" };
  const process: ProcessTokenResponse =
    options.process ?? ((res, recognized) => oauth.processGenericTokenEndpointResponse(authorizationServer, client, res, { recognizedTokenTypes: recognized }));
  let result: oauth.TokenEndpointResponse;
  try {
    result = await process(response, recognizedTokenTypes(options.acceptTokenTypes));
  } catch (error) {
    const challengeBody = await readChallengeBody(error);
    throw toTokenRequestError(error, {
      ...(challengeBody !== undefined ? { challengeBody } : {}),
      ...(options.secrets ? { secrets: options.secrets } : {}),
      ...(options.now ? { now: options.now } : {}),
      classifyBody: (body) => classifyTokenResponseBody(body, options),
    });
  }
  return normalizeTokenEndpointResponse(result, options);
}
