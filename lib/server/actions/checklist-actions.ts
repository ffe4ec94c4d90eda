"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "../auth/guards";
import { runChecklist, signOffChecklistItem } from "../checklist/checklist-runs";
import { db } from "../db";
import { formText, toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock });

/** Evaluates this month's checklist on live data now (creates the month's run, or refreshes it). */
export async function runChecklistAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["dormantDays"]);
  try {
    const run = await runChecklist(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, dormantDays: Number(values.dormantDays || "30") });
    revalidatePath("/checklist");
    const failing = run.items.filter((i) => i.failureCount > 0).length;
    return { ok: true, message: failing === 0 ? "Evaluated: every item passes. Sign each one off." : `Evaluated: ${failing} of ${run.items.length} items fail. Fix them or accept the risk, item by item.` };
  } catch (error) {
    return toActionState(error, values);
  }
}

/** Records a reviewer's decision on one item (pass, or accept the risk with a reason until a date). */
export async function signOffChecklistItemAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["runId", "key", "decision", "reason", "riskExpiresAt"]);
  try {
    await signOffChecklistItem(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, runId: values.runId!, key: values.key!, decision: values.decision, reason: values.reason, riskExpiresAt: values.riskExpiresAt });
    revalidatePath("/checklist");
    return { ok: true, message: values.decision === "pass" ? "Signed off as passing." : "Risk accepted and recorded." };
  } catch (error) {
    return toActionState(error, values);
  }
}
