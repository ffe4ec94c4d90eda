"use server";
import { redirect } from "next/navigation";
import { systemClock } from "@/lib/clock";
import { getCurrentUser } from "../auth/current-user";
import { db } from "../db";
import { acceptInvite } from "../members/accept-invite";
import { setCurrentWorkspace } from "../workspaces/current-workspace-cookie";
import { formText, toActionState, type ActionState } from "./action-state";

/** Accepts an invite: creates the account (new person) or joins as the signed-in user. */
export async function acceptInviteAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const values = formText(form, ["name"]);
  const user = await getCurrentUser();
  let joined: { workspaceId: string };
  try {
    joined = await acceptInvite(
      { db: db(), clock: systemClock },
      { token: String(form.get("token") ?? ""), signedInUserId: user?.id ?? null, name: values.name, password: String(form.get("password") ?? "") },
    );
  } catch (error) {
    return toActionState(error, values);
  }
  if (user) {
    await setCurrentWorkspace(joined.workspaceId);
    redirect("/overview");
  }
  redirect("/login?joined=1");
}
