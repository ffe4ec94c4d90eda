"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { systemClock } from "@/lib/clock";
import { getCurrentUser } from "../auth/current-user";
import { db } from "../db";
import { acceptInvite } from "../members/accept-invite";
import { WORKSPACE_COOKIE } from "../workspaces/workspace-context";
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
    (await cookies()).set(WORKSPACE_COOKIE, joined.workspaceId, { httpOnly: true, sameSite: "lax", secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false, path: "/" });
    redirect("/overview");
  }
  redirect("/login?joined=1");
}
