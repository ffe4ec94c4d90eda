import "server-only";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { ServiceContext } from "../context";
import type { ConnectionRow } from "./deadline-rows";
import { connectionFilterSql } from "./filter-where";

// The connections that may need attention, chosen in SQL so a workspace of 10,000 healthy
// connections sends back only the few that are not. The condition is a SUPERSET of the pure
// rules (lib/dashboard/deadlines.ts, item-states.ts): every connection it leaves out has no
// deadline before `until` and is healthy; the rules still decide about every row it returns.

type Raw = {
  id: string; label: string; provider_key: string; method: ConnectionRow["method"]; status: ConnectionRow["status"]; health: ConnectionRow["health"]; health_reason: string | null;
  access_token_expires_at: Date | null; next_refresh_at: Date | null; has_refresh_token: boolean; hard_deadline_at: Date | null; hard_deadline_reason: string | null; hard_deadline_note: string | null;
  environment: string; owner_id: string | null; workflows: string[]; created_at: Date; last_used_at: Date | null; last_refreshed_at: Date | null;
};

const toRow = (r: Raw): ConnectionRow => ({
  id: r.id, label: r.label, providerKey: r.provider_key, method: r.method, status: r.status, health: r.health, healthReason: r.health_reason,
  accessTokenExpiresAt: r.access_token_expires_at, nextRefreshAt: r.next_refresh_at, hasRefreshToken: r.has_refresh_token, hardDeadlineAt: r.hard_deadline_at,
  hardDeadlineReason: r.hard_deadline_reason, hardDeadlineNote: r.hard_deadline_note, environment: r.environment, ownerId: r.owner_id, workflows: r.workflows,
  createdAt: r.created_at, lastUsedAt: r.last_used_at, lastRefreshedAt: r.last_refreshed_at,
});

export type AttentionInput = {
  workspaceId: string;
  filters: DashboardFilters;
  /** Deadlines up to here matter. */
  until: Date;
  /** Also return connections with no use or refresh since then (dormant), when given. */
  dormantCutoff?: Date | null;
  /** Also return these (auth errors in the last 24 h). */
  alsoIds?: string[];
  /** Return every connection (a full list was asked for). */
  all?: boolean;
};

/** Connections (not disconnected) that may have a deadline before `until` or a non-healthy state. */
export async function loadAttentionConnections(ctx: ServiceContext, input: AttentionInput): Promise<ConnectionRow[]> {
  const until = input.until;
  const dormant = input.dormantCutoff
    ? Prisma.sql`OR (c.created_at <= ${input.dormantCutoff} AND COALESCE(GREATEST(c.last_used_at, c.last_refreshed_at), '-infinity'::timestamptz) <= ${input.dormantCutoff})`
    : Prisma.empty;
  const also = input.alsoIds && input.alsoIds.length > 0 ? Prisma.sql`OR c.id = ANY(${input.alsoIds}::text[])` : Prisma.empty;
  const attention = input.all
    ? Prisma.empty
    : Prisma.sql`AND (
        c.health NOT IN ('healthy', 'refreshing') OR c.status <> 'active'
        OR c.hard_deadline_at <= ${until}
        OR (c.access_token_expires_at <= ${until} AND (
              (c.method = 'authorization_code' AND c.refresh_token_issued_at IS NULL)
              OR (c.health <> 'refreshing' AND (c.next_refresh_at IS NULL OR c.next_refresh_at >= c.access_token_expires_at))))
        ${dormant} ${also})`;
  const rows = await ctx.db.$queryRaw<Raw[]>`
    SELECT c.id, c.label, c.provider_key, c.method::text AS method, c.status::text AS status, c.health::text AS health, c.health_reason,
           c.access_token_expires_at, c.next_refresh_at, (c.refresh_token_issued_at IS NOT NULL) AS has_refresh_token,
           c.hard_deadline_at, c.hard_deadline_reason, c.hard_deadline_note, c.environment, c.owner_id, c.workflows, c.created_at, c.last_used_at, c.last_refreshed_at
    FROM connections c
    WHERE c.workspace_id = ${input.workspaceId} AND c.status <> 'disconnected' ${connectionFilterSql(input.filters, "c")} ${attention}`;
  return rows.map(toRow);
}

/** How many connections (not disconnected) match the filters. */
export async function countConnections(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters }): Promise<number> {
  const [row] = await ctx.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*)::bigint AS n FROM connections c WHERE c.workspace_id = ${input.workspaceId} AND c.status <> 'disconnected' ${connectionFilterSql(input.filters, "c")}`;
  return Number(row?.n ?? 0);
}
