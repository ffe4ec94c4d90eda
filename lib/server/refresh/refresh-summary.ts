import "server-only";
import { HOUR, MINUTE } from "@/lib/clock";
import type { ServiceContext } from "../context";
import type { AuthEventClass, ConnectionHealth } from "../generated/prisma/enums";

/** A due connection not claimed after this long means the workers are not keeping up (or none runs). */
export const OVERDUE_AFTER_MS = MINUTE;

export type RecentRefresh = { connectionId: string | null; label: string | null; class: AuthEventClass; occurredAt: Date; attempt: number | null; httpStatus: number | null };

export type RefreshSummary = {
  /** Connections the engine looks after (not disconnected), by health. */
  byHealth: Record<ConnectionHealth, number>;
  /** Due for more than a minute and not claimed. */
  overdue: number;
  nextRefreshAt: Date | null;
  refreshedLastHour: number;
  failedLastHour: number;
  lastRefreshAt: Date | null;
  recent: RecentRefresh[];
};

const healthStates: ConnectionHealth[] = ["healthy", "refreshing", "degraded", "needs_reauth", "config_error", "exhausted"];
const successClasses: AuthEventClass[] = ["success", "recovered"];

/** What the Status page says about token refresh in one workspace: all index-backed reads. */
export async function getRefreshSummary(ctx: ServiceContext, input: { workspaceId: string }): Promise<RefreshSummary> {
  const now = ctx.clock.now();
  const hourAgo = new Date(now.getTime() - HOUR);
  const live = { workspaceId: input.workspaceId, status: { not: "disconnected" as const } };
  const [groups, overdue, next, refreshed, failed, recentRows] = await Promise.all([
    ctx.db.connection.groupBy({ by: ["health"], where: live, _count: { _all: true } }),
    ctx.db.connection.count({ where: { ...live, nextRefreshAt: { lt: new Date(now.getTime() - OVERDUE_AFTER_MS) } } }),
    ctx.db.connection.findFirst({ where: { ...live, nextRefreshAt: { not: null } }, orderBy: { nextRefreshAt: "asc" }, select: { nextRefreshAt: true } }),
    ctx.db.authEvent.count({ where: { workspaceId: input.workspaceId, occurredAt: { gte: hourAgo }, source: { in: ["refresh", "access_token"] }, class: { in: successClasses } } }),
    ctx.db.authEvent.count({ where: { workspaceId: input.workspaceId, occurredAt: { gte: hourAgo }, source: { in: ["refresh", "access_token"] }, class: { notIn: successClasses } } }),
    ctx.db.authEvent.findMany({
      where: { workspaceId: input.workspaceId, source: { in: ["refresh", "access_token"] } },
      orderBy: { occurredAt: "desc" },
      take: 5,
      select: { connectionId: true, class: true, occurredAt: true, attempt: true, httpStatus: true, connection: { select: { label: true } } },
    }),
  ]);
  const byHealth = Object.fromEntries(healthStates.map((h) => [h, 0])) as Record<ConnectionHealth, number>;
  for (const g of groups) byHealth[g.health] = g._count._all;
  const recent = recentRows.map((r) => ({ connectionId: r.connectionId, label: r.connection?.label ?? null, class: r.class, occurredAt: r.occurredAt, attempt: r.attempt, httpStatus: r.httpStatus }));
  const lastRefreshAt = recentRows.find((r) => successClasses.includes(r.class))?.occurredAt ?? null;
  return { byHealth, overdue, nextRefreshAt: next?.nextRefreshAt ?? null, refreshedLastHour: refreshed, failedLastHour: failed, lastRefreshAt, recent };
}
