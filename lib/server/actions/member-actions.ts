"use server";
import { revalidatePath } from "next/cache";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "../auth/guards";
import { db } from "../db";
import { env } from "../env";
import { createInvite, revokeInvite } from "../members/invites";
import { changeMemberRole, removeMember } from "../members/members";
import { formText, toActionState, type ActionState } from "./action-state";

const ctx = () => ({ db: db(), clock: systemClock });

/** Invites a person by email; returns the one-time link for the admin to send. */
export async function inviteMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  const values = formText(form, ["email", "role"]);
  try {
    const invite = await createInvite(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, email: values.email ?? "", role: values.role ?? "" });
    revalidatePath("/settings/members");
    const link = `${env().NEXTAUTH_URL.replace(/\/$/, "")}/invite?token=${invite.token}`;
    return { ok: true, message: `Invite created for ${values.email}. Send them this link; it works once and expires in 7 days.`, link };
  } catch (error) {
    return toActionState(error, values);
  }
}

/** Changes a member's role (admins only; keeps at least one admin). */
export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    await changeMemberRole(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, membershipId: String(form.get("membershipId") ?? ""), role: String(form.get("role") ?? "") });
    revalidatePath("/settings/members");
    return { ok: true, message: "Role updated." };
  } catch (error) {
    return toActionState(error);
  }
}

/** Removes a member from the workspace (admins only; keeps at least one admin). */
export async function removeMemberAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    await removeMember(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, membershipId: String(form.get("membershipId") ?? "") });
    revalidatePath("/settings/members");
    return { ok: true, message: "Member removed. What they owned, could read or authorized is listed under Offboarding.", link: "/offboarding" };
  } catch (error) {
    return toActionState(error);
  }
}

/** Withdraws a pending invite. */
export async function revokeInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const context = await requirePageContext({ role: "admin" });
  try {
    await revokeInvite(ctx(), { actorId: context.user.id, workspaceId: context.workspace.id, inviteId: String(form.get("inviteId") ?? "") });
    revalidatePath("/settings/members");
    return { ok: true, message: "Invite withdrawn." };
  } catch (error) {
    return toActionState(error);
  }
}
