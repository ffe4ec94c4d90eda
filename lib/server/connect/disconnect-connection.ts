import "server-only";
import * as oauth from "oauth4webapi";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { open } from "../vault/seal";
import type { ConnectProvider } from "./connect-provider";
import { disconnectMessages, type DisconnectOutcome } from "./disconnect-messages";
import type { OAuthClientCredentials } from "./oauth-apps";
import { authorizationServerFor, clientAuthFor, requestOptionsFor } from "./oauth-server";

export type RevocationOutcome = DisconnectOutcome;
type Resolver = (input: { workspaceId: string; providerKey: string; appId: string }) => Promise<{ provider: ConnectProvider; client: OAuthClientCredentials }>;

async function revoke(provider: ConnectProvider, client: OAuthClientCredentials, token: string, hint: "refresh_token" | "access_token"): Promise<boolean> {
  const as = authorizationServerFor(provider);
  const response = await oauth.revocationRequest(as, { client_id: client.clientId }, clientAuthFor(client), token, { ...requestOptionsFor(provider.revocationUrl!), additionalParameters: { token_type_hint: hint } });
  await oauth.processRevocationResponse(response);
  return true;
}

/**
 * Disconnects: revokes the grant at the provider (RFC 7009) when it supports it, then deletes the
 * tokens here whatever happened, and reports the revocation outcome so the admin can act on it.
 */
export async function disconnectConnection(ctx: ServiceContext & { keyring: Keyring }, input: { actorId: string; workspaceId: string; connectionId: string; resolve: Resolver }): Promise<{ revocation: RevocationOutcome; detail?: string }> {
  const connection = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId } });
  if (!connection) throw new ServiceError("NOT_FOUND", "Connection not found.");
  let revocation: RevocationOutcome = "nothing_to_revoke";
  let detail: string | undefined;
  const refresh = connection.refreshTokenSealed ? open(ctx.keyring, connection.refreshTokenSealed, aadFor("connection", connection.id, "refresh_token")) : null;
  const access = connection.accessTokenSealed ? open(ctx.keyring, connection.accessTokenSealed, aadFor("connection", connection.id, "access_token")) : null;
  if ((refresh || access) && connection.oauthAppId) {
    const { provider, client } = await input.resolve({ workspaceId: input.workspaceId, providerKey: connection.providerKey, appId: connection.oauthAppId });
    if (!provider.revocationUrl) {
      revocation = "not_supported";
    } else {
      try {
        // Revoking the refresh token ends the whole grant at RFC 7009 servers; the access token too where it is separate.
        if (refresh) await revoke(provider, client, refresh, "refresh_token");
        if (access) await revoke(provider, client, access, "access_token");
        revocation = "revoked";
      } catch (error) {
        revocation = "failed";
        detail = error instanceof oauth.ResponseBodyError ? error.error : error instanceof Error ? error.name : "unknown";
      }
    }
  }
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.connection.update({
      where: { id: connection.id },
      data: { accessTokenSealed: null, refreshTokenSealed: null, accessTokenExpiresAt: null, status: "disconnected", statusReason: disconnectMessages[revocation], disconnectedAt: now },
    });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "connection.disconnected", targetType: "connection", targetId: connection.id, details: { provider: connection.providerKey, revocation } }, now);
  });
  return { revocation, detail };
}
