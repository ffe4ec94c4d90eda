import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkspaceForm, RenameWorkspaceForm } from "@/components/settings/workspace-forms";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { createWorkspaceAction, renameWorkspaceAction } from "@/lib/server/actions/workspace-actions";
import { requirePageContext } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const context = await requirePageContext();
  const isAdmin = context.role === "admin";
  return (
    <>
      <PageHeader title="Settings" subtitle={`Workspace “${context.workspace.name}” and your account.`} />
      <div className="space-y-6">
        <Card title="Workspace" description={isAdmin ? "Every connection, credential and event belongs to one workspace." : "Only admins can change workspace settings."}>
          {isAdmin ? <RenameWorkspaceForm name={context.workspace.name} action={renameWorkspaceAction} /> : <p className="text-sm">{context.workspace.name}</p>}
        </Card>
        <Card title="Members" description="Invite teammates and set who is admin or viewer." actions={isAdmin ? <Link href="/settings/members" className={buttonClass("secondary")}>Manage members</Link> : undefined}>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            You are {isAdmin ? "an admin" : "a viewer"} of this workspace{context.memberships.length > 1 ? ` and a member of ${context.memberships.length} workspaces in all` : ""}.
          </p>
        </Card>
        {isAdmin && <Card title="API keys" description="Which tools can read our credentials? Create read-only keys for n8n, Make, Clay and scripts; revoke them here." actions={<Link href="/settings/api-keys" className={buttonClass("secondary")}>Manage API keys</Link>}><p className="text-sm text-zinc-600 dark:text-zinc-400">Each key reads only the credentials you choose, and every read is written to the audit log.</p></Card>}
        {isAdmin && <Card title="Alerts" description="Where do our alerts go? Slack, a signed webhook or e-mail; send a test message." actions={<Link href="/settings/alerts" className={buttonClass("secondary")}>Alert channels</Link>}><p className="text-sm text-zinc-600 dark:text-zinc-400">Failing refreshes, repeated 403s, deadlines within 7 days and a weekly rotation digest, once each, and &ldquo;recovered&rdquo; when fixed.</p></Card>}
        <Card title="Your account">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400">Name</dt>
            <dd>{context.user.name}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
            <dd>{context.user.email}</dd>
          </dl>
        </Card>
        <Card title="Another workspace" description="Separate teams or clients get their own workspace; you become its admin.">
          <CreateWorkspaceForm action={createWorkspaceAction} />
        </Card>
      </div>
    </>
  );
}
