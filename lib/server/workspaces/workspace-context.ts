import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { getCurrentUser, type CurrentUser } from "../auth/current-user";
import { db } from "../db";

export const WORKSPACE_COOKIE = "ap_workspace";

export type Role = "admin" | "viewer";
export type MembershipSummary = { workspaceId: string; name: string; slug: string; role: Role };
export type WorkspaceContext = {
  user: CurrentUser;
  workspace: { id: string; name: string; slug: string };
  role: Role;
  memberships: MembershipSummary[];
};

export type ContextResult =
  | { kind: "anonymous" }
  | { kind: "no-workspace"; user: CurrentUser }
  | { kind: "ok"; context: WorkspaceContext };

/** Resolves who is asking and in which workspace (the cookie's choice if still a member). */
export const loadWorkspaceContext = cache(async (): Promise<ContextResult> => {
  const user = await getCurrentUser();
  if (!user) return { kind: "anonymous" };
  const rows = await db().membership.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: { role: true, workspace: { select: { id: true, name: true, slug: true } } },
  });
  if (rows.length === 0) return { kind: "no-workspace", user };
  const memberships = rows.map((r) => ({ workspaceId: r.workspace.id, name: r.workspace.name, slug: r.workspace.slug, role: r.role }));
  const chosen = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const current = rows.find((r) => r.workspace.id === chosen) ?? rows[0]!;
  return { kind: "ok", context: { user, workspace: current.workspace, role: current.role, memberships } };
});
