import "server-only";
import { HOUR } from "@/lib/clock";
import { errorClassSql } from "./errors/error-filter-sql";
import type { ErrorRange } from "@/lib/dashboard/error-range";
import { getErrorSeries } from "./errors/get-error-series";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import type { ServiceContext } from "../context";

// The Overview's error sparkline: the Errors screen's series (lib/server/dashboard/errors),
// summed over classes, so both screens count the same errors from the same hourly rollup and
// honour every filter (environment, owner and workflow through the connection).

// The buckets (1 h over 24 h, 6 h over 7 days) are the Errors screen's (errorWindow).
export type TrendRange = ErrorRange;
export type TrendPoint = { at: string; errors: number };
export type ErrorTrend = { range: TrendRange; points: TrendPoint[]; total: number };

export function parseTrendRange(value: string | string[] | null | undefined): TrendRange {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "7d" ? "7d" : "24h";
}

/** Errors per bucket over the range (1 h buckets for 24 h, 6 h for 7 days), oldest first, zero-filled. */
export async function getErrorTrend(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; range: TrendRange }): Promise<ErrorTrend> {
  const series = await getErrorSeries(ctx, { workspaceId: input.workspaceId, filters: input.filters, range: input.range });
  return { range: input.range, points: series.buckets.map((b) => ({ at: b.start.toISOString(), errors: b.total })), total: series.total };
}

/**
 * Auth errors per connection with an error in the last 24 hours, from the hourly rollup (so the
 * cost follows rollup rows, not the number of events). A connection counts when its latest error
 * is within 24 h, as on the Errors screen; the count covers the whole hours since then.
 */
export async function errorsLast24hByConnection(ctx: ServiceContext, input: { workspaceId: string }): Promise<Map<string, number>> {
  const since = new Date(ctx.clock.now().getTime() - 24 * HOUR);
  const rows = await ctx.db.$queryRaw<{ connection_id: string; errors: bigint }[]>`
    SELECT r.connection_id, SUM(r.count)::bigint AS errors FROM auth_event_hourly r
    WHERE r.workspace_id = ${input.workspaceId} AND r.hour >= ${new Date(Math.floor(since.getTime() / HOUR) * HOUR)} AND r.connection_id <> '' ${errorClassSql("r.class")}
    GROUP BY r.connection_id
    HAVING MAX(r.last_at) >= ${since}`;
  return new Map(rows.map((r) => [r.connection_id, Number(r.errors)]));
}
