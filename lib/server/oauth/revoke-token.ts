import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { buildClientAuth, clientAuthRefinement, clientAuthSecrets, clientAuthShape, type ClientAuthSettings } from "./client-auth";
import { oauthRequestOptions, outboundHttpOptionsSchema, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { readChallengeBody, toTokenRequestError, type TokenRequestError } from "./token-errors";

/** An RFC 7009 revocation request. */
export interface RevokeTokenInput extends ClientAuthSettings, OutboundHttpOptions {
  revocationEndpoint: string;
  token: string;
  tokenTypeHint?: "access_token" | "refresh_token";
  now?: () => Date;
}

/** Revoked, or why not (the caller still deletes locally and reports the failure). */
export type RevokeTokenResult = { revoked: true } | { revoked: false; error: TokenRequestError };

const inputSchema = z
  .object({
    ...clientAuthShape,
    ...outboundHttpOptionsSchema.shape,
    revocationEndpoint: outboundUrlSchema,
    token: z.string().min(1, "There is no token to revoke."),
    tokenTypeHint: z.enum(["access_token", "refresh_token"]).optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
  })
  .superRefine(clientAuthRefinement);

/** Revokes a token at the provider (RFC 7009). Provider and network failures are returned, not thrown; bad settings throw a ServiceError. */
export async function revokeToken(input: RevokeTokenInput): Promise<RevokeTokenResult> {
  const settings = parseInput(inputSchema, input);
  const now = settings.now ?? (() => new Date());
  const url = new URL(settings.revocationEndpoint);
  const as: oauth.AuthorizationServer = { issuer: url.origin, revocation_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientId };
  const clientAuth = await buildClientAuth(settings, { audience: url.href, now });
  const secrets = [settings.token, ...clientAuthSecrets(settings)];
  try {
    const response = await oauth.revocationRequest(as, client, clientAuth, settings.token, {
      ...oauthRequestOptions(url, settings),
      ...(settings.tokenTypeHint ? { additionalParameters: { token_type_hint: settings.tokenTypeHint } } : {}),
    });
    await oauth.processRevocationResponse(response);
    return { revoked: true };
  } catch (error) {
    const challengeBody = await readChallengeBody(error);
    return { revoked: false, error: toTokenRequestError(error, { secrets, now, challengeBody }) };
  }
}
