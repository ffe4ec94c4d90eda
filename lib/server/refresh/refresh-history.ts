import "server-only";
import { DAY } from "@/lib/clock";
import type { ServiceContext } from "../context";

export type RefreshHistoryDay = { date: string; succeeded: number; failed: number; avgLatencyMs: number | null; maxLatencyMs: number | null };
export type RefreshHistory = { days: RefreshHistoryDay[]; succeeded: number; failed: number };

/**
 * Refresh attempts of one connection per UTC day over the last `days` days (today included):
 * successes vs failures and latency. Reads auth_events through the (connection_id, occurred_at) index.
 */
export async function getRefreshHistory(ctx: ServiceContext, input: { workspaceId: string; connectionId: string; days?: number }): Promise<RefreshHistory> {
  const count = input.days ?? 7;
  const today = Math.floor(ctx.clock.now().getTime() / DAY) * DAY;
  const since = new Date(today - (count - 1) * DAY);
  const rows = await ctx.db.$queryRaw<{ day: Date; succeeded: bigint; failed: bigint; avg_latency: number | null; max_latency: number | null }[]>`
    SELECT date_trunc('day', occurred_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
           COUNT(*) FILTER (WHERE class IN ('success', 'recovered'))::bigint AS succeeded,
           COUNT(*) FILTER (WHERE class NOT IN ('success', 'recovered'))::bigint AS failed,
           AVG(latency_ms)::float8 AS avg_latency, MAX(latency_ms)::float8 AS max_latency
    FROM auth_events
    WHERE connection_id = ${input.connectionId} AND workspace_id = ${input.workspaceId} AND source = 'refresh' AND occurred_at >= ${since}
    GROUP BY 1`;
  const byDay = new Map(rows.map((r) => [new Date(r.day).toISOString().slice(0, 10), r]));
  const days: RefreshHistoryDay[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(since.getTime() + i * DAY).toISOString().slice(0, 10);
    const row = byDay.get(date);
    days.push({ date, succeeded: Number(row?.succeeded ?? 0), failed: Number(row?.failed ?? 0), avgLatencyMs: row?.avg_latency == null ? null : Math.round(row.avg_latency), maxLatencyMs: row?.max_latency == null ? null : Math.round(row.max_latency) });
  }
  return { days, succeeded: days.reduce((a, d) => a + d.succeeded, 0), failed: days.reduce((a, d) => a + d.failed, 0) };
}
