import "server-only";
import { recordAudit, type AuditEntry } from "../../audit/record-audit";
import { aadFor } from "../../vault/aad";
import { freshTokenRefreshFields } from "../../refresh/schedule-connection";
import { seal } from "../../vault/seal";
import type { MachineToken } from "./acquire-machine-token";
import { sealMachineConfig, type MachineConfig } from "./machine-config";
import type { MachineContext } from "./machine-context";

/** What every create-*-connection service ends with. */
export type MachineConnectionCreated = { connectionId: string; method: MachineConfig["method"]; expiresAt: Date | null; grantedScopes: string[] };

/** Who and what the new connection is; the secrets travel only in `config` and `token`, which are sealed. */
export type StoreMachineConnectionInput = {
  workspaceId: string;
  actorId: string | null;
  providerKey: string;
  label: string;
  environment: string;
  requestedScopes: string[];
  account: { subject: string | null; email: string | null; name: string | null };
  config: MachineConfig;
  token: MachineToken;
  /** Allow-listed, non-secret audit details. */
  auditDetails: NonNullable<AuditEntry["details"]>;
};

/**
 * Creates the Connection row for a token that was just acquired, then seals the access token and the
 * configuration with AADs bound to the new row (so they need its id), and writes the audit entry, all
 * in one transaction: either everything is stored or nothing is.
 */
export async function storeMachineConnection(ctx: MachineContext, input: StoreMachineConnectionInput): Promise<MachineConnectionCreated> {
  const now = ctx.clock.now();
  const granted = input.token.grantedScopes ?? input.requestedScopes;
  return ctx.db.$transaction(async (tx) => {
    const connection = await tx.connection.create({
      data: {
        workspaceId: input.workspaceId,
        providerKey: input.providerKey,
        method: input.config.method,
        label: input.label,
        environment: input.environment,
        status: "active",
        tokenType: input.token.tokenType,
        accessTokenExpiresAt: input.token.expiresAt,
        requestedScopes: input.requestedScopes,
        grantedScopes: granted,
        grantedScopesKnown: input.token.grantedScopes !== null,
        accountSubject: input.account.subject,
        accountEmail: input.account.email,
        accountName: input.account.name,
        authorizedById: input.actorId,
        ownerId: input.actorId,
        authorizedAt: now,
        lastRefreshedAt: now,
        createdAt: now,
      },
    });
    await tx.connection.update({
      where: { id: connection.id },
      data: {
        ...freshTokenRefreshFields(null, { now, expiresAt: input.token.expiresAt, hasRefreshToken: false, connectedAt: now, refreshTokenIssuedAt: null, machine: true }),
        accessTokenSealed: seal(ctx.keyring, input.token.accessToken, aadFor("connection", connection.id, "access_token")),
        configSealed: sealMachineConfig(ctx.keyring, connection.id, input.config),
      },
    });
    await recordAudit(
      tx,
      { workspaceId: input.workspaceId, actorId: input.actorId, action: "connection.connected", targetType: "connection", targetId: connection.id, details: { provider: input.providerKey, method: input.config.method, ...input.auditDetails } },
      now,
    );
    return { connectionId: connection.id, method: input.config.method, expiresAt: input.token.expiresAt, grantedScopes: granted };
  });
}
