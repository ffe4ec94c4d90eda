import "server-only";
import type { Clock } from "@/lib/clock";
import { ERROR_CLASSES, errorWindow, type ErrorClass, type ErrorRange } from "@/lib/dashboard/error-range";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { ConnectionHealth } from "@/lib/server/generated/prisma/enums";
import type { Db } from "../../db";
import { providerNamesFor } from "../../connect/resolve-provider";
import type { CsvTable } from "../dashboard-route";
import { connectionJoinSql, errorClassSql, errorFilterSql } from "./error-filter-sql";

const HOUR = 3_600_000;

export type ErrorTrend = "new" | "up" | "down" | "flat";

export type IntegrationErrors = {
  /** null: events without a connection (ingested or webhook), or of a deleted connection. */
  connectionId: string | null;
  label: string;
  providerKey: string | null;
  providerName: string;
  environment: string | null;
  health: ConnectionHealth | null;
  count: number;
  previousCount: number;
  trend: ErrorTrend;
  /** Change against the previous period of the same length, in percent (null when that had none). */
  changePercent: number | null;
  lastSeenAt: Date;
  /** The start of the first hour with an error in the range. */
  firstHourAt: Date;
  erroringLast24h: boolean;
  topClass: ErrorClass;
  classes: Partial<Record<ErrorClass, number>>;
};

export type ErrorsByIntegrationSummary = {
  totalErrors: number;
  integrations: number;
  /** Integrations whose first error in the range falls in the last hour (or the hour in progress). */
  startedWithinLastHour: number;
};

export type ErrorsByIntegration = { range: ErrorRange; from: Date; to: Date; now: Date; summary: ErrorsByIntegrationSummary; truncated: boolean; rows: IntegrationErrors[] };

/** Rows on screen (the CSV export takes up to BY_INTEGRATION_CSV_LIMIT). */
export const BY_INTEGRATION_LIMIT = 100;
export const BY_INTEGRATION_CSV_LIMIT = 10_000;

type Ranked = {
  connection_id: string;
  provider_key: string;
  count: number;
  last_seen_at: Date;
  first_hour_at: Date;
  label: string | null;
  environment: string | null;
  health: ConnectionHealth | null;
  total_integrations: number;
  total_errors: number;
  started_recently: number;
  class_counts: number[];
  previous_count: number;
};

function trendOf(count: number, previous: number): { trend: ErrorTrend; changePercent: number | null } {
  if (previous === 0) return { trend: "new", changePercent: null };
  const change = Math.round(((count - previous) / previous) * 100);
  return { trend: change >= 20 ? "up" : change <= -20 ? "down" : "flat", changePercent: change };
}

/** Auth errors per connection (or provider, for events without one): count, last seen, trend vs the previous period. */
export async function getErrorsByIntegration(
  ctx: { db: Db; clock: Clock },
  input: { workspaceId: string; filters: DashboardFilters; range: ErrorRange; limit?: number },
): Promise<ErrorsByIntegration> {
  const now = ctx.clock.now();
  const window = errorWindow(input.range, now, "1h");
  // One index-only pass over the rollup for the range ranks the integrations and counts them all;
  // the per-class and previous-period counts are read only for the rows returned, each through the
  // (connection, hour) covering index (docs/decisions/0013-dashboard-reads-what-it-shows.md).
  const namesPromise = providerNamesFor(ctx, { workspaceId: input.workspaceId });
  const dayAgo = new Date(now.getTime() - 24 * HOUR);
  const recentHour = new Date(Math.floor((now.getTime() - HOUR) / HOUR) * HOUR);
  const classCounts = Prisma.join(
    ERROR_CLASSES.map((c) => Prisma.sql`COALESCE(sum(r.count) FILTER (WHERE r.hour >= ${window.from} AND r.class = ${c}::"AuthEventClass"), 0)::int`),
    ", ",
  );
  const ranked = await ctx.db.$queryRaw<Ranked[]>(Prisma.sql`
    WITH per_integration AS (
      SELECT r.connection_id, r.provider_key, sum(r.count)::int AS count, max(r.last_at) AS last_seen_at, min(r.hour) AS first_hour_at
      FROM auth_event_hourly r
      WHERE r.workspace_id = ${input.workspaceId} AND r.hour >= ${window.from} AND r.hour < ${window.to}
        ${errorClassSql("r.class")} ${errorFilterSql({ provider: input.filters.provider }, "r")}
      GROUP BY 1, 2
    ), filtered AS (
      -- Environment, owner and workflow belong to the connection: filter the integrations, not every rollup row.
      SELECT p.* FROM per_integration p
      ${connectionJoinSql(input.filters, "NULLIF(p.connection_id, '')")}
      WHERE TRUE ${errorFilterSql({ env: input.filters.env, owner: input.filters.owner, workflow: input.filters.workflow }, "p")}
    ), ranked AS (
      SELECT p.* FROM filtered p
      -- Erroring in the last 24 h first, then the most errors: what needs attention leads.
      ORDER BY (p.last_seen_at >= ${dayAgo}) DESC, p.count DESC, p.last_seen_at DESC
      LIMIT ${input.limit ?? BY_INTEGRATION_LIMIT}
    ), totals AS (
      SELECT count(*)::int AS total_integrations, COALESCE(sum(p.count), 0)::int AS total_errors,
             (count(*) FILTER (WHERE p.first_hour_at >= ${recentHour}))::int AS started_recently
      FROM filtered p
    )
    SELECT ranked.*, totals.*, detail.previous_count, detail.class_counts, c.label, c.environment, c.health::text AS health
    FROM ranked
    CROSS JOIN totals
    CROSS JOIN LATERAL (
      -- This row's hours of the previous period and of the range, through the (connection, hour)
      -- covering index. The classes are chosen in the FILTERs, not in WHERE: a class list there is
      -- an index condition the primary key (workspace, class, hour, ...) also offers, and a fresh
      -- database's statistics once made the planner take that per row (1.3 ms a row, not 0.04).
      SELECT COALESCE(sum(r.count) FILTER (WHERE r.hour < ${window.from} ${errorClassSql("r.class")}), 0)::int AS previous_count, ARRAY[${classCounts}] AS class_counts
      FROM auth_event_hourly r
      WHERE r.connection_id = ranked.connection_id AND r.hour >= ${window.previousFrom} AND r.hour < ${window.to}
        AND r.workspace_id = ${input.workspaceId} AND r.provider_key = ranked.provider_key
    ) detail
    LEFT JOIN connections c ON c.id = NULLIF(ranked.connection_id, '')
    ORDER BY (ranked.last_seen_at >= ${dayAgo}) DESC, ranked.count DESC, ranked.last_seen_at DESC`);

  const names = await namesPromise;
  const out = ranked.map((row): IntegrationErrors => {
    // class_counts holds one count per ERROR_CLASSES entry, in that order.
    const classes = Object.fromEntries(ERROR_CLASSES.flatMap((c, i) => ((row.class_counts[i] ?? 0) > 0 ? [[c, row.class_counts[i]!]] : []))) as Partial<Record<ErrorClass, number>>;
    const topClass = (Object.entries(classes).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))[0]?.[0] ?? "unknown") as ErrorClass;
    const providerKey = row.provider_key || null;
    const providerName = providerKey ? (names[providerKey] ?? providerKey) : "Unknown provider";
    const connectionId = row.connection_id || null;
    return {
      connectionId,
      label: connectionId ? (row.label ?? "Deleted connection") : `${providerName} (no connection)`,
      providerKey,
      providerName,
      environment: row.environment,
      health: row.health,
      count: row.count,
      previousCount: row.previous_count,
      ...trendOf(row.count, row.previous_count),
      lastSeenAt: new Date(row.last_seen_at),
      firstHourAt: new Date(row.first_hour_at),
      erroringLast24h: new Date(row.last_seen_at).getTime() >= dayAgo.getTime(),
      topClass,
      classes,
    };
  });
  const first = ranked[0];
  const summary = { totalErrors: first?.total_errors ?? 0, integrations: first?.total_integrations ?? 0, startedWithinLastHour: first?.started_recently ?? 0 };
  return { range: window.range, from: window.from, to: window.to, now, summary, truncated: out.length < summary.integrations, rows: out };
}

/** The by-integration table as CSV. */
export function errorsByIntegrationCsv(result: ErrorsByIntegration): CsvTable {
  return {
    filename: `auth-errors-by-integration-${result.range}`,
    columns: ["connection_id", "integration", "provider", "environment", "health", "errors", "previous_period", "trend", "change_percent", "last_seen_utc", "errors_last_24h", "top_class"],
    rows: result.rows.map((r) => [r.connectionId ?? "", r.label, r.providerKey ?? "", r.environment ?? "", r.health ?? "", r.count, r.previousCount, r.trend, r.changePercent ?? "", r.lastSeenAt.toISOString(), r.erroringLast24h, r.topClass]),
  };
}
