import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers/index";
import { systemClock } from "@/lib/clock";
import { db } from "../db";
import { env, isOidcConfigured } from "../env";
import { logger } from "../logger";
import { createSession, revokeSession, type SessionPolicy } from "./sessions";
import { fetchSsoUserinfo, resolveSsoUser, SSO_PROVIDER_ID } from "./sso";
import { verifyCredentials } from "./verify-credentials";

export function sessionPolicy(): SessionPolicy {
  return { idleMinutes: env().SESSION_IDLE_MINUTES, absoluteHours: env().SESSION_ABSOLUTE_HOURS };
}

const ctx = () => ({ db: db(), clock: systemClock });

/** ID tokens often carry only `sub`; the email then comes from the IdP's userinfo endpoint. */
async function withUserinfo(profile: unknown, accessToken: string | undefined): Promise<unknown> {
  const claims = (profile ?? {}) as Record<string, unknown>;
  if (typeof claims.email === "string" || !accessToken || !env().AUTH_OIDC_ISSUER) return profile;
  const userinfo = await fetchSsoUserinfo({ issuer: env().AUTH_OIDC_ISSUER!, accessToken });
  return userinfo && userinfo.sub === claims.sub ? { ...userinfo, ...claims, email: userinfo.email, email_verified: userinfo.email_verified } : profile;
}

function providers(): Provider[] {
  const list: Provider[] = [];
  if (!env().AUTH_DISABLE_PASSWORD_LOGIN) {
    list.push(
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const result = await verifyCredentials(ctx(), credentials);
          return result ? { id: result.userId } : null;
        },
      }),
    );
  }
  if (isOidcConfigured()) {
    const e = env();
    list.push({
      id: SSO_PROVIDER_ID,
      name: e.AUTH_OIDC_NAME,
      type: "oauth",
      wellKnown: `${e.AUTH_OIDC_ISSUER?.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: e.AUTH_OIDC_CLIENT_ID,
      clientSecret: e.AUTH_OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state", "nonce"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({ id: profile.sub, email: profile.email, name: profile.name }),
    });
  }
  return list;
}

/** next-auth configuration: JWT cookie that carries only a server-side session id. */
export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: e.SESSION_ABSOLUTE_HOURS * 3600, updateAge: 0 },
    pages: { signIn: "/login", error: "/login" },
    providers: providers(),
    logger: {
      error: (code, metadata) => {
        const cause = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        logger().error({ nextAuthCode: code, reason: cause instanceof Error ? cause.message : undefined }, "next-auth error");
      },
      warn: (code) => logger().warn({ code }, "next-auth warning"),
      debug: () => undefined,
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== SSO_PROVIDER_ID) return true;
        const user = await resolveSsoUser(ctx(), { profile: await withUserinfo(profile, account.access_token) });
        return user ? true : "/login?error=SsoNotInvited";
      },
      async jwt({ token, user, account, profile }) {
        if (!user) return token;
        let userId = user.id;
        if (account?.provider === SSO_PROVIDER_ID) {
          const resolved = await resolveSsoUser(ctx(), { profile: await withUserinfo(profile, account.access_token) });
          if (!resolved) return {};
          userId = resolved.userId;
        }
        // A fresh session id on every login (session rotation).
        const sid = await createSession(ctx(), { userId, policy: sessionPolicy() });
        return { sub: userId, sid };
      },
      async session({ session, token }) {
        return { ...session, user: undefined, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
      async redirect({ url, baseUrl }) {
        if (url.startsWith("/")) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          // fall through
        }
        return baseUrl;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await revokeSession(ctx(), { sessionId: token.sid });
      },
    },
  };
}
