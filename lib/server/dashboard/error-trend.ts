import "server-only";
import { HOUR } from "@/lib/clock";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { ServiceContext } from "../context";

// The Overview's error sparkline, read from the hourly rollup (auth_event_hourly, kept up to date
// by a trigger on auth_events) so it costs the same at 100k and at 1M events. The rollup has no
// owner or workflow columns: those two filters do not narrow the trend (the screen says so).

export const TREND_RANGES = { "24h": { hours: 24, bucketHours: 1 }, "7d": { hours: 168, bucketHours: 6 } } as const;
export type TrendRange = keyof typeof TREND_RANGES;
export type TrendPoint = { at: string; errors: number };
export type ErrorTrend = { range: TrendRange; points: TrendPoint[]; total: number; narrowedByAllFilters: boolean };

/** Classes that are not errors. */
export const NON_ERROR_CLASSES = ["success", "recovered"] as const;

export function parseTrendRange(value: string | string[] | null | undefined): TrendRange {
  const v = Array.isArray(value) ? value[0] : value;
  return v === "7d" ? "7d" : "24h";
}

/** Errors per bucket over the range, oldest first, zero-filled, from the hourly rollup. */
export async function getErrorTrend(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; range: TrendRange }): Promise<ErrorTrend> {
  const { hours, bucketHours } = TREND_RANGES[input.range];
  const bucketMs = bucketHours * HOUR;
  const end = Math.floor(ctx.clock.now().getTime() / HOUR) * HOUR + HOUR;
  const start = end - hours * HOUR;
  const where: Prisma.Sql[] = [Prisma.sql`workspace_id = ${input.workspaceId}`, Prisma.sql`hour >= ${new Date(start)}`, Prisma.sql`hour < ${new Date(end)}`, Prisma.sql`class::text NOT IN (${Prisma.join([...NON_ERROR_CLASSES])})`];
  if (input.filters.provider) where.push(Prisma.sql`provider_key = ${input.filters.provider}`);
  if (input.filters.env) where.push(Prisma.sql`environment = ${input.filters.env}`);
  const rows = await ctx.db.$queryRaw<{ hour: Date; errors: bigint }[]>`SELECT hour, SUM(count)::bigint AS errors FROM auth_event_hourly WHERE ${Prisma.join(where, " AND ")} GROUP BY hour`;
  const points: TrendPoint[] = [];
  for (let at = start; at < end; at += bucketMs) points.push({ at: new Date(at).toISOString(), errors: 0 });
  let total = 0;
  for (const row of rows) {
    const index = Math.floor((row.hour.getTime() - start) / bucketMs);
    const point = points[index];
    if (!point) continue;
    point.errors += Number(row.errors);
    total += Number(row.errors);
  }
  return { range: input.range, points, total, narrowedByAllFilters: !input.filters.owner && !input.filters.workflow };
}

/** Auth errors per connection in the last 24 h (raw events; the (workspace_id, occurred_at) index bounds the scan to one day). */
export async function errorsLast24hByConnection(ctx: ServiceContext, input: { workspaceId: string }): Promise<Map<string, number>> {
  const since = new Date(ctx.clock.now().getTime() - 24 * HOUR);
  const rows = await ctx.db.$queryRaw<{ connection_id: string; errors: bigint }[]>`
    SELECT connection_id, COUNT(*)::bigint AS errors FROM auth_events
    WHERE workspace_id = ${input.workspaceId} AND occurred_at >= ${since} AND connection_id IS NOT NULL AND class::text NOT IN (${Prisma.join([...NON_ERROR_CLASSES])})
    GROUP BY connection_id`;
  return new Map(rows.map((r) => [r.connection_id, Number(r.errors)]));
}
