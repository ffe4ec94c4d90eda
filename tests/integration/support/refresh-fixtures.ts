// Fixtures for refresh-engine tests: a workspace whose demo-provider OAuth app points at a local
// token server, and connections holding real sealed refresh tokens that token server issued.
import { randomUUID } from "node:crypto";
import type { Clock } from "@/lib/clock";
import { registerOAuthApp } from "@/lib/server/connect/oauth-apps";
import { DEMO_PROVIDER_KEY } from "@/lib/server/connect/resolve-provider";
import type { Db } from "@/lib/server/db";
import { aadFor } from "@/lib/server/vault/aad";
import type { Keyring } from "@/lib/server/vault/keyring";
import { seal } from "@/lib/server/vault/seal";

export type FixtureContext = { db: Db; clock: Clock; keyring: Keyring };

/** A workspace with the demo provider's OAuth app registered for the given client. Set DEMO_PROVIDER_URL to the token server first. */
export async function refreshWorkspace(ctx: FixtureContext, input: { clientId: string; clientSecret: string; slug?: string }) {
  const slug = input.slug ?? `ws-${randomUUID().slice(0, 8)}`;
  const ws = await ctx.db.workspace.create({ data: { name: slug, slug } });
  const app = await registerOAuthApp(ctx, { actorId: null, workspaceId: ws.id, providerKey: DEMO_PROVIDER_KEY, clientId: input.clientId, clientSecret: input.clientSecret, authMethod: "client_secret_basic" });
  return { workspaceId: ws.id, appId: app.id };
}

/**
 * Authorization-code connections, one per refresh token, due at `dueAt` (default now), with an access
 * token expiring at `expiresAt` (default now + 2 min). Inserted in bulk; tokens sealed with row-bound AADs.
 */
export async function seedConnections(
  ctx: FixtureContext,
  input: { workspaceId: string; appId: string; refreshTokens: readonly string[]; dueAt?: Date | ((i: number) => Date); expiresAt?: Date | ((i: number) => Date) },
): Promise<string[]> {
  const now = ctx.clock.now();
  const rows = input.refreshTokens.map((refreshToken, i) => {
    const id = randomUUID();
    const expiresAt = typeof input.expiresAt === "function" ? input.expiresAt(i) : (input.expiresAt ?? new Date(now.getTime() + 120_000));
    const dueAt = typeof input.dueAt === "function" ? input.dueAt(i) : (input.dueAt ?? now);
    return {
      id,
      workspaceId: input.workspaceId,
      providerKey: DEMO_PROVIDER_KEY,
      oauthAppId: input.appId,
      method: "authorization_code" as const,
      label: `Connection ${i + 1}`,
      accessTokenSealed: seal(ctx.keyring, `initial-access-${id}`, aadFor("connection", id, "access_token")),
      refreshTokenSealed: seal(ctx.keyring, refreshToken, aadFor("connection", id, "refresh_token")),
      tokenType: "bearer",
      accessTokenExpiresAt: expiresAt,
      refreshTokenIssuedAt: now,
      requestedScopes: ["openid", "offline_access"],
      grantedScopes: ["openid", "offline_access"],
      authorizedAt: now,
      createdAt: now,
      nextRefreshAt: dueAt,
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await ctx.db.connection.createMany({ data: rows.slice(i, i + 1000) });
  return rows.map((r) => r.id);
}
