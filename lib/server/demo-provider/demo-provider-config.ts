import "server-only";
import type { errors as OidcErrors } from "oidc-provider";
import { findDemoAccount } from "./demo-account";
import { demoClientAuthMethods, demoScopes, type DemoClient } from "./demo-clients";
import type { DemoJwks } from "./demo-jwks";

const day = 24 * 60 * 60;

/** Token lifetimes in seconds. */
export interface DemoProviderTtls {
  accessToken: number;
  refreshToken: number;
}

export const defaultDemoProviderTtls: DemoProviderTtls = { accessToken: 60 * 60, refreshToken: 14 * day };

export interface DemoProviderConfigOptions {
  clients: readonly DemoClient[];
  jwks: DemoJwks;
  cookieKeys: readonly string[];
  ttls: DemoProviderTtls;
  /** oidc-provider's error classes, from the module loadOidcProvider() imported. */
  errors: typeof OidcErrors;
}

// The slices of oidc-provider's objects the callbacks below read (the library ships no types).
interface ProviderClient {
  readonly clientId: string;
  grantTypeAllowed(grantType: string): boolean;
}
interface RefreshTokenSource {
  readonly scopes: Set<string>;
}
interface IssuedToken {
  readonly clientId?: string;
}
interface ResponseContext {
  type: string;
  body: unknown;
}

/** Refresh tokens go to clients registered for the refresh_token grant that were granted offline_access. */
export function issueDemoRefreshToken(_ctx: unknown, client: ProviderClient, source: RefreshTokenSource): boolean {
  return client.grantTypeAllowed("refresh_token") && source.scopes.has("offline_access");
}

/** Any authenticated (hence confidential) client may introspect, as a resource server would. */
function introspectionAllowed(): boolean {
  return true;
}

/** A client revokes only its own tokens (RFC 7009 §2.1); another client's token is an invalid_request. */
function revocationPolicy(errors: typeof OidcErrors) {
  return (_ctx: unknown, client: ProviderClient, token: IssuedToken): boolean => {
    if (token.clientId !== client.clientId) {
      throw new errors.InvalidRequest("client is not authorized to revoke the presented token");
    }
    return true;
  };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Plain error page for errors that cannot be redirected back to the client. */
function renderError(ctx: ResponseContext, out: Record<string, unknown>): void {
  const rows = Object.entries(out)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`)
    .join("");
  ctx.type = "html";
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Demo provider error</title></head><body><h1>Demo provider error</h1>${rows}</body></html>`;
}

/** oidc-provider configuration of the Authpulse demo authorization server. */
export function demoProviderConfig(options: DemoProviderConfigOptions): object {
  const { ttls } = options;
  return {
    clients: options.clients.map((client) => ({ ...client })),
    jwks: { keys: options.jwks.keys.map((key) => ({ ...key })) },
    cookies: {
      keys: [...options.cookieKeys],
      // Cookies ignore ports: distinct names keep them apart from an app on the same host.
      names: {
        session: "demo_op_session",
        interaction: "demo_op_interaction",
        resume: "demo_op_interaction_resume",
      },
    },
    findAccount: findDemoAccount,
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "preferred_username"],
    },
    scopes: [...demoScopes],
    responseTypes: ["code"],
    clientAuthMethods: [...demoClientAuthMethods],
    allowOmittingSingleRegisteredRedirectUri: false,
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: issueDemoRefreshToken,
    clientBasedCORS: () => false,
    renderError,
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationPolicy(options.errors) },
      userinfo: { enabled: true },
    },
    ttl: {
      AccessToken: ttls.accessToken,
      ClientCredentials: ttls.accessToken,
      AuthorizationCode: 60,
      IdToken: 60 * 60,
      RefreshToken: ttls.refreshToken,
      Interaction: 10 * 60,
      Session: 14 * day,
      // The grant outlives any one refresh token so rotation can go on.
      Grant: Math.max(365 * day, ttls.refreshToken),
    },
  };
}
