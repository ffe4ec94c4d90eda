// Test-only: mints grants and refresh tokens inside a running demo provider (oidc-provider 9) without the
// browser authorization-code flow, exactly as the token endpoint would after a user consented.
//
// oidc-provider behaviour this relies on (node_modules/oidc-provider/lib, 9.13.3):
// - Consent (actions/interaction.js) saves `new Grant({ accountId, clientId })` + `addOIDCScope(scope)`;
//   the code exchange (helpers/grant_common.js issueTokens) saves `new RefreshToken({ accountId, client,
//   grantId, gty: "authorization_code", rotations: 0, scope, expiresWithSession, ... })`. Tokens are opaque:
//   the token value is the model's `jti`, the adapter key.
// - Refresh (actions/grants/refresh_token.js) with `rotateRefreshToken: true` marks the presented token
//   consumed and returns a new one for the same grant. Presenting a CONSUMED token again throws
//   invalid_grant ("refresh token already used") after destroying it and revoking the whole grant
//   (helpers/revoke.js: every AccessToken, RefreshToken and AuthorizationCode of the grant, and the Grant
//   itself since the default revokeGrantPolicy is true outside /token/revocation), so the token issued by
//   the rotation dies too ("refresh token not found").
// - The default in-memory adapter is a two-generation LRU of 1,000 entries shared by all models; each minted
//   grant costs 3 entries (grant, refresh token, grant index) and each refresh ~3 more, so beyond a few hundred
//   grants older ones silently vanish. Start the provider with `createUnboundedDemoAdapter()` for bulk tests.
import { issueDemoRefreshToken } from "@/lib/server/demo-provider/demo-provider-config";
import type { DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";

// The slices of oidc-provider's models used here (the library ships no types).
interface OidcClient {
  readonly clientId: string;
  readonly scope?: string;
  grantTypeAllowed(grantType: string): boolean;
}
interface OidcGrant {
  readonly accountId?: string;
  readonly clientId?: string;
  readonly isExpired: boolean;
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface OidcRefreshToken {
  readonly jti?: string;
  readonly grantId?: string;
  save(): Promise<string>;
}
interface FindOptions {
  ignoreExpiration?: boolean;
}
interface OidcProvider {
  readonly Client: { find(id: string): Promise<OidcClient | undefined> };
  readonly Grant: {
    new (input: { accountId: string; clientId: string }): OidcGrant;
    find(id: string, options?: FindOptions): Promise<OidcGrant | undefined>;
  };
  readonly RefreshToken: {
    new (input: Record<string, unknown>): OidcRefreshToken;
    find(value: string, options?: FindOptions): Promise<OidcRefreshToken | undefined>;
  };
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

function oidcProvider(provider: DemoProvider): OidcProvider {
  const instance = provider.testing?.provider;
  if (
    typeof instance !== "object" ||
    instance === null ||
    !("Grant" in instance && typeof instance.Grant === "function") ||
    !("RefreshToken" in instance && typeof instance.RefreshToken === "function") ||
    !("Client" in instance && typeof instance.Client === "function") ||
    !("on" in instance && typeof instance.on === "function")
  ) {
    throw new Error("demo provider exposes no oidc-provider instance (provider.testing.provider); start it with startDemoProvider()");
  }
  return instance as OidcProvider;
}

// Refresh token value -> grant id, so a grant can be checked after revocation deleted its tokens.
const grantIdsByProvider = new WeakMap<OidcProvider, Map<string, string>>();

function grantIndex(oidc: OidcProvider): Map<string, string> {
  let index = grantIdsByProvider.get(oidc);
  if (!index) {
    const created = new Map<string, string>();
    index = created;
    grantIdsByProvider.set(oidc, created);
    // Also records tokens the provider issues on rotation (opaque token value === jti).
    oidc.on("refresh_token.saved", (token: unknown) => {
      const { jti, grantId } = (token ?? {}) as OidcRefreshToken;
      if (typeof jti === "string" && typeof grantId === "string") created.set(jti, grantId);
    });
  }
  return index;
}

export interface MintDemoGrantsInput {
  /** A registered client allowed the refresh_token grant and the requested scopes. */
  clientId: string;
  count: number;
  /** Demo account (any non-empty login is one). Default "alice". */
  accountId?: string;
  /** Space-separated OIDC scopes, resource-less; must include offline_access. Default "openid offline_access". */
  scope?: string;
}

export interface MintedDemoGrant {
  grantId: string;
  refreshToken: string;
}

/**
 * Mints `count` grants for `clientId`, each with one refresh token, as if the demo user had consented and the
 * client had exchanged the code. Saves them sequentially in the provider's adapter and checks they are all
 * still there afterwards (throws when the adapter dropped some, i.e. the default LRU overflowed).
 */
export async function mintDemoGrants(provider: DemoProvider, input: MintDemoGrantsInput): Promise<MintedDemoGrant[]> {
  const oidc = oidcProvider(provider);
  const accountId = input.accountId ?? "alice";
  const scope = input.scope ?? "openid offline_access";
  if (!Number.isInteger(input.count) || input.count < 0) throw new Error(`count must be a non-negative integer, got ${input.count}`);
  if (accountId.trim() === "") throw new Error("accountId must not be empty");

  const client = await oidc.Client.find(input.clientId);
  if (!client) throw new Error(`client ${input.clientId} is not registered at the demo provider`);
  const scopes = new Set(scope.split(" ").filter(Boolean));
  if (!issueDemoRefreshToken(undefined, client, { scopes })) {
    throw new Error(`the demo provider would issue no refresh token to ${input.clientId} for scope "${scope}" (needs the refresh_token grant and offline_access)`);
  }
  const allowed = new Set(client.scope?.split(" ") ?? []);
  const missing = [...scopes].filter((value) => !allowed.has(value));
  if (missing.length > 0) throw new Error(`client ${input.clientId} may not request: ${missing.join(" ")}`);

  const index = grantIndex(oidc);
  const minted: MintedDemoGrant[] = [];
  for (let i = 0; i < input.count; i += 1) {
    const grant = new oidc.Grant({ accountId, clientId: client.clientId });
    grant.addOIDCScope([...scopes].join(" "));
    const grantId = await grant.save();
    const refreshToken = await new oidc.RefreshToken({
      accountId,
      authTime: Math.floor(Date.now() / 1000),
      client,
      expiresWithSession: false,
      grantId,
      gty: "authorization_code",
      rotations: 0,
      scope: [...scopes].join(" "),
    }).save();
    index.set(refreshToken, grantId);
    minted.push({ grantId, refreshToken });
  }

  let lost = 0;
  for (const { grantId, refreshToken } of minted) {
    if (!(await oidc.Grant.find(grantId)) || !(await oidc.RefreshToken.find(refreshToken))) lost += 1;
  }
  if (lost > 0) {
    throw new Error(
      `${lost} of ${input.count} minted grants were dropped by the provider's adapter; start the provider with testing: { adapter: await createUnboundedDemoAdapter() }`,
    );
  }
  return minted;
}

/** Mints `count` grants for `clientId` (refresh_token grant + offline_access), each with one refresh token, as if the demo user had consented. Returns the refresh tokens. */
export async function mintDemoRefreshTokens(provider: DemoProvider, input: MintDemoGrantsInput): Promise<string[]> {
  return (await mintDemoGrants(provider, input)).map((grant) => grant.refreshToken);
}

/**
 * Whether the grant behind a refresh token (or a grant id) still exists and has not expired. Works for revoked
 * grants whose tokens are gone as long as the token was minted here or issued by rotation after the first mint.
 * Throws for a refresh token the provider never issued (as far as this helper knows).
 */
export async function isGrantAlive(provider: DemoProvider, token: string | { grantId: string }): Promise<boolean> {
  const oidc = oidcProvider(provider);
  let grantId: string | undefined;
  if (typeof token === "string") {
    const found = await oidc.RefreshToken.find(token, { ignoreExpiration: true });
    grantId = found?.grantId ?? grantIndex(oidc).get(token);
    if (grantId === undefined) throw new Error("unknown refresh token: not in the provider and not minted by this helper");
  } else {
    grantId = token.grantId;
  }
  const grant = await oidc.Grant.find(grantId, { ignoreExpiration: true });
  return grant !== undefined && !grant.isExpired;
}

/**
 * An oidc-provider adapter factory for `startDemoProvider({ testing: { adapter } })`: oidc-provider's own
 * in-memory adapter (same consume/revokeByGrantId semantics) over a store without the 1,000-entry limit.
 * Imports oidc-provider internals (no public export), so a library upgrade may need this updated.
 */
export async function createUnboundedDemoAdapter(options: { clockTolerance?: number } = {}): Promise<(model: string) => unknown> {
  // Variable specifiers: these files have no type declarations.
  const adapterPath: string = "oidc-provider/lib/adapters/memory_adapter.js";
  const lruPath: string = "oidc-provider/lib/helpers/lru.js";
  const [adapterModule, lruModule] = (await Promise.all([import(adapterPath), import(lruPath)])) as [{ default: unknown }, { default: unknown }];
  const MemoryAdapter = adapterModule.default;
  const LRU = lruModule.default;
  if (typeof MemoryAdapter !== "function" || typeof LRU !== "function") {
    throw new Error("oidc-provider internals moved: update createUnboundedDemoAdapter()");
  }
  type Constructor = new (...args: unknown[]) => unknown;
  // Same expiry handling as the default store; an infinite size never rotates generations out.
  const store = new (LRU as Constructor)({ maxSize: Number.POSITIVE_INFINITY });
  // oidc-provider's default clockTolerance, which the demo configuration keeps.
  const clockTolerance = options.clockTolerance ?? 15;
  return (model) => new (MemoryAdapter as Constructor)(model, store, clockTolerance);
}
