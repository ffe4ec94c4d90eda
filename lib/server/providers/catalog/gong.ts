import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Gong (OAuth app for the Gong Collective). */
export const gongEntry: ProviderEntry = {
  id: "gong",
  name: "Gong",
  category: "calls",
  kind: "oauth2",
  authorizationUrl: "https://app.gong.io/oauth2/authorize",
  tokenUrl: "https://app.gong.io/oauth2/generate-customer-token",
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["api:users:read", "api:calls:read:basic"],
  minimumScopes: ["api:users:read"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_basic",
  pkce: "undocumented",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "Refresh tokens are single-use: each refresh returns a new one and invalidates the old (per Nango's write-up of Gong's OAuth docs; Gong's page itself was only partly in the corpus). No lifetime found.",
  },
  typicalAccessTokenLifetimeSeconds: "undocumented",
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response.",
  },
  accountIdentity: {
    source: "unknown",
    note: "The token response names the customer's API host (api_base_url_for_customer) but not the authorizing user; no who-am-I endpoint was found.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrlFromTokenResponse: "api_base_url_for_customer",
    doc: "https://help.gong.io/docs/create-an-app-for-gong",
    note: "No fixed API host: data residency puts each customer on its own host, which the token response names as api_base_url_for_customer (example https://company-17.api.gong.io; the field name was confirmed in Nango's and terapi's Gong docs, as Gong's page was only partly in the corpus). Without it no base is resolved rather than guessing https://api.gong.io, which the notes rule out for data-residency customers. Paths carry the version (/v2/users).",
  },
  docs: {
    oauth: "https://help.gong.io/docs/create-an-app-for-gong",
    references: [
      "https://contact.gong.io/hc/en-us/articles/13944551222157-Create-an-app-for-Gong",
      "https://nango.dev/blog/gong-oauth-refresh-token-invalid-grant",
    ],
  },
  notes: [
    "API calls go to `api_base_url_for_customer` from the token response (data residency: it differs per customer), not to api.gong.io.",
    "Only a Gong technical administrator can authorize the app.",
    "The token endpoint authenticates the client with HTTP Basic (client_id:client_secret); Gong's examples pass grant_type, code and redirect_uri as query parameters (unverified whether a form body also works).",
    "Scopes in the authorize URL must be among those selected on the integration (Company settings > Ecosystem > API).",
    "Concurrent refreshes with the same refresh token: the loser gets invalid_grant; serialize refreshes per connection.",
  ],
};
