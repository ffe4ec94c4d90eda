import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { buildClientAuth, clientAuthRefinement, clientAuthSecrets, clientAuthShape, type ClientAuthSettings } from "./client-auth";
import { oauthRequestOptions, outboundHttpOptionsSchema, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { parseTokenResponse } from "./parse-token-response";
import { joinScopes } from "./scopes";
import { toTokenRequestError } from "./token-errors";
import type { TokenGrant } from "./token-grant";

/** Grant parameters a caller may not override through extraParameters. */
const reservedParameters = new Set(["grant_type", "scope", "client_id", "client_secret", "client_assertion", "client_assertion_type", "assertion"]);

/** A client_credentials request (RFC 6749 §4.4). */
export interface ClientCredentialsInput extends ClientAuthSettings, OutboundHttpOptions {
  tokenEndpoint: string;
  scopes: readonly string[];
  /** Separator of the scope parameter and of the granted scope string. Default " ". */
  scopeSeparator?: string;
  /** Extra grant parameters, e.g. { audience } or { resource }. */
  extraParameters?: Record<string, string>;
  /** Issuer, used only to validate an id_token should the provider send one. Default: the token endpoint's origin. */
  issuer?: string;
  /** Token types to accept besides Bearer (lowercase), only when asked. */
  acceptTokenTypes?: readonly string[];
  now?: () => Date;
}

const inputSchema = z
  .object({
    ...clientAuthShape,
    ...outboundHttpOptionsSchema.shape,
    tokenEndpoint: outboundUrlSchema,
    scopes: z.array(z.string().trim().min(1).max(512)).max(200),
    scopeSeparator: z.string().min(1).max(4).optional(),
    extraParameters: z
      .record(z.string().min(1).max(128), z.string().max(2048))
      .refine((params) => Object.keys(params).every((name) => !reservedParameters.has(name)), "extraParameters may not set grant or client authentication parameters.")
      .optional(),
    issuer: z.string().min(1).optional(),
    acceptTokenTypes: z.array(z.string().min(1)).optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
  })
  .superRefine(clientAuthRefinement);

/** Requests a token with the client_credentials grant (client_secret_basic, client_secret_post or private_key_jwt). Throws TokenRequestError. */
export async function requestClientCredentialsToken(input: ClientCredentialsInput): Promise<TokenGrant> {
  const settings = parseInput(inputSchema, input);
  const now = settings.now ?? (() => new Date());
  const url = new URL(settings.tokenEndpoint);
  const as: oauth.AuthorizationServer = { issuer: settings.issuer ?? url.origin, token_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientId };
  const clientAuth = await buildClientAuth(settings, { audience: url.href, now });
  const secrets = clientAuthSecrets(settings);

  const parameters = new URLSearchParams(settings.extraParameters);
  const scope = joinScopes(settings.scopes, settings.scopeSeparator);
  if (scope !== "") parameters.set("scope", scope);

  let response: Response;
  try {
    response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, oauthRequestOptions(url, settings));
  } catch (error) {
    throw toTokenRequestError(error, { secrets, now });
  }
  return parseTokenResponse(response, {
    now,
    secrets,
    ...(settings.scopeSeparator ? { scopeSeparator: settings.scopeSeparator } : {}),
    ...(settings.acceptTokenTypes ? { acceptTokenTypes: settings.acceptTokenTypes } : {}),
    process: (res, recognizedTokenTypes) => oauth.processClientCredentialsResponse(as, client, res, { recognizedTokenTypes }),
  });
}
