import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { buildClientAuth, clientAuthRefinement, clientAuthSecrets, clientAuthShape, type ClientAuthSettings } from "./client-auth";
import { oauthRequestOptions, outboundHttpOptionsSchema, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { parseTokenResponse } from "./parse-token-response";
import { toTokenRequestError } from "./token-errors";
import type { TokenGrant } from "./token-grant";

/** ID tokens in a refresh response are only checked, never used: tolerate ±10 min of clock skew (SECURITY.md bad input 8). */
const idTokenClockToleranceSeconds = 600;

/** A refresh_token grant (RFC 6749 §6). */
export interface RefreshTokenGrantInput extends ClientAuthSettings, OutboundHttpOptions {
  tokenEndpoint: string;
  refreshToken: string;
  /** Issuer for id_token checks; default the token endpoint's origin. */
  issuer?: string;
  scopeSeparator?: string;
  now?: () => Date;
}

const inputSchema = z
  .object({
    ...clientAuthShape,
    ...outboundHttpOptionsSchema.shape,
    tokenEndpoint: outboundUrlSchema,
    refreshToken: z.string().min(1).max(16_384),
    issuer: z.string().min(1).optional(),
    scopeSeparator: z.string().min(1).max(4).optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
  })
  .superRefine(clientAuthRefinement);

/**
 * Exchanges a refresh token for a new access token. The result's refreshToken is null when the
 * provider did not rotate it (the caller keeps the old one, RFC 6749 §6). Throws TokenRequestError.
 */
export async function requestRefreshTokenGrant(input: RefreshTokenGrantInput): Promise<TokenGrant> {
  const settings = parseInput(inputSchema, input);
  const now = settings.now ?? (() => new Date());
  const url = new URL(settings.tokenEndpoint);
  const as: oauth.AuthorizationServer = { issuer: settings.issuer ?? url.origin, token_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientId, [oauth.clockTolerance]: idTokenClockToleranceSeconds };
  const clientAuth = await buildClientAuth(settings, { audience: url.href, now });
  const secrets = [...clientAuthSecrets(settings), settings.refreshToken];

  let response: Response;
  try {
    response = await oauth.refreshTokenGrantRequest(as, client, clientAuth, settings.refreshToken, oauthRequestOptions(url, settings));
  } catch (error) {
    throw toTokenRequestError(error, { secrets, now });
  }
  return parseTokenResponse(response, {
    now,
    secrets,
    ...(settings.scopeSeparator ? { scopeSeparator: settings.scopeSeparator } : {}),
    process: (res, recognizedTokenTypes) => oauth.processRefreshTokenResponse(as, client, res, { recognizedTokenTypes }),
  });
}
