import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";
import { Notice } from "@/components/ui/notice";
import { safeInternalPath } from "@/lib/safe-redirect";
import { getCurrentUser } from "@/lib/server/auth/current-user";
import { env, isOidcConfigured } from "@/lib/server/env";

export const metadata: Metadata = { title: "Log in" };

const errors: Record<string, string> = {
  SsoNotInvited: "Your single sign-on account is not a member of Authpulse. Ask an admin to invite your email address.",
  OAuthSignin: "Single sign-on could not start. Try again, or use your password.",
  OAuthCallback: "Single sign-on did not complete. Try again, or use your password.",
  SessionRequired: "Log in to continue.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeInternalPath(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  if (await getCurrentUser()) redirect(next);
  const error = typeof params.error === "string" ? (errors[params.error] ?? "Logging in failed. Try again.") : null;
  return (
    <AuthCard title="Log in" subtitle="Keep your GTM stack's tokens and keys alive.">
      <div className="space-y-4">
        {params.setup === "done" && <Notice kind="success" title="Admin account created">Log in with the email and password you just chose.</Notice>}
        {params.joined === "1" && <Notice kind="success" title="You joined the workspace">Log in with the email and password you just chose.</Notice>}
        {params.signedOut === "1" && <Notice kind="info">You are logged out.</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <LoginForm next={next} passwordLogin={!env().AUTH_DISABLE_PASSWORD_LOGIN} sso={isOidcConfigured() ? { name: env().AUTH_OIDC_NAME } : null} />
        <p className="text-xs text-zinc-500 dark:text-zinc-400">No account? Ask an admin of your workspace for an invite link.</p>
      </div>
    </AuthCard>
  );
}
