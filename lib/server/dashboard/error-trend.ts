import "server-only";
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
