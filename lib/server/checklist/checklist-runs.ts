import "server-only";
import { z } from "zod";
import { checklistItemKeys, monthOf, type ChecklistFailure, type ChecklistItemKey } from "@/lib/checklist/checklist-items";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, notFound, ServiceError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { evaluateChecklist } from "./evaluate-items";

export const DEFAULT_DORMANT_DAYS = 30;

export type ChecklistItemView = {
  key: ChecklistItemKey;
  failureCount: number;
  failures: ChecklistFailure[];
  decision: "pass" | "accept_risk" | null;
  reason: string | null;
  riskExpiresAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
};

export type ChecklistRunView = { id: string; month: string; createdAt: Date; evaluatedAt: Date; dormantDays: number; completedAt: Date | null; completedBy: string | null; items: ChecklistItemView[] };

const failureSchema = z.array(z.object({ subjectType: z.enum(["credential", "connection", "leak_scan"]), subjectId: z.string(), name: z.string(), reason: z.string(), fixPath: z.string(), fixLabel: z.string() }));
const settingsSchema = z.object({ dormantDays: z.number().int().min(7).max(365) }).catch({ dormantDays: DEFAULT_DORMANT_DAYS });
const monthStart = (month: string) => new Date(`${month}-01T00:00:00.000Z`);

/**
 * Runs (or re-runs) this month's checklist: evaluates every item against live data and stores
 * the failures. A "pass" sign-off is withdrawn when its item fails again; an accepted risk stays
 * until its expiry. One run per workspace and month.
 */
export async function runChecklist(ctx: ServiceContext, input: { actorId: string | null; workspaceId: string; dormantDays?: number }): Promise<ChecklistRunView> {
  const now = ctx.clock.now();
  const month = monthOf(now);
  const dormantDays = z.number().int().min(7, "At least 7 days.").max(365, "At most 365 days.").safeParse(input.dormantDays ?? DEFAULT_DORMANT_DAYS);
  if (!dormantDays.success) throw invalidInput(dormantDays.error.issues.map((i) => ({ path: ["dormantDays"], message: i.message })));
  const evaluation = await evaluateChecklist(ctx, { workspaceId: input.workspaceId, dormantDays: dormantDays.data, leakScansSince: monthStart(month) });
  const runId = await ctx.db.$transaction(async (tx) => {
    const run = await tx.checklistRun.upsert({
      where: { workspaceId_month: { workspaceId: input.workspaceId, month } },
      create: { workspaceId: input.workspaceId, month, createdById: input.actorId, createdAt: now, evaluatedAt: now, settings: { dormantDays: dormantDays.data } },
      update: { evaluatedAt: now, settings: { dormantDays: dormantDays.data } },
    });
    for (const key of checklistItemKeys) {
      const failures = evaluation[key];
      const existing = await tx.checklistItem.findUnique({ where: { runId_key: { runId: run.id, key } } });
      const riskStillAccepted = existing?.decision === "accept_risk" && (existing.riskExpiresAt?.getTime() ?? 0) > now.getTime();
      const keepDecision = existing?.decision === "pass" ? failures.length === 0 : riskStillAccepted;
      const review = keepDecision ? {} : { decision: null, reason: null, riskExpiresAt: null, reviewedById: null, reviewedAt: null };
      const data = { failureCount: failures.length, failures: failures as unknown as Prisma.InputJsonValue, ...review };
      await tx.checklistItem.upsert({ where: { runId_key: { runId: run.id, key } }, create: { runId: run.id, key, ...data }, update: data });
    }
    await refreshCompletion(tx, run.id, now);
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "checklist.evaluated", targetType: "checklist_run", targetId: run.id, details: { month, failing: checklistItemKeys.filter((k) => evaluation[k].length > 0).length } }, now);
    return run.id;
  });
  return (await getChecklistRun(ctx, { workspaceId: input.workspaceId, runId }))!;
}

/** A run is complete when every item carries a decision; a withdrawn decision reopens it. */
async function refreshCompletion(tx: Prisma.TransactionClient, runId: string, now: Date, actorId?: string): Promise<void> {
  const open = await tx.checklistItem.count({ where: { runId, decision: null } });
  const run = await tx.checklistRun.findUniqueOrThrow({ where: { id: runId } });
  if (open > 0 && run.completedAt) await tx.checklistRun.update({ where: { id: runId }, data: { completedAt: null, completedById: null } });
  if (open === 0 && !run.completedAt) await tx.checklistRun.update({ where: { id: runId }, data: { completedAt: now, completedById: actorId ?? null } });
}

const signOffInput = z.discriminatedUnion("decision", [
  z.object({ decision: z.literal("pass") }),
  z.object({
    decision: z.literal("accept_risk"),
    reason: z.string({ error: "Say why the risk is acceptable." }).trim().min(10, "Say why the risk is acceptable (at least 10 characters).").max(1000, "Use at most 1000 characters."),
    riskExpiresAt: z.coerce.date({ error: "Choose until when the risk is accepted." }),
  }),
], { error: "Choose pass or accept risk." });

/** A reviewer's decision on one item: pass (only when nothing fails) or accept the risk with a reason until a date (at most a year). */
export async function signOffChecklistItem(ctx: ServiceContext, input: { actorId: string; workspaceId: string; runId: string; key: string; decision: unknown; reason?: unknown; riskExpiresAt?: unknown }): Promise<void> {
  const parsed = signOffInput.safeParse({ decision: input.decision, reason: input.reason, riskExpiresAt: input.riskExpiresAt === "" ? undefined : input.riskExpiresAt });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const now = ctx.clock.now();
  const decision = parsed.data;
  if (decision.decision === "accept_risk" && (decision.riskExpiresAt.getTime() <= now.getTime() || decision.riskExpiresAt.getTime() > now.getTime() + 366 * 24 * 3600 * 1000)) {
    throw invalidInput([{ path: ["riskExpiresAt"], message: "Choose a date in the next 12 months." }]);
  }
  await ctx.db.$transaction(async (tx) => {
    const run = await tx.checklistRun.findFirst({ where: { id: input.runId, workspaceId: input.workspaceId } });
    if (!run) throw notFound("Checklist run not found.");
    const item = await tx.checklistItem.findUnique({ where: { runId_key: { runId: run.id, key: input.key } } });
    if (!item) throw notFound("Checklist item not found.");
    if (decision.decision === "pass" && item.failureCount > 0) throw new ServiceError("CONFLICT", `${item.failureCount} ${item.failureCount === 1 ? "thing still fails" : "things still fail"} here. Fix ${item.failureCount === 1 ? "it" : "them"} and re-run the checklist, or accept the risk with a reason.`);
    await tx.checklistItem.update({
      where: { id: item.id },
      data: decision.decision === "pass" ? { decision: "pass", reason: null, riskExpiresAt: null, reviewedById: input.actorId, reviewedAt: now } : { decision: "accept_risk", reason: decision.reason, riskExpiresAt: decision.riskExpiresAt, reviewedById: input.actorId, reviewedAt: now },
    });
    await refreshCompletion(tx, run.id, now, input.actorId);
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "checklist.item_signed_off", targetType: "checklist_run", targetId: run.id, details: { item: input.key, decision: decision.decision } }, now);
  });
}

/** One run with its items in checklist order and reviewers' names. */
export async function getChecklistRun(ctx: ServiceContext, input: { workspaceId: string; runId?: string; month?: string }): Promise<ChecklistRunView | null> {
  const run = await ctx.db.checklistRun.findFirst({
    where: { workspaceId: input.workspaceId, ...(input.runId ? { id: input.runId } : {}), ...(input.month ? { month: input.month } : {}) },
    orderBy: { month: "desc" },
    include: { items: true },
  });
  if (!run) return null;
  const userIds = [...new Set([run.completedById, ...run.items.map((i) => i.reviewedById)].filter((v): v is string => v !== null))];
  const users = await ctx.db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const nameOf = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? "a former member") : null);
  const items = checklistItemKeys.flatMap((key): ChecklistItemView[] => {
    const item = run.items.find((i) => i.key === key);
    if (!item) return [];
    return [{ key, failureCount: item.failureCount, failures: failureSchema.catch([]).parse(item.failures), decision: item.decision === "pass" || item.decision === "accept_risk" ? item.decision : null, reason: item.reason, riskExpiresAt: item.riskExpiresAt, reviewedBy: nameOf(item.reviewedById), reviewedAt: item.reviewedAt }];
  });
  return { id: run.id, month: run.month, createdAt: run.createdAt, evaluatedAt: run.evaluatedAt, dormantDays: settingsSchema.parse(run.settings).dormantDays, completedAt: run.completedAt, completedBy: nameOf(run.completedById), items };
}

export type ChecklistHistoryRow = { id: string; month: string; completedAt: Date | null; failing: number; accepted: number; items: { key: ChecklistItemKey; failureCount: number; decision: string | null }[] };

/** Every month's run, newest first, with how many items failed: month-over-month progress. */
export async function listChecklistHistory(ctx: ServiceContext, input: { workspaceId: string }): Promise<ChecklistHistoryRow[]> {
  const runs = await ctx.db.checklistRun.findMany({ where: { workspaceId: input.workspaceId }, orderBy: { month: "desc" }, take: 24, include: { items: { select: { key: true, failureCount: true, decision: true } } } });
  return runs.map((r) => ({
    id: r.id,
    month: r.month,
    completedAt: r.completedAt,
    failing: r.items.filter((i) => i.failureCount > 0).length,
    accepted: r.items.filter((i) => i.decision === "accept_risk").length,
    items: checklistItemKeys.map((key) => {
      const item = r.items.find((i) => i.key === key);
      return { key, failureCount: item?.failureCount ?? 0, decision: item?.decision ?? null };
    }),
  }));
}
