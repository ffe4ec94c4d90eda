import "server-only";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { Prisma } from "../generated/prisma/client";
import { activeKeyOf, dedupeKeyOf, type AlertCondition, type AlertPolicy, type NotificationKind } from "./alert-condition";
import type { AlertMessage } from "./channels/alert-message";
import { deliverToChannel, type DeliveryContext } from "./channels/deliver";
import { planAlerts, type LiveAlert } from "./plan-alerts";

export type AlertEngineContext = DeliveryContext & { policy: AlertPolicy; appUrl: string; log?: Logger };
export type AlertEvaluationSummary = { conditions: number; opened: number; resolved: number; messages: number; failedMessages: number };

type LiveRow = LiveAlert & { title: string; body: string; fixPath: string; severity: LiveAlert["severity"]; connectionId: string | null; credentialId: string | null };
type Notice = { workspaceId: string; alertId: string; kind: NotificationKind; alert: Pick<LiveRow, "rule" | "severity" | "title" | "body" | "fixPath">; fields: AlertCondition["fields"]; onlyChannels?: string[]; closedBecause?: string };

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Sends one notice to the workspace's enabled channels (or, for "recovered", to those that heard about the alert). */
async function notify(ctx: AlertEngineContext, notice: Notice, workspaceNames: Map<string, string>): Promise<{ sent: number; failed: number }> {
  const channels = await ctx.db.alertChannel.findMany({
    where: { workspaceId: notice.workspaceId, enabled: true, ...(notice.onlyChannels ? { id: { in: notice.onlyChannels } } : {}) },
    select: { id: true, kind: true, configSealed: true },
  });
  const recovered = notice.kind === "recovered";
  const message: AlertMessage = {
    id: `msg_${randomUUID().replace(/-/g, "")}`,
    kind: notice.kind,
    alertId: notice.alertId,
    rule: notice.alert.rule,
    severity: notice.alert.severity,
    title: notice.alert.title,
    body: notice.closedBecause ?? (recovered ? `Back to normal. The problem stayed clear for ${Math.round(ctx.policy.clearMs / 60_000)} min, so the alert is resolved.` : notice.alert.body),
    fields: recovered ? [] : notice.fields,
    fixUrl: new URL(notice.alert.fixPath, ctx.appUrl).toString(),
    workspaceName: workspaceNames.get(notice.workspaceId) ?? "",
    at: ctx.clock.now(),
  };
  const results = await Promise.all(channels.map((c) => deliverToChannel(ctx, c, message, notice.kind)));
  return { sent: results.filter(Boolean).length, failed: results.filter((ok) => !ok).length };
}

/** A condition can clear because its subject went away, not because it was fixed: say so instead of "back to normal". */
async function goneReason(ctx: AlertEngineContext, alert: LiveRow): Promise<string | undefined> {
  if (alert.connectionId) {
    const connection = await ctx.db.connection.findUnique({ where: { id: alert.connectionId }, select: { status: true } });
    if (!connection || connection.status === "disconnected") return "Closed: the connection was disconnected or deleted, so nothing is left to fix.";
  }
  if (alert.credentialId) {
    const credential = await ctx.db.credential.findUnique({ where: { id: alert.credentialId }, select: { deletedAt: true } });
    if (!credential || credential.deletedAt) return "Closed: the credential was deleted, so nothing is left to fix.";
  }
  return undefined;
}

/**
 * One evaluation of every alert rule across all workspaces: find the conditions that hold, plan
 * (dedupe, cool-down, hysteresis, snooze, acknowledge), write the alerts and send the messages.
 * Safe with several workers: a live alert is unique by active_key, and each message is claimed by a
 * conditional update of last_notified_at (or of the state, for "recovered") before it is sent.
 */
export async function evaluateAlerts(ctx: AlertEngineContext, conditions: AlertCondition[]): Promise<AlertEvaluationSummary> {
  const now = ctx.clock.now();
  const live: LiveRow[] = await ctx.db.alert.findMany({
    where: { state: { in: ["open", "acknowledged"] } },
    select: { id: true, workspaceId: true, rule: true, dedupeKey: true, severity: true, state: true, occurrences: true, lastNotifiedAt: true, clearSince: true, snoozedUntil: true, title: true, body: true, fixPath: true, connectionId: true, credentialId: true },
  }) as LiveRow[];
  const byId = new Map(live.map((a) => [a.id, a]));
  const steps = planAlerts({ now, policy: ctx.policy, conditions, alerts: live });
  const workspaceIds = [...new Set([...conditions.map((c) => c.workspaceId), ...live.map((a) => a.workspaceId)])];
  const workspaceNames = new Map((await ctx.db.workspace.findMany({ where: { id: { in: workspaceIds } }, select: { id: true, name: true } })).map((w) => [w.id, w.name]));
  const summary: AlertEvaluationSummary = { conditions: conditions.length, opened: 0, resolved: 0, messages: 0, failedMessages: 0 };
  const notices: Notice[] = [];

  for (const step of steps) {
    if (step.type === "open") {
      const c = step.condition;
      const dedupeKey = dedupeKeyOf(c);
      try {
        const alert = await ctx.db.alert.create({
          data: { workspaceId: c.workspaceId, rule: c.rule, dedupeKey, activeKey: activeKeyOf(c.workspaceId, dedupeKey), severity: c.severity, connectionId: c.connectionId, credentialId: c.credentialId, title: c.title, body: c.body, fixPath: c.fixPath, occurrences: c.count ?? 1, firstSeenAt: now, lastSeenAt: now, lastNotifiedAt: now },
        });
        summary.opened += 1;
        notices.push({ workspaceId: c.workspaceId, alertId: alert.id, kind: step.notify, alert: c, fields: c.fields });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // another worker opened it first: it sends the message
      }
    } else if (step.type === "update") {
      const c = step.condition;
      const data = { severity: c.severity, title: c.title, body: c.body, fixPath: c.fixPath, occurrences: step.occurrences, lastSeenAt: now, clearSince: null };
      const previous = byId.get(step.alertId)!;
      if (step.notify) {
        const claimed = await ctx.db.alert.updateMany({ where: { id: step.alertId, state: { not: "resolved" }, lastNotifiedAt: previous.lastNotifiedAt }, data: { ...data, lastNotifiedAt: now } });
        if (claimed.count === 1) notices.push({ workspaceId: c.workspaceId, alertId: step.alertId, kind: step.notify, alert: c, fields: c.fields });
      } else {
        await ctx.db.alert.updateMany({ where: { id: step.alertId, state: { not: "resolved" } }, data });
      }
    } else if (step.type === "clearing") {
      await ctx.db.alert.updateMany({ where: { id: step.alertId, clearSince: null, state: { not: "resolved" } }, data: { clearSince: step.clearSince } });
    } else {
      const alert = byId.get(step.alertId)!;
      const resolved = await ctx.db.alert.updateMany({ where: { id: step.alertId, state: { in: ["open", "acknowledged"] } }, data: { state: "resolved", resolvedAt: now, activeKey: null } });
      if (resolved.count !== 1) continue;
      summary.resolved += 1;
      if (!step.notify) continue;
      // "Recovered" goes to the same channels that were told about the problem.
      const told = await ctx.db.alertDelivery.findMany({ where: { alertId: alert.id, ok: true, kind: { not: "recovered" } }, distinct: ["channelId"], select: { channelId: true } });
      if (told.length > 0) notices.push({ workspaceId: alert.workspaceId, alertId: alert.id, kind: step.notify, alert, fields: [], onlyChannels: told.map((t) => t.channelId), closedBecause: await goneReason(ctx, alert) });
    }
  }

  for (const notice of notices) {
    const result = await notify(ctx, notice, workspaceNames);
    summary.messages += result.sent;
    summary.failedMessages += result.failed;
    if (result.failed > 0) ctx.log?.warn({ alertId: notice.alertId, kind: notice.kind, failed: result.failed }, "alert delivery failed on some channels");
  }
  return summary;
}
