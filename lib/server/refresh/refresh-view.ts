import "server-only";
import type { ServiceContext } from "../context";
import type { AuthEventClass, AuthEventSource, ConnectionHealth } from "../generated/prisma/enums";

export type AuthEventView = {
  id: string;
  occurredAt: Date;
  source: AuthEventSource;
  class: AuthEventClass;
  action: string;
  httpStatus: number | null;
  oauthError: string | null;
  attempt: number | null;
  latencyMs: number | null;
  rateLimitRemaining: number | null;
  retryAfterMs: number | null;
  reason: string | null;
};

export type RefreshView = {
  health: ConnectionHealth;
  healthReason: string | null;
  healthChangedAt: Date | null;
  nextRefreshAt: Date | null;
  lastRefreshedAt: Date | null;
  refreshAttempt: number;
  refreshFailingSince: Date | null;
  hardDeadline: { at: Date; reason: string; note: string | null } | null;
  events: AuthEventView[];
};

/** The refresh engine's view of one connection (health, schedule, forecast, last events); null when not in this workspace. */
export async function getRefreshView(ctx: ServiceContext, input: { workspaceId: string; connectionId: string; events?: number }): Promise<RefreshView | null> {
  const row = await ctx.db.connection.findFirst({
    where: { id: input.connectionId, workspaceId: input.workspaceId },
    select: { health: true, healthReason: true, healthChangedAt: true, nextRefreshAt: true, lastRefreshedAt: true, refreshAttempt: true, refreshFailingSince: true, hardDeadlineAt: true, hardDeadlineReason: true, hardDeadlineNote: true },
  });
  if (!row) return null;
  const events = await ctx.db.authEvent.findMany({
    where: { connectionId: input.connectionId, workspaceId: input.workspaceId },
    orderBy: { occurredAt: "desc" },
    take: input.events ?? 20,
  });
  return {
    health: row.health,
    healthReason: row.healthReason,
    healthChangedAt: row.healthChangedAt,
    nextRefreshAt: row.nextRefreshAt,
    lastRefreshedAt: row.lastRefreshedAt,
    refreshAttempt: row.refreshAttempt,
    refreshFailingSince: row.refreshFailingSince,
    hardDeadline: row.hardDeadlineAt ? { at: row.hardDeadlineAt, reason: row.hardDeadlineReason ?? "unknown", note: row.hardDeadlineNote } : null,
    events: events.map((e) => ({
      id: e.id.toString(),
      occurredAt: e.occurredAt,
      source: e.source,
      class: e.class,
      action: e.action,
      httpStatus: e.httpStatus,
      oauthError: e.oauthError,
      attempt: e.attempt,
      latencyMs: e.latencyMs,
      rateLimitRemaining: e.rateLimitRemaining,
      retryAfterMs: e.retryAfterMs,
      reason: e.reason,
    })),
  };
}
