import "server-only";
import type { Clock } from "@/lib/clock";
import { ERROR_CLASSES, errorWindow, type ErrorBucket, type ErrorClass, type ErrorRange } from "@/lib/dashboard/error-range";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { Prisma } from "@/lib/server/generated/prisma/client";
import type { Db } from "../../db";
import { connectionJoinSql, errorClassSql, errorFilterSql } from "./error-filter-sql";

export type ErrorSeriesBucket = { start: Date; total: number; counts: Partial<Record<ErrorClass, number>> };

export type ErrorSeries = {
  range: ErrorRange;
  bucketHours: number;
  from: Date;
  to: Date;
  /** Classes that occur in the range, most frequent first (the stacking order). */
  classes: ErrorClass[];
  buckets: ErrorSeriesBucket[];
  total: number;
  /** Errors in the bucket holding `now` (the last hour for hourly buckets). */
  latestBucketTotal: number;
};

type Row = { hour: Date; class: ErrorClass; n: number };

/** Auth errors per time bucket, stacked by class, zero-filled, from the hourly rollup. */
export async function getErrorSeries(
  ctx: { db: Db; clock: Clock },
  input: { workspaceId: string; filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket },
): Promise<ErrorSeries> {
  const window = errorWindow(input.range, ctx.clock.now(), input.bucket);
  const span = window.bucketHours * 3600;
  const rows = await ctx.db.$queryRaw<Row[]>(Prisma.sql`
    SELECT r.hour, r.class::text AS class, sum(r.count)::int AS n
    FROM auth_event_hourly r
    ${connectionJoinSql(input.filters, "NULLIF(r.connection_id, '')")}
    WHERE r.workspace_id = ${input.workspaceId} AND r.hour >= ${window.from} AND r.hour < ${window.to}
      ${errorClassSql("r.class")} ${errorFilterSql(input.filters, "r")}
    GROUP BY 1, 2`);

  const byStart = new Map<number, ErrorSeriesBucket>();
  for (let t = window.from.getTime(); t < window.to.getTime(); t += span * 1000) byStart.set(t, { start: new Date(t), total: 0, counts: {} });
  const totals = new Map<ErrorClass, number>();
  for (const row of rows) {
    // Hours into buckets here (6-hour buckets are UTC-aligned, as `from` is).
    const hour = new Date(row.hour).getTime();
    const bucket = byStart.get(hour - ((hour - window.from.getTime()) % (span * 1000)));
    if (!bucket) continue;
    bucket.counts[row.class] = (bucket.counts[row.class] ?? 0) + row.n;
    bucket.total += row.n;
    totals.set(row.class, (totals.get(row.class) ?? 0) + row.n);
  }
  const buckets = [...byStart.values()];
  const classes = ERROR_CLASSES.filter((c) => totals.has(c)).sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  return {
    range: window.range,
    bucketHours: window.bucketHours,
    from: window.from,
    to: window.to,
    classes,
    buckets,
    total: buckets.reduce((sum, b) => sum + b.total, 0),
    latestBucketTotal: buckets.at(-1)?.total ?? 0,
  };
}
