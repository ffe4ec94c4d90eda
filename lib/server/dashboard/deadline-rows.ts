import "server-only";
import type { ConnectionDeadlineRow, CredentialDeadlineRow } from "@/lib/dashboard/deadlines";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import type { ServiceContext } from "../context";
import { connectionWhere, credentialWhere } from "./filter-where";

// The rows the deadline and state rules read, filtered by the shared dashboard filters. Only
// metadata columns: a sealed token is never selected; refresh_token_issued_at is set exactly when
// a refresh token is held (complete-authorization sets both, disconnect clears the token).

export type ConnectionRow = ConnectionDeadlineRow & { createdAt: Date; lastUsedAt: Date | null; lastRefreshedAt: Date | null };
export type CredentialRow = CredentialDeadlineRow & { createdAt: Date; lastUsedAt: Date | null };

/** Connections of a workspace (not disconnected) as deadline rows. */
export async function loadConnectionRows(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters }): Promise<ConnectionRow[]> {
  const rows = await ctx.db.connection.findMany({
    where: connectionWhere(input.workspaceId, input.filters),
    select: {
      id: true, label: true, providerKey: true, method: true, status: true, health: true, healthReason: true, accessTokenExpiresAt: true, nextRefreshAt: true,
      refreshTokenIssuedAt: true, hardDeadlineAt: true, hardDeadlineReason: true, hardDeadlineNote: true, environment: true, ownerId: true, workflows: true,
      createdAt: true, lastUsedAt: true, lastRefreshedAt: true,
    },
  });
  return rows.map(({ refreshTokenIssuedAt, ...row }) => ({ ...row, hasRefreshToken: refreshTokenIssuedAt !== null }));
}

/** Credentials of a workspace (not deleted) as deadline rows. */
export async function loadCredentialRows(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters }): Promise<CredentialRow[]> {
  return ctx.db.credential.findMany({
    where: credentialWhere(input.workspaceId, input.filters),
    select: { id: true, name: true, provider: true, method: true, sensitive: true, rotatedAt: true, rotationIntervalDays: true, expiresAt: true, environment: true, ownerId: true, workflows: true, createdAt: true, lastUsedAt: true },
  });
}
