import "server-only";
import { HOUR } from "@/lib/clock";
import type { AlertListQuery } from "@/lib/alerts/alert-list-query";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";

const MAX_SNOOZE_HOURS = 30 * 24;
const LIST_LIMIT = 200;

async function liveAlert(ctx: ServiceContext, workspaceId: string, alertId: string) {
  const alert = await ctx.db.alert.findFirst({ where: { id: alertId, workspaceId } });
  if (!alert) throw new ServiceError("NOT_FOUND", "This alert no longer exists.");
  if (alert.state === "resolved") throw new ServiceError("CONFLICT", "This alert is already resolved.");
  return alert;
}

/** Acknowledges an open alert: someone is on it, so no more reminders (escalations and "recovered" still go out). */
export async function acknowledgeAlert(ctx: ServiceContext, input: { actorId: string; workspaceId: string; alertId: string }): Promise<{ title: string }> {
  const alert = await liveAlert(ctx, input.workspaceId, input.alertId);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.alert.update({ where: { id: alert.id }, data: { state: "acknowledged", acknowledgedAt: now, acknowledgedById: input.actorId } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "alert.acknowledged", targetType: "alert", targetId: alert.id, details: { rule: alert.rule } }, now);
  });
  return { title: alert.title };
}

/** Snoozes an alert for some hours (no messages until then), or ends a snooze with hours = 0. */
export async function snoozeAlert(ctx: ServiceContext, input: { actorId: string; workspaceId: string; alertId: string; hours: number }): Promise<{ title: string; until: Date | null }> {
  if (!Number.isFinite(input.hours) || input.hours < 0 || input.hours > MAX_SNOOZE_HOURS) throw invalidInput([{ path: ["hours"], message: "Snooze for up to 30 days." }]);
  const alert = await liveAlert(ctx, input.workspaceId, input.alertId);
  const now = ctx.clock.now();
  const until = input.hours === 0 ? null : new Date(now.getTime() + input.hours * HOUR);
  await ctx.db.$transaction(async (tx) => {
    await tx.alert.update({ where: { id: alert.id }, data: { snoozedUntil: until } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: until ? "alert.snoozed" : "alert.unsnoozed", targetType: "alert", targetId: alert.id, details: { rule: alert.rule, until: until?.toISOString() ?? null } }, now);
  });
  return { title: alert.title, until };
}

export type AlertDeliveryView = { id: string; channelName: string; channelKind: string; kind: string; ok: boolean; httpStatus: number | null; error: string | null; attempt: number; sentAt: Date };
export type AlertView = {
  id: string;
  rule: string;
  severity: "info" | "warning" | "critical";
  state: "open" | "acknowledged" | "resolved";
  title: string;
  body: string;
  fixPath: string;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastNotifiedAt: Date | null;
  clearSince: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  snoozedUntil: Date | null;
  resolvedAt: Date | null;
  deliveries: AlertDeliveryView[];
};

export type AlertList = { alerts: AlertView[]; counts: Record<"open" | "acknowledged" | "resolved", number>; criticalActive: number; enabledChannels: number };

/** The workspace's alerts, newest activity first, filtered by state, severity and rule, with every delivery attempt, plus the counts the page leads with. */
export async function listAlerts(ctx: ServiceContext, input: { workspaceId: string; query: AlertListQuery }): Promise<AlertList> {
  const { query } = input;
  const states = query.state === "active" ? (["open", "acknowledged"] as const) : query.state === "all" ? undefined : [query.state];
  const [rows, grouped, criticalActive, enabledChannels] = await Promise.all([
    ctx.db.alert.findMany({
      where: { workspaceId: input.workspaceId, ...(states ? { state: { in: [...states] } } : {}), ...(query.severity ? { severity: query.severity } : {}), ...(query.rule ? { rule: query.rule } : {}) },
      orderBy: [{ lastSeenAt: "desc" }],
      take: LIST_LIMIT,
      include: { deliveries: { orderBy: [{ sentAt: "asc" }, { attempt: "asc" }], include: { channel: { select: { name: true, kind: true } } } } },
    }),
    ctx.db.alert.groupBy({ by: ["state"], where: { workspaceId: input.workspaceId }, _count: { _all: true } }),
    ctx.db.alert.count({ where: { workspaceId: input.workspaceId, state: { in: ["open", "acknowledged"] }, severity: "critical" } }),
    ctx.db.alertChannel.count({ where: { workspaceId: input.workspaceId, enabled: true } }),
  ]);
  const ackIds = [...new Set(rows.map((r) => r.acknowledgedById).filter((id): id is string => id !== null))];
  const users = new Map((await ctx.db.user.findMany({ where: { id: { in: ackIds } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u.name ?? u.email]));
  const counts = { open: 0, acknowledged: 0, resolved: 0 };
  for (const g of grouped) counts[g.state] = g._count._all;
  return {
    counts,
    criticalActive,
    enabledChannels,
    alerts: rows.map((r) => ({
      id: r.id, rule: r.rule, severity: r.severity, state: r.state, title: r.title, body: r.body, fixPath: r.fixPath, occurrences: r.occurrences,
      firstSeenAt: r.firstSeenAt, lastSeenAt: r.lastSeenAt, lastNotifiedAt: r.lastNotifiedAt, clearSince: r.clearSince, acknowledgedAt: r.acknowledgedAt,
      acknowledgedBy: r.acknowledgedById ? (users.get(r.acknowledgedById) ?? "a former member") : null, snoozedUntil: r.snoozedUntil, resolvedAt: r.resolvedAt,
      deliveries: r.deliveries.map((d) => ({ id: d.id, channelName: d.channel.name, channelKind: d.channel.kind, kind: d.kind, ok: d.ok, httpStatus: d.httpStatus, error: d.error, attempt: d.attempt, sentAt: d.sentAt })),
    })),
  };
}
