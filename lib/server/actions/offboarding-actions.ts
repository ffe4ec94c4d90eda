"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "../auth/guards";
import { db } from "../db";
import { removeMember } from "../members/members";
import { transferOwnership } from "../offboarding/transfer-ownership";
import { formText, toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock });

/** Marks a member as departed: their access to the workspace ends now and their blast radius is listed. */
export async function markDepartedAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["membershipId"]);
  try {
    await removeMember(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, membershipId: values.membershipId!, via: "marked" });
    revalidatePath("/offboarding");
    return { ok: true, message: "Marked as departed. Their access has ended; work through the list below until it is empty." };
  } catch (error) {
    return toActionState(error, values);
  }
}

/** Hands a departed person's credential or connection to a current member. */
export async function transferOwnershipAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["subjectType", "subjectId", "newOwnerId"]);
  try {
    await transferOwnership(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, subjectType: values.subjectType!, subjectId: values.subjectId!, newOwnerId: values.newOwnerId! });
    revalidatePath("/offboarding");
    return { ok: true, message: "Ownership transferred." };
  } catch (error) {
    return toActionState(error, values);
  }
}
