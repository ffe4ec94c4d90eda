"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requirePageContext } from "../auth/guards";
import { WORKSPACE_COOKIE } from "../workspaces/workspace-context";

/** Makes another of the user's workspaces the current one (ignored for workspaces they are not in). */
export async function switchWorkspaceAction(workspaceId: string): Promise<void> {
  const context = await requirePageContext();
  if (!context.memberships.some((m) => m.workspaceId === workspaceId)) redirect("/overview");
  (await cookies()).set(WORKSPACE_COOKIE, workspaceId, { httpOnly: true, sameSite: "lax", secure: process.env.NEXTAUTH_URL?.startsWith("https://") ?? false, path: "/" });
  redirect("/overview");
}
