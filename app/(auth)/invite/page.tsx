import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/auth/accept-invite-form";
import { AuthCard } from "@/components/auth/auth-card";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { systemClock } from "@/lib/clock";
import { acceptInviteAction } from "@/lib/server/actions/invite-actions";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { db } from "@/lib/server/db";
import { inspectInvite, inviteMessages } from "@/lib/server/members/accept-invite";

export const metadata: Metadata = { title: "Join a workspace" };

export default async function InvitePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  const invite = typeof token === "string" && token.length >= 10 ? await inspectInvite({ db: db(), clock: systemClock }, token) : { state: "unknown" as const };
  if (invite.state !== "valid" || typeof token !== "string") {
    return (
      <AuthCard title="Join a workspace">
        <div className="space-y-4">
          <Notice kind="error">{inviteMessages[invite.state === "valid" ? "unknown" : invite.state]}</Notice>
          <Link href="/login" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">Go to log in</Link>
        </div>
      </AuthCard>
    );
  }
  const user = await getCurrentUser();
  const title = `Join ${invite.workspaceName}`;
  const subtitle = `You were invited as ${invite.role === "admin" ? "an admin" : "a viewer"} (${invite.email}).`;
  if (invite.hasAccount && user?.email !== invite.email) {
    const back = `/invite?token=${encodeURIComponent(token)}`;
    return (
      <AuthCard title={title} subtitle={subtitle}>
        <div className="space-y-4">
          <Notice kind="info">{user ? `You are logged in as ${user.email}. Log out, then log in as ${invite.email} to accept.` : `You already have an Authpulse account. Log in as ${invite.email} to accept.`}</Notice>
          {!user && <Link className={buttonClass("primary", "w-full")} href={`/login?callbackUrl=${encodeURIComponent(back)}`}>Log in to accept</Link>}
        </div>
      </AuthCard>
    );
  }
  if (!invite.hasAccount && user) {
    return (
      <AuthCard title={title} subtitle={subtitle}>
        <Notice kind="info">{`This invite is for ${invite.email}, but you are logged in as ${user.email}. Log out first, then open the link again.`}</Notice>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={title} subtitle={subtitle}>
      <AcceptInviteForm token={token} email={invite.email} needsAccount={!invite.hasAccount} action={acceptInviteAction} />
    </AuthCard>
  );
}
