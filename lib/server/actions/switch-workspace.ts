"use server";
import { redirect } from "next/navigation";
import { requirePageContext } from "../auth/guards";
import { setCurrentWorkspace } from "../workspaces/current-workspace-cookie";

/** Makes another of the user's workspaces the current one (ignored for workspaces they are not in). */
export async function switchWorkspaceAction(workspaceId: string): Promise<void> {
  const context = await requirePageContext();
  if (!context.memberships.some((m) => m.workspaceId === workspaceId)) redirect("/overview");
  await setCurrentWorkspace(workspaceId);
  redirect("/overview");
}
