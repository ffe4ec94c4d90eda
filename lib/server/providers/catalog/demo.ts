import "server-only";
import { defaultDemoProviderTtls } from "@/lib/server/demo-provider/demo-provider-config";
import type { ProviderEntry } from "../provider-entry-schema";

const day = 24 * 60 * 60;

export interface DemoProviderEntryOptions {
  /** Access-token lifetime the demo provider was started with (seconds). */
  accessTokenTtlSeconds?: number;
  /** Refresh-token lifetime the demo provider was started with (seconds). */
  refreshTokenTtlSeconds?: number;
}

/**
 * The catalog entry of the local demo provider (oidc-provider, lib/server/demo-provider) at `issuer`,
 * e.g. http://127.0.0.1:4001. Paths are oidc-provider's defaults, as its discovery document lists them.
 */
export function demoProviderEntry(issuer: string, options: DemoProviderEntryOptions = {}): ProviderEntry {
  const origin = issuer.replace(/\/+$/, "");
  const accessTtl = options.accessTokenTtlSeconds ?? defaultDemoProviderTtls.accessToken;
  const refreshTtl = options.refreshTokenTtlSeconds ?? defaultDemoProviderTtls.refreshToken;
  return {
    id: "authpulse-demo",
    name: "Authpulse demo provider (local)",
    category: "crm",
    kind: "oidc",
    demo: true,
    authorizationUrl: `${origin}/auth`,
    tokenUrl: `${origin}/token`,
    revocation: {
      url: `${origin}/token/revocation`,
      style: "rfc7009",
      method: "POST",
      tokenPlacement: "form",
      revokes: ["access_token", "refresh_token"],
      note: "A client revokes only its own tokens; another client's token is an invalid_request.",
    },
    tokenInspection: {
      kind: "introspection",
      url: `${origin}/token/introspection`,
      method: "POST",
      tokenPlacement: "form",
      clientAuthentication: true,
      reportsScopes: true,
    },
    userinfoUrl: `${origin}/me`,
    issuer: origin,
    scopeSeparator: " ",
    scopeParameter: "required",
    defaultScopes: ["openid", "email", "profile", "offline_access", "crm.read", "contacts.read"],
    minimumScopes: ["openid", "offline_access", "crm.read"],
    extraAuthorizationParams: { prompt: "consent" },
    offlineScope: "offline_access",
    tokenEndpointAuthMethod: "client_secret_basic",
    pkce: "required",
    refreshTokenRotates: true,
    refreshTokenPolicy: {
      issued: "with_offline_access",
      idleExpiryDays: refreshTtl / day,
      absoluteMaxDays: Math.max(365 * day, refreshTtl) / day,
      specialCases: [
        {
          condition: "The demo provider restarted",
          lifetimeDays: 0,
          note: "Grants live in oidc-provider's in-memory adapter: a restart forgets every refresh token, and connections go needs-reauth.",
        },
      ],
      note: "Each rotation issues a refresh token with a fresh lifetime, bounded by the grant (365 days). Replaying a rotated refresh token revokes the whole grant.",
    },
    typicalAccessTokenLifetimeSeconds: accessTtl,
    grantedScopesSource: {
      source: "token_response",
      note: "`scope` in the token response; introspection also reports it.",
    },
    accountIdentity: {
      source: "id_token",
      idField: "sub",
      labelField: "email",
      note: "Any login name is an account, with email <login>@demo.authpulse.local.",
    },
    supportsClientCredentials: true,
    api: {
      baseUrl: origin,
      doc: "https://github.com/panva/node-oidc-provider/blob/main/docs/README.md",
      note: "The demo provider serves no data API of its own; its userinfo endpoint (/me) answers a bearer access token, so proxying GET /me exercises the whole path.",
    },
    docs: {
      oauth: "https://github.com/panva/node-oidc-provider/blob/main/docs/README.md",
      references: ["https://github.com/panva/node-oidc-provider/blob/main/docs/README.md#rotaterefreshtoken"],
    },
    notes: [
      "Demo only: runs on loopback over http, with plain login and consent forms (devInteractions).",
      "Two clients: authpulse-demo (client_secret_basic) and authpulse-demo-post (client_secret_post).",
      "offline_access is granted only with prompt=consent, hence the extra parameter.",
      "crm.write is known to the provider but not requested by default: reconnect with it to try an added scope.",
      "A code exchanged twice revokes the tokens already issued for it.",
    ],
  };
}
