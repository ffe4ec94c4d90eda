import "server-only";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";

// The dashboard filters as query conditions, one place for Prisma and one for raw SQL, so
// every screen filters the same way. A workflow filter is one of the stored labels (the
// filter bar offers them); owner "none" selects items with no owner.

/** Conditions on connections (Prisma), including the workspace. Disconnected ones are excluded unless asked. */
export function connectionWhere(workspaceId: string, filters: DashboardFilters, options: { includeDisconnected?: boolean } = {}): Prisma.ConnectionWhereInput {
  return {
    workspaceId,
    ...(options.includeDisconnected ? {} : { status: { not: "disconnected" } }),
    ...(filters.env ? { environment: filters.env } : {}),
    ...(filters.provider ? { providerKey: filters.provider } : {}),
    ...(filters.owner ? { ownerId: filters.owner === "none" ? null : filters.owner } : {}),
    ...(filters.workflow ? { workflows: { has: filters.workflow } } : {}),
  };
}

/** Conditions on credentials (Prisma), including the workspace; deleted ones are excluded. */
export function credentialWhere(workspaceId: string, filters: DashboardFilters): Prisma.CredentialWhereInput {
  const env = filters.env === "prod" || filters.env === "staging" || filters.env === "dev" ? filters.env : undefined;
  return {
    workspaceId,
    deletedAt: null,
    // an environment credentials cannot have matches nothing
    ...(filters.env ? (env ? { environment: env } : { id: { in: [] } }) : {}),
    ...(filters.provider ? { provider: { equals: filters.provider, mode: "insensitive" } } : {}),
    ...(filters.owner ? { ownerId: filters.owner === "none" ? null : filters.owner } : {}),
    ...(filters.workflow ? { workflows: { has: filters.workflow } } : {}),
  };
}

/** `AND …` conditions on a connections row aliased `alias` for raw SQL (empty when no filter is set). */
export function connectionFilterSql(filters: DashboardFilters, alias = "c"): Prisma.Sql {
  const col = (name: string) => Prisma.raw(`${alias}.${name}`);
  const parts: Prisma.Sql[] = [];
  if (filters.env) parts.push(Prisma.sql`${col("environment")} = ${filters.env}`);
  if (filters.provider) parts.push(Prisma.sql`${col("provider_key")} = ${filters.provider}`);
  if (filters.owner) parts.push(filters.owner === "none" ? Prisma.sql`${col("owner_id")} IS NULL` : Prisma.sql`${col("owner_id")} = ${filters.owner}`);
  if (filters.workflow) parts.push(Prisma.sql`${filters.workflow} = ANY(${col("workflows")})`);
  return parts.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(parts, " AND ")}`;
}
