import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { hashToken } from "../tokens";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { open, seal } from "../vault/seal";
import { ConnectError } from "./connect-error";
import type { ConnectProvider } from "./connect-provider";
import { fetchAccountIdentity } from "./account-identity";
import { inspectGrantedScopes } from "./inspect-granted-scopes";
import type { OAuthClientCredentials } from "./oauth-apps";
import { authorizationServerFor, clientAuthFor, requestOptionsFor } from "./oauth-server";
import { resolveApiBaseUrl } from "../providers/api-base-url";
import { freshTokenRefreshFields } from "../refresh/schedule-connection";
import { findEntry } from "./resolve-provider";

type Ctx = ServiceContext & { keyring: Keyring };
type Resolver = (input: { workspaceId: string; providerKey: string; appId: string }) => Promise<{ provider: ConnectProvider; client: OAuthClientCredentials }>;

const TEN_YEARS_S = 10 * 365 * 24 * 3600;
const grantSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((t) => t.toLowerCase() === "bearer", "unsupported token_type"),
  expires_in: z.number().int().min(0).max(TEN_YEARS_S).optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
  // Per-account API hosts (Salesforce, Zoho, Pipedrive, Gong); checked by resolveApiBaseUrl before use.
  instance_url: z.string().max(2048).optional(),
  api_domain: z.string().max(2048).optional(),
  api_base_url_for_customer: z.string().max(2048).optional(),
});

/** Claims the pending authorization for this state exactly once, or says precisely why not. */
async function claimAuthorization(ctx: Ctx, url: URL, sessionId: string) {
  const state = url.searchParams.get("state");
  if (!state) throw new ConnectError("state_missing");
  const row = await ctx.db.oAuthAuthorization.findUnique({ where: { stateHash: hashToken(state) } });
  if (!row) throw new ConnectError("state_unknown");
  if (row.usedAt) throw new ConnectError("state_reused");
  if (row.expiresAt <= ctx.clock.now()) throw new ConnectError("state_expired");
  if (row.sessionId !== sessionId) throw new ConnectError("session_mismatch");
  const claimed = await ctx.db.oAuthAuthorization.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: ctx.clock.now() } });
  if (claimed.count !== 1) throw new ConnectError("state_reused");
  return { row, state };
}

function classifyTokenError(error: unknown): ConnectError {
  if (error instanceof oauth.ResponseBodyError) {
    if (error.error === "invalid_client" || error.error === "unauthorized_client") return new ConnectError("invalid_client", error.error);
    if (error.error === "invalid_grant") return new ConnectError("invalid_grant", error.error);
    return new ConnectError("provider_error", error.error);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) return new ConnectError("invalid_client", "www-authenticate");
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError || error instanceof SyntaxError) return new ConnectError("token_response_invalid", error.message.slice(0, 200));
  if (error instanceof z.ZodError) return new ConnectError("token_response_invalid", error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  return new ConnectError("provider_unreachable", error instanceof Error ? error.name : "unknown");
}

/**
 * Finishes authorization code + PKCE on the callback: single-use state bound to the session,
 * RFC 9207 iss check, one code exchange, strict token validation, then stores the sealed tokens,
 * granted scopes and who authorized, creating the connection or reconnecting an existing one.
 */
export async function completeAuthorization(ctx: Ctx, input: { callbackUrl: URL; sessionId: string; userId: string; resolve: Resolver }): Promise<{ connectionId: string; providerKey: string; workspaceId: string; reconnected: boolean }> {
  const { row, state } = await claimAuthorization(ctx, input.callbackUrl, input.sessionId);
  const { provider, client } = await input.resolve({ workspaceId: row.workspaceId, providerKey: row.providerKey, appId: row.oauthAppId });
  const as = authorizationServerFor(provider);
  const oauthClient: oauth.Client = { client_id: client.clientId };

  const error = input.callbackUrl.searchParams.get("error");
  if (error) throw new ConnectError(error === "access_denied" ? "access_denied" : "provider_error", error.slice(0, 80));
  const iss = input.callbackUrl.searchParams.get("iss");
  if (iss !== null && provider.issuer && iss !== provider.issuer) throw new ConnectError("iss_mismatch");

  let callbackParams: URLSearchParams;
  try {
    callbackParams = oauth.validateAuthResponse(iss === null || provider.issuer ? as : { ...as, issuer: iss }, oauthClient, input.callbackUrl, state);
  } catch (e) {
    throw new ConnectError(e instanceof oauth.AuthorizationResponseError ? "provider_error" : "iss_mismatch", e instanceof Error ? e.message.slice(0, 120) : undefined);
  }

  const codeVerifier = open(ctx.keyring, row.codeVerifierSealed, aadFor("oauth_authorization", row.id, "code_verifier"));
  let grant: z.infer<typeof grantSchema>;
  let idClaims: oauth.IDToken | undefined;
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, oauthClient, clientAuthFor(client), callbackParams, row.redirectUri, codeVerifier, requestOptionsFor(provider.tokenUrl));
    const result = await oauth.processAuthorizationCodeResponse(as, oauthClient, response, { expectedNonce: row.nonce ?? oauth.expectNoNonce, requireIdToken: false });
    grant = grantSchema.parse(result);
    idClaims = oauth.getValidatedIdTokenClaims(result);
  } catch (e) {
    throw classifyTokenError(e);
  }

  const identity = await fetchAccountIdentity({ provider, accessToken: grant.access_token, idClaims });
  const now = ctx.clock.now();
  // Providers that omit `scope` in the token response are asked through introspection / token-info.
  const inspected = grant.scope === undefined ? await inspectGrantedScopes({ spec: provider.tokenInspection, client, accessToken: grant.access_token, scopeSeparator: provider.scopeSeparator }) : null;
  const grantedKnown = grant.scope !== undefined || inspected !== null;
  const granted = grant.scope !== undefined ? grant.scope.split(/[\s,+]+/).filter(Boolean) : (inspected ?? row.requestedScopes);
  // The catalog entry gives the refresh policy (default lifetime, idle and absolute limits); a provider the resolver knows but the catalog does not gets defaults.
  const entry = await findEntry(ctx, { workspaceId: row.workspaceId, providerKey: row.providerKey }).catch(() => null);
  const expiresAt = grant.expires_in !== undefined ? new Date(now.getTime() + grant.expires_in * 1000) : null;
  const tokenResponseHosts = Object.fromEntries(
    (["instance_url", "api_domain", "api_base_url_for_customer"] as const).flatMap((field) => (grant[field] !== undefined ? [[field, grant[field]]] : [])),
  );
  const tokenFields = {
    tokenType: "bearer",
    accessTokenExpiresAt: expiresAt,
    apiBaseUrl: entry ? resolveApiBaseUrl(entry, { tokenResponse: tokenResponseHosts }) : null,
    requestedScopes: row.requestedScopes,
    grantedScopes: granted,
    grantedScopesKnown: grantedKnown,
    accountSubject: identity.subject,
    accountEmail: identity.email,
    accountName: identity.name,
    authorizedById: input.userId,
    authorizedAt: now,
    status: "active" as const,
    statusReason: null,
    disconnectedAt: null,
  };

  return ctx.db.$transaction(async (tx) => {
    const existing = row.connectionId ? await tx.connection.findFirst({ where: { id: row.connectionId, workspaceId: row.workspaceId } }) : null;
    const connection = existing
      ? await tx.connection.update({ where: { id: existing.id }, data: { ...tokenFields, oauthAppId: row.oauthAppId } })
      : await tx.connection.create({ data: { ...tokenFields, ownerId: input.userId, workspaceId: row.workspaceId, providerKey: row.providerKey, oauthAppId: row.oauthAppId, method: "authorization_code", label: row.label, createdAt: now } });
    const hasRefreshToken = Boolean(grant.refresh_token) || (existing?.refreshTokenSealed != null && existing.status !== "disconnected");
    await tx.connection.update({
      where: { id: connection.id },
      data: {
        ...freshTokenRefreshFields(entry, { now, expiresAt, hasRefreshToken, connectedAt: now, refreshTokenIssuedAt: grant.refresh_token ? now : (existing?.refreshTokenIssuedAt ?? null), machine: false, specialCase: client.refreshSpecialCase ?? null }),
        accessTokenSealed: seal(ctx.keyring, grant.access_token, aadFor("connection", connection.id, "access_token")),
        // RFC 6749 §6: no new refresh token in the response means the old one stays.
        ...(grant.refresh_token ? { refreshTokenSealed: seal(ctx.keyring, grant.refresh_token, aadFor("connection", connection.id, "refresh_token")), refreshTokenIssuedAt: now } : {}),
      },
    });
    await recordAudit(tx, {
      workspaceId: row.workspaceId,
      actorId: input.userId,
      action: existing ? "connection.reconnected" : "connection.connected",
      targetType: "connection",
      targetId: connection.id,
      details: { provider: row.providerKey, scopes: granted.join(" "), account: identity.email ?? identity.subject ?? null },
    }, now);
    return { connectionId: connection.id, providerKey: row.providerKey, workspaceId: row.workspaceId, reconnected: Boolean(existing) };
  });
}
