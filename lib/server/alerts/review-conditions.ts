import "server-only";
import { monthOf } from "@/lib/checklist/checklist-items";
import { MINUTE } from "@/lib/clock";
import type { ServiceContext } from "../context";
import type { AlertCondition } from "./alert-condition";

/** A spike of refused webhook deliveries: this many on one source within the window raise an alert. */
export const SIGNATURE_THRESHOLD = 5;
export const SIGNATURE_WINDOW_MS = 15 * MINUTE;

/** Inbound webhook sources whose deliveries keep failing verification (forgery, or a secret out of step). */
export async function webhookSignatureConditions(ctx: ServiceContext, now: Date): Promise<AlertCondition[]> {
  const since = new Date(now.getTime() - SIGNATURE_WINDOW_MS);
  const groups = await ctx.db.webhookDelivery.groupBy({ by: ["sourceId"], where: { receivedAt: { gte: since }, outcome: { not: "verified" } }, _count: { _all: true } });
  const hits = groups.filter((g) => g._count._all >= SIGNATURE_THRESHOLD);
  if (hits.length === 0) return [];
  const sources = await ctx.db.webhookSource.findMany({ where: { id: { in: hits.map((h) => h.sourceId) }, enabled: true }, select: { id: true, workspaceId: true, name: true, scheme: true } });
  return sources.map((s) => {
    const count = hits.find((h) => h.sourceId === s.id)!._count._all;
    return {
      workspaceId: s.workspaceId, rule: "webhook_signatures", subject: `webhook_source:${s.id}`, class: "signature", severity: "warning", connectionId: null, credentialId: null,
      title: `Webhook source “${s.name}” is refusing deliveries`,
      body: `${count} deliveries failed verification in the last 15 minutes. Either the sender's signing secret no longer matches the vault's (a rotation done on one side only), or someone is forging or replaying requests.`,
      fixPath: `/webhooks#source-${s.id}`,
      fields: [{ label: "Scheme", value: s.scheme }, { label: "Refused in 15 min", value: String(count) }],
      count,
    };
  });
}

/**
 * Workspaces whose review for the current month is not signed off yet: a weekly reminder until
 * it is. Only for teams that have reviewed before (a run in an earlier month): the first review
 * is theirs to start, after that Authpulse keeps the monthly rhythm.
 */
export async function checklistDueConditions(ctx: ServiceContext, now: Date): Promise<AlertCondition[]> {
  const month = monthOf(now);
  const [workspaces, done] = await Promise.all([
    ctx.db.workspace.findMany({ where: { alertChannels: { some: { enabled: true } }, checklistRuns: { some: { month: { lt: month } } } }, select: { id: true } }),
    ctx.db.checklistRun.findMany({ where: { month, completedAt: { not: null } }, select: { workspaceId: true } }),
  ]);
  const completed = new Set(done.map((r) => r.workspaceId));
  return workspaces
    .filter((w) => !completed.has(w.id))
    .map((w) => ({
      workspaceId: w.id, rule: "checklist_due", subject: `workspace:${w.id}`, class: "review", severity: "info", connectionId: null, credentialId: null,
      title: `The monthly security review for ${month} is due`,
      body: "Run the checklist on live data and sign off each item (or accept the risk with a reason). It takes about ten minutes.",
      fixPath: "/checklist",
      fields: [{ label: "Month", value: month }],
    }));
}
