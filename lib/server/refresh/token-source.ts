import "server-only";
import { acquireMachineToken } from "@/lib/server/connect/machine/acquire-machine-token";
import { isMachineMethod, openMachineConfig } from "@/lib/server/connect/machine/machine-config";
import { loadOAuthClient, type OAuthClientCredentials } from "@/lib/server/connect/oauth-apps";
import { findEntry, toConnectProvider } from "@/lib/server/connect/resolve-provider";
import type { ServiceContext } from "@/lib/server/context";
import type { Connection } from "@/lib/server/generated/prisma/client";
import type { FetchFn } from "@/lib/server/oauth/outbound-http";
import { requestRefreshTokenGrant } from "@/lib/server/oauth/refresh-token-grant";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { aadFor } from "@/lib/server/vault/aad";
import type { Keyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { catalogDefaultLifetimeMs, FALLBACK_ACCESS_TOKEN_LIFETIME_MS } from "./schedule";
import type { SchedulePolicy } from "./plan-outcome";

/** A token a provider just issued, ready to seal. */
export type FreshToken = {
  accessToken: string;
  tokenType: string | null;
  expiresAt: Date | null;
  /** null: the provider did not rotate it; keep the stored one (RFC 6749 §6). */
  refreshToken: string | null;
  grantedScopes: string[] | null;
};

export type TokenSource =
  | { kind: "call"; call: (fetch: FetchFn) => Promise<FreshToken>; policy: SchedulePolicy; entry: ProviderEntry | null; specialCase: string | null }
  | { kind: "no_refresh_token"; entry: ProviderEntry | null };

export type TokenSourceContext = ServiceContext & { keyring: Keyring; timeoutMs?: number; cache?: ResolveCache };

/** Provider entries and opened OAuth clients, cached briefly: a busy engine refreshes many connections of one app. */
export class ResolveCache {
  private readonly entries = new Map<string, { at: number; value: Promise<{ entry: ProviderEntry; client: OAuthClientCredentials }> }>();
  constructor(private readonly ttlMs = 30_000) {}

  get(key: string, now: number, load: () => Promise<{ entry: ProviderEntry; client: OAuthClientCredentials }>) {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

function policyOf(entry: ProviderEntry, hasRefreshToken: boolean): SchedulePolicy {
  return {
    defaultLifetimeMs: catalogDefaultLifetimeMs(entry.typicalAccessTokenLifetimeSeconds),
    idleExpiryDays: entry.refreshTokenPolicy.idleExpiryDays,
    hasRefreshToken,
  };
}

async function resolveOAuth(ctx: TokenSourceContext, row: Connection) {
  const load = async () => {
    const entry = await findEntry(ctx, { workspaceId: row.workspaceId, providerKey: row.providerKey });
    const client = await loadOAuthClient(ctx, row.oauthAppId ? { workspaceId: row.workspaceId, appId: row.oauthAppId } : { workspaceId: row.workspaceId, providerKey: row.providerKey });
    return { entry, client };
  };
  const key = `${row.workspaceId}\u0000${row.providerKey}\u0000${row.oauthAppId ?? ""}`;
  return ctx.cache ? ctx.cache.get(key, ctx.clock.now().getTime(), load) : load();
}

/** How to get a new access token for this connection: the refresh_token grant, or the machine flow it was created with. */
export async function tokenSourceFor(ctx: TokenSourceContext, row: Connection): Promise<TokenSource> {
  const now = () => ctx.clock.now();
  if (isMachineMethod(row.method)) {
    const config = openMachineConfig(ctx.keyring, row.id, row.configSealed);
    const policy: SchedulePolicy = { defaultLifetimeMs: FALLBACK_ACCESS_TOKEN_LIFETIME_MS, idleExpiryDays: "none", hasRefreshToken: false };
    return {
      kind: "call",
      entry: null,
      specialCase: null,
      policy,
      call: async (fetch) => {
        const token = await acquireMachineToken({ ...ctx, fetch, ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}) }, config);
        return { accessToken: token.accessToken, tokenType: token.tokenType, expiresAt: token.expiresAt, refreshToken: null, grantedScopes: token.grantedScopes };
      },
    };
  }

  const { entry, client } = await resolveOAuth(ctx, row);
  if (!row.refreshTokenSealed) return { kind: "no_refresh_token", entry };
  const provider = toConnectProvider(entry);
  const refreshToken = open(ctx.keyring, row.refreshTokenSealed, aadFor("connection", row.id, "refresh_token"));
  return {
    kind: "call",
    entry,
    specialCase: client.refreshSpecialCase ?? null,
    policy: policyOf(entry, true),
    call: async (fetch) => {
      const grant = await requestRefreshTokenGrant({
        tokenEndpoint: provider.tokenUrl,
        clientId: client.clientId,
        authMethod: client.authMethod,
        ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}),
        refreshToken,
        ...(provider.issuer ? { issuer: provider.issuer } : {}),
        scopeSeparator: provider.scopeSeparator,
        fetch,
        ...(ctx.timeoutMs ? { timeoutMs: ctx.timeoutMs } : {}),
        now,
      });
      return { accessToken: grant.accessToken, tokenType: grant.tokenType, expiresAt: grant.expiresAt, refreshToken: grant.refreshToken, grantedScopes: grant.grantedScopes };
    },
  };
}
