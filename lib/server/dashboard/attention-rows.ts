import "server-only";
import { HOUR } from "@/lib/clock";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { ServiceContext } from "../context";
import type { ConnectionRow } from "./deadline-rows";
import { errorClassSql } from "./errors/error-filter-sql";
import { connectionFilterSql } from "./filter-where";

// The connections that may need attention, chosen in SQL so a workspace of 10,000 healthy
// connections reads and sends back only the few that are not. The condition is a SUPERSET of the
// pure rules (lib/dashboard/deadlines.ts, item-states.ts): every connection it leaves out has no
// deadline before `until` and is healthy or, with auth errors in the last 24 h, erroring and
// nothing else; those are counted in SQL and listed only when their list is asked for.

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

const COLUMNS = Prisma.sql`c.id, c.label, c.provider_key, c.method::text AS method, c.status::text AS status, c.health::text AS health, c.health_reason,
  c.access_token_expires_at, c.next_refresh_at, (c.refresh_token_issued_at IS NOT NULL) AS has_refresh_token,
  c.hard_deadline_at, c.hard_deadline_reason, c.hard_deadline_note, c.environment, c.owner_id, c.workflows, c.created_at, c.last_used_at, c.last_refreshed_at`;

/**
 * Not healthy now, or a deadline possibly before `until`, or (with a cutoff) no creation, use or
 * refresh since then: two indexed columns the trigger connections_watch keeps (ADR 0013).
 */
function attentionSql(until: Date, dormantCutoff: Date | null): Prisma.Sql {
  return dormantCutoff ? Prisma.sql`(c.attention_at <= ${until} OR c.last_active_at <= ${dormantCutoff})` : Prisma.sql`c.attention_at <= ${until}`;
}

const scopeSql = (workspaceId: string, filters: DashboardFilters) =>
  Prisma.sql`c.workspace_id = ${workspaceId} AND c.status <> 'disconnected' ${connectionFilterSql(filters, "c")}`;

/** Connections (not disconnected) that may have a deadline before `until` or are not healthy. */
export async function loadAttentionConnections(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; until: Date }): Promise<ConnectionRow[]> {
  const rows = await ctx.db.$queryRaw<Raw[]>`
    SELECT ${COLUMNS} FROM connections c WHERE ${scopeSql(input.workspaceId, input.filters)} AND ${attentionSql(input.until, null)}`;
  return rows.map(toRow);
}

export type OverviewConnection = ConnectionRow & { errors24h: number };
/** A connection whose only finding is auth errors in the last 24 h (so it is erroring, with no deadline before `until`). */
export type ErrorOnlyConnection = { id: string; label: string; providerKey: string; environment: string; errors24h: number };

export type OverviewConnections = {
  /** Every connection matching the filters. */
  total: number;
  /** Those that may need attention, each with its auth errors in the last 24 h; every one of them when `all`. */
  attention: OverviewConnection[];
  /** The rest that had auth errors in the last 24 h: how many, and (when asked) the first of them by label. */
  errorOnly: { count: number; items: ErrorOnlyConnection[] };
};

/**
 * The Overview's connections. Auth errors come from the hourly rollup (so the cost follows rollup
 * rows, not events): a connection counts when its latest error is within 24 h, as on the Errors
 * screen, and the count covers the whole hours since then.
 */
export async function loadOverviewConnections(
  ctx: ServiceContext,
  input: { workspaceId: string; filters: DashboardFilters; until: Date; dormantCutoff: Date; all?: boolean; errorOnlyLimit?: number },
): Promise<OverviewConnections> {
  const since = new Date(ctx.clock.now().getTime() - 24 * HOUR);
  const errors = Prisma.sql`WITH errors AS (
      SELECT r.connection_id, SUM(r.count)::int AS n FROM auth_event_hourly r
      WHERE r.workspace_id = ${input.workspaceId} AND r.hour >= ${new Date(Math.floor(since.getTime() / HOUR) * HOUR)} AND r.connection_id <> '' ${errorClassSql("r.class")}
      GROUP BY r.connection_id HAVING MAX(r.last_at) >= ${since})`;
  const scope = scopeSql(input.workspaceId, input.filters);
  const attention = input.all ? Prisma.sql`TRUE` : attentionSql(input.until, input.dormantCutoff);
  const limit = input.errorOnlyLimit ?? 0;
  const errorOnly = Prisma.sql`SELECT c.id, c.label, c.provider_key, c.environment FROM connections c WHERE c.id = e.connection_id AND ${scope} AND ${attention} IS NOT TRUE LIMIT 1`;
  const [rows, [counts], items] = await Promise.all([
    ctx.db.$queryRaw<(Raw & { errors_24h: number })[]>`${errors} SELECT ${COLUMNS}, COALESCE(e.n, 0) AS errors_24h FROM connections c LEFT JOIN errors e ON e.connection_id = c.id WHERE ${scope} AND ${attention}`,
    // The total from the (workspace, status) index; the error-only ones by looking up each connection
    // with errors by its key (a LATERAL … LIMIT 1 stays a per-row index lookup instead of a scan of every connection).
    ctx.db.$queryRaw<{ total: number; error_only: number }[]>`${errors}
      SELECT (SELECT COUNT(*) FROM connections c WHERE ${scope})::int AS total,
             (SELECT COUNT(*) FROM errors e CROSS JOIN LATERAL (${errorOnly}) c)::int AS error_only`,
    limit > 0
      ? ctx.db.$queryRaw<{ id: string; label: string; provider_key: string; environment: string; n: number }[]>`${errors}
          SELECT c.id, c.label, c.provider_key, c.environment, e.n FROM errors e CROSS JOIN LATERAL (${errorOnly}) c
          ORDER BY lower(c.label), c.label DESC, c.id LIMIT ${limit}`
      : Promise.resolve([]),
  ]);
  return {
    total: counts?.total ?? 0,
    attention: rows.map((r) => ({ ...toRow(r), errors24h: r.errors_24h })),
    errorOnly: { count: counts?.error_only ?? 0, items: items.map((r) => ({ id: r.id, label: r.label, providerKey: r.provider_key, environment: r.environment, errors24h: r.n })) },
  };
}
