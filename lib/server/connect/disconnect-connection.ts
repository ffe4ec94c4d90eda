import "server-only";
import { stopRefreshFields } from "../refresh/schedule-connection";
import * as oauth from "oauth4webapi";
import { revokeAtProvider } from "./revoke-at-provider";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { open } from "../vault/seal";
import type { ConnectProvider } from "./connect-provider";
import { disconnectMessages, type DisconnectOutcome } from "./disconnect-messages";
import type { OAuthClientCredentials } from "./oauth-apps";

export type RevocationOutcome = DisconnectOutcome;
type Resolver = (input: { workspaceId: string; providerKey: string; appId: string }) => Promise<{ provider: ConnectProvider; client: OAuthClientCredentials }>;

/**
 * Disconnects: revokes the grant at the provider (RFC 7009) when it supports it, then deletes the
 * tokens here whatever happened, and reports the revocation outcome so the admin can act on it.
 */
export async function disconnectConnection(ctx: ServiceContext & { keyring: Keyring }, input: { actorId: string; workspaceId: string; connectionId: string; resolve: Resolver }): Promise<{ revocation: RevocationOutcome; detail?: string }> {
  const connection = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId } });
  if (!connection) throw new ServiceError("NOT_FOUND", "Connection not found.");
  // Machine connections (client credentials, JWT bearer, JWT login) hold no grant to revoke:
  // their stored client secret / key / login goes with the tokens below.
  let revocation: RevocationOutcome = connection.method === "authorization_code" ? "nothing_to_revoke" : "credentials_deleted";
  let detail: string | undefined;
  const refresh = connection.refreshTokenSealed ? open(ctx.keyring, connection.refreshTokenSealed, aadFor("connection", connection.id, "refresh_token")) : null;
  const access = connection.accessTokenSealed ? open(ctx.keyring, connection.accessTokenSealed, aadFor("connection", connection.id, "access_token")) : null;
  if (connection.method === "authorization_code" && (refresh || access) && connection.oauthAppId) {
    const { provider, client } = await input.resolve({ workspaceId: input.workspaceId, providerKey: connection.providerKey, appId: connection.oauthAppId });
    if (!provider.revocation) {
      revocation = "not_supported";
    } else {
      try {
        const revoked = await revokeAtProvider({ provider, client, tokens: { refresh_token: refresh ?? undefined, access_token: access ?? undefined } });
        revocation = revoked.length > 0 ? "revoked" : "not_supported";
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
      data: { accessTokenSealed: null, refreshTokenSealed: null, configSealed: null, accessTokenExpiresAt: null, status: "disconnected", statusReason: disconnectMessages[revocation], disconnectedAt: now, ...stopRefreshFields },
    });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "connection.disconnected", targetType: "connection", targetId: connection.id, details: { provider: connection.providerKey, revocation } }, now);
  });
  return { revocation, detail };
}
