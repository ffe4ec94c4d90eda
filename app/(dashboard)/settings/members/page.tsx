import type { Metadata } from "next";
import { InviteForm } from "@/components/settings/invite-form";
import { MemberRow } from "@/components/settings/member-row";
import { PendingInviteRow } from "@/components/settings/pending-invite-row";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction } from "@/lib/server/actions/member-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { listPendingInvites } from "@/lib/server/members/invites";
import { listMembers } from "@/lib/server/members/members";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const context = await requirePageContext({ role: "admin" });
  const ctx = { db: db(), clock: systemClock };
  const [members, invites] = await Promise.all([listMembers(ctx, { workspaceId: context.workspace.id }), listPendingInvites(ctx, { workspaceId: context.workspace.id })]);
  return (
    <>
      <PageHeader title="Who has access to this workspace?" subtitle="Admins connect providers, rotate credentials and manage the team. Viewers read dashboards and the checklist." />
      <div className="space-y-6">
        <Card title="Invite a member" description="Authpulse creates a one-time link (valid 7 days). Send it to them over your usual channel.">
          <InviteForm action={inviteMemberAction} />
        </Card>
        <Card title={`Members (${members.length})`}>
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {members.map((m) => (
              <MemberRow key={m.membershipId} member={{ membershipId: m.membershipId, name: m.name, email: m.email, role: m.role, lastLoginAt: m.lastLoginAt?.toISOString() ?? null, isSelf: m.userId === context.user.id }} changeRole={changeRoleAction} remove={removeMemberAction} />
            ))}
          </ul>
        </Card>
        <Card title={`Pending invites (${invites.length})`}>
          {invites.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No pending invites. Links you create appear here until they are accepted, withdrawn or expire.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {invites.map((i) => (
                <PendingInviteRow key={i.id} invite={{ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), isExpired: i.isExpired }} revoke={revokeInviteAction} />
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
