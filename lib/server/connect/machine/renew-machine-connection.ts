import "server-only";
import { recordAudit } from "../../audit/record-audit";
import { isServiceError, ServiceError } from "../../errors";
import { aadFor } from "../../vault/aad";
import { freshTokenRefreshFields } from "../../refresh/schedule-connection";
import { seal } from "../../vault/seal";
import { acquireMachineToken } from "./acquire-machine-token";
import { isMachineMethod, openMachineConfig, type MachineMethod } from "./machine-config";
import type { MachineContext } from "./machine-context";
import { isPermanentFailure } from "./machine-token-error";

/** What a renewal did, for the "Renew now" button and the refresh engine. */
export type MachineRenewal = {
  connectionId: string;
  method: MachineMethod;
  renewedAt: Date;
  previousExpiresAt: Date | null;
  expiresAt: Date | null;
  grantedScopes: string[];
  grantedScopesKnown: boolean;
};

async function recordFailure(ctx: MachineContext, row: { id: string; workspaceId: string; providerKey: string; method: MachineMethod }, actorId: string | null, error: ServiceError): Promise<void> {
  const permanent = isPermanentFailure(error);
  const now = ctx.clock.now();
  const reason = typeof error.details.reason === "string" ? error.details.reason : error.code.toLowerCase();
  await ctx.db.$transaction(async (tx) => {
    // Only a failure that repeating cannot fix (rejected secret, revoked key, unreadable settings) marks the connection;
    // a network blip or a 5xx leaves it as it is for the next attempt.
    if (permanent) await tx.connection.updateMany({ where: { id: row.id, workspaceId: row.workspaceId, status: { not: "disconnected" } }, data: { status: "error", statusReason: error.message } });
    await recordAudit(tx, { workspaceId: row.workspaceId, actorId, action: "connection.renew_failed", targetType: "connection", targetId: row.id, details: { provider: row.providerKey, method: row.method, reason, permanent } }, now);
  });
}

/**
 * Gets a fresh token for a client-credentials, JWT-bearer or JWT-login connection by opening its
 * sealed settings and repeating the acquisition; stores the new sealed token and expiry. A failure
 * is audited, marks the connection as in error when retrying cannot help, and is thrown with a safe message.
 */
export async function renewMachineConnection(ctx: MachineContext, input: { workspaceId: string; connectionId: string; actorId?: string | null }): Promise<MachineRenewal> {
  const actorId = input.actorId ?? null;
  const row = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId } });
  if (!row) throw new ServiceError("NOT_FOUND", "Connection not found.");
  const method = row.method;
  if (!isMachineMethod(method)) throw new ServiceError("BAD_REQUEST", "This connection was made through a consent screen; it renews with its refresh token, or by Reconnect.");
  if (row.status === "disconnected") throw new ServiceError("CONFLICT", "This connection is disconnected. Create it again to get a token.");
  const target = { id: row.id, workspaceId: row.workspaceId, providerKey: row.providerKey, method };

  let token;
  try {
    const config = openMachineConfig(ctx.keyring, row.id, row.configSealed);
    if (config.method !== method) throw new ServiceError("INTERNAL", "The stored settings of this connection cannot be read. Create the connection again.", { details: { detail: "config method differs from the row's" } });
    token = await acquireMachineToken(ctx, config);
  } catch (error) {
    if (isServiceError(error)) await recordFailure(ctx, target, actorId, error);
    throw error;
  }

  const now = ctx.clock.now();
  const grantedScopes = token.grantedScopes ?? row.requestedScopes;
  const grantedScopesKnown = token.grantedScopes !== null;
  await ctx.db.$transaction(async (tx) => {
    const updated = await tx.connection.updateMany({
      where: { id: row.id, workspaceId: row.workspaceId, status: { not: "disconnected" } },
      data: {
        accessTokenSealed: seal(ctx.keyring, token.accessToken, aadFor("connection", row.id, "access_token")),
        accessTokenExpiresAt: token.expiresAt,
        tokenType: token.tokenType,
        grantedScopes,
        grantedScopesKnown,
        lastRefreshedAt: now,
        status: "active",
        statusReason: null,
        ...freshTokenRefreshFields(null, { now, expiresAt: token.expiresAt, hasRefreshToken: false, connectedAt: row.authorizedAt ?? row.createdAt, refreshTokenIssuedAt: null, machine: true }),
      },
    });
    // Disconnected (or deleted) while the provider answered: the new token is dropped, not resurrected.
    if (updated.count !== 1) throw new ServiceError("CONFLICT", "The connection was disconnected while it was being renewed; the new token was discarded.");
    await recordAudit(tx, { workspaceId: row.workspaceId, actorId, action: "connection.renewed", targetType: "connection", targetId: row.id, details: { provider: row.providerKey, method, expiresAt: token.expiresAt?.toISOString() ?? null } }, now);
  });
  return { connectionId: row.id, method, renewedAt: now, previousExpiresAt: row.accessTokenExpiresAt, expiresAt: token.expiresAt, grantedScopes, grantedScopesKnown };
}
