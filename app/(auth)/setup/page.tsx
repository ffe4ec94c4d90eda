import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { Notice } from "@/components/ui/notice";
import { systemClock } from "@/lib/clock";
import { completeSetupAction } from "@/lib/server/actions/setup-actions";
import { db } from "@/lib/server/db";
import { inspectSetupToken, setupTokenMessages } from "@/lib/server/setup/setup-link";

export const metadata: Metadata = { title: "Set up" };

export default async function SetupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { token } = await searchParams;
  if (typeof token !== "string" || token.length < 10) {
    return (
      <AuthCard title="Set up Authpulse">
        <Notice kind="error">{setupTokenMessages.unknown}</Notice>
      </AuthCard>
    );
  }
  const state = await inspectSetupToken({ db: db(), clock: systemClock }, token);
  if (state !== "valid") {
    return (
      <AuthCard title="Set up Authpulse">
        <div className="space-y-4">
          <Notice kind="error">{setupTokenMessages[state]}</Notice>
          {(state === "used" || state === "already-set-up") && (
            <Link href="/login" className="text-sm font-medium text-indigo-600 hover:underline dark:text-indigo-400">
              Go to log in
            </Link>
          )}
        </div>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create the admin account" subtitle="You are the first person here. This link works once; after this, admins invite everyone else.">
      <SetupForm token={token} action={completeSetupAction} />
    </AuthCard>
  );
}
