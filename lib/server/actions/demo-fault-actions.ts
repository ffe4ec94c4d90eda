"use server";
import { revalidatePath } from "next/cache";
import { recordAudit } from "../audit/record-audit";
import { requirePageContext } from "../auth/guards";
import { systemClock } from "@/lib/clock";
import { db } from "../db";
import { demoFaultInputSchema } from "../demo-provider/demo-faults";
import { setDemoFault } from "../demo-provider/demo-faults-client";
import { toActionState, type ActionState } from "./action-state";

const messages: Record<string, string> = {
  none: "The demo provider works normally again. The next refresh will recover.",
  unavailable: "The demo provider now answers 503 to token requests. Watch the refresh retry with backoff.",
  rate_limited: "The demo provider now answers 429 with Retry-After. Watch the refresh wait.",
  invalid_grant: "The demo provider now rejects refresh tokens (invalid_grant). The next refresh marks the connection Needs reconnect.",
};

/** Admin-only: switches the local demo provider's simulated outage. */
export async function setDemoFaultAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const parsed = demoFaultInputSchema.safeParse({ mode: form.get("mode") });
  if (!parsed.success) return { ok: false, message: "Choose one of the listed behaviours." };
  try {
    const mode = await setDemoFault(parsed.data.mode);
    await recordAudit(db(), { workspaceId: context.workspace.id, actorId: context.user.id, action: "demo_provider.fault_set", targetType: "demo_provider", targetId: "authpulse-demo", details: { mode } }, systemClock.now());
    const connectionId = String(form.get("connectionId") ?? "");
    if (connectionId) revalidatePath(`/connections/${connectionId}`);
    return { ok: true, message: messages[mode] };
  } catch (error) {
    return toActionState(error);
  }
}
