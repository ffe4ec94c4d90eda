"use server";
import { revalidatePath } from "next/cache";
import { requirePageContext } from "../auth/guards";
import { updateConnectionOwnership } from "../connect/update-connection-ownership";
import { db } from "../db";
import { systemClock } from "@/lib/clock";
import { formText, toActionState, type ActionState } from "./action-state";

/** Admins set who owns a connection and which workflows use it. */
export async function updateConnectionOwnershipAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["connectionId", "ownerId", "workflows"]);
  try {
    await updateConnectionOwnership({ db: db(), clock: systemClock }, { actorId: context.user.id, workspaceId: context.workspace.id, connectionId: values.connectionId ?? "", values: { ownerId: values.ownerId ?? "", workflows: values.workflows ?? "" } });
  } catch (error) {
    return toActionState(error, values);
  }
  revalidatePath(`/connections/${values.connectionId}`);
  return { ok: true, message: "Saved: the owner and workflows now filter the dashboards and route alerts." };
}
