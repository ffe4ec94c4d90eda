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

const connectionSelect = {
  id: true, label: true, providerKey: true, method: true, status: true, health: true, healthReason: true, accessTokenExpiresAt: true, nextRefreshAt: true,
  refreshTokenIssuedAt: true, hardDeadlineAt: true, hardDeadlineReason: true, hardDeadlineNote: true, environment: true, ownerId: true, workflows: true,
  createdAt: true, lastUsedAt: true, lastRefreshedAt: true,
} as const;

type SelectedConnection = { refreshTokenIssuedAt: Date | null } & Omit<ConnectionRow, "hasRefreshToken">;
const toRow = ({ refreshTokenIssuedAt, ...row }: SelectedConnection): ConnectionRow => ({ ...row, hasRefreshToken: refreshTokenIssuedAt !== null });

/** Connections of a workspace (not disconnected) as deadline rows. */
export async function loadConnectionRows(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters }): Promise<ConnectionRow[]> {
  return (await ctx.db.connection.findMany({ where: connectionWhere(input.workspaceId, input.filters), select: connectionSelect })).map(toRow);
}

/** One connection of the workspace as a deadline row (its detail page's forecast); null when not found. */
export async function loadConnectionRow(ctx: ServiceContext, input: { workspaceId: string; connectionId: string }): Promise<ConnectionRow | null> {
  const row = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId }, select: connectionSelect });
  return row ? toRow(row) : null;
}

/** Credentials of a workspace (not deleted) as deadline rows. */
export async function loadCredentialRows(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters }): Promise<CredentialRow[]> {
  return ctx.db.credential.findMany({
    where: credentialWhere(input.workspaceId, input.filters),
    select: { id: true, name: true, provider: true, method: true, sensitive: true, rotatedAt: true, rotationIntervalDays: true, expiresAt: true, environment: true, ownerId: true, workflows: true, createdAt: true, lastUsedAt: true },
  });
}
