import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { buildClientAuth, clientAuthRefinement, clientAuthSecrets, clientAuthShape, type ClientAuthSettings } from "./client-auth";
import { oauthRequestOptions, outboundHttpOptionsSchema, outboundUrlSchema, type OutboundHttpOptions } from "./outbound-http";
import { parseInput } from "./parse-input";
import { splitScopes } from "./scopes";
import { readChallengeBody, toTokenRequestError, TokenRequestError } from "./token-errors";

/** An RFC 7662 introspection request. */
export interface IntrospectTokenInput extends ClientAuthSettings, OutboundHttpOptions {
  introspectionEndpoint: string;
  token: string;
  tokenTypeHint?: "access_token" | "refresh_token";
  /** Separator of the scope string. Default " " (RFC 7662). */
  scopeSeparator?: string;
  now?: () => Date;
}

/** What the provider says about a token. */
export interface TokenIntrospection {
  active: boolean;
  scope: string[] | null;
  exp: Date | null;
  sub: string | null;
  clientId: string | null;
}

const inputSchema = z
  .object({
    ...clientAuthShape,
    ...outboundHttpOptionsSchema.shape,
    introspectionEndpoint: outboundUrlSchema,
    token: z.string().min(1, "There is no token to inspect."),
    tokenTypeHint: z.enum(["access_token", "refresh_token"]).optional(),
    scopeSeparator: z.string().min(1).max(4).optional(),
    now: z.custom<() => Date>((value) => typeof value === "function").optional(),
  })
  .superRefine(clientAuthRefinement);

const introspectionSchema = z.looseObject({
  active: z.boolean(),
  scope: z.string().optional(),
  exp: z.number().int().min(0).max(253_402_300_799).optional(),
  sub: z.string().optional(),
  client_id: z.string().optional(),
});

/** Asks the provider whether a token is active and what it grants (RFC 7662). Throws TokenRequestError. */
export async function introspectToken(input: IntrospectTokenInput): Promise<TokenIntrospection> {
  const settings = parseInput(inputSchema, input);
  const now = settings.now ?? (() => new Date());
  const url = new URL(settings.introspectionEndpoint);
  const as: oauth.AuthorizationServer = { issuer: url.origin, introspection_endpoint: url.href };
  const client: oauth.Client = { client_id: settings.clientId };
  const clientAuth = await buildClientAuth(settings, { audience: url.href, now });
  const secrets = [settings.token, ...clientAuthSecrets(settings)];
  let result: oauth.IntrospectionResponse;
  try {
    const response = await oauth.introspectionRequest(as, client, clientAuth, settings.token, {
      ...oauthRequestOptions(url, settings),
      ...(settings.tokenTypeHint ? { additionalParameters: { token_type_hint: settings.tokenTypeHint } } : {}),
    });
    result = await oauth.processIntrospectionResponse(as, client, response);
  } catch (error) {
    const challengeBody = await readChallengeBody(error);
    throw toTokenRequestError(error, { secrets, now, challengeBody });
  }
  const parsed = introspectionSchema.safeParse(result);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? "")))].join(", ");
    throw new TokenRequestError("invalid_response", { detail: `introspection field(s) malformed: ${fields}` });
  }
  const body = parsed.data;
  return {
    active: body.active,
    scope: body.scope === undefined ? null : splitScopes(body.scope, settings.scopeSeparator),
    exp: body.exp === undefined ? null : new Date(body.exp * 1000),
    sub: body.sub ?? null,
    clientId: body.client_id ?? null,
  };
}
