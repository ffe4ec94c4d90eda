import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { loadWorkspaceContext } from "@/lib/server/workspaces/workspace-context";

export default async function NoWorkspacePage() {
  const result = await loadWorkspaceContext();
  if (result.kind === "anonymous") redirect("/login");
  if (result.kind === "ok") redirect("/overview");
  return (
    <AuthCard title="No workspace" subtitle={`You are logged in as ${result.user.email}, but you are not a member of any workspace.`}>
      <p className="mb-4 text-sm text-zinc-600 dark:text-zinc-400">Ask an admin to invite you again, then open the new invite link.</p>
      <SignOutButton />
    </AuthCard>
  );
}
