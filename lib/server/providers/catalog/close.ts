import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Close CRM (OAuth app). */
export const closeEntry: ProviderEntry = {
  id: "close",
  name: "Close",
  category: "crm",
  kind: "oauth2",
  authorizationUrl: "https://app.close.com/oauth2/authorize/",
  tokenUrl: "https://api.close.com/oauth2/token/",
  scopeSeparator: " ",
  scopeParameter: "not_used",
  defaultScopes: [],
  minimumScopes: ["all.full_access", "offline_access"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "Every refresh issues a new refresh token; the client must discard the old one. No lifetime is documented.",
  },
  typicalAccessTokenLifetimeSeconds: 3600,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response, e.g. \"all.full_access offline_access\".",
  },
  accountIdentity: {
    source: "token_response",
    idField: "user_id",
    labelField: "organization_id",
    note: "The token response names the user and the organization the user picked on the consent screen.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.close.com/api/v1",
    doc: "https://developer.close.com/api/overview",
    note: "Endpoint paths end with a slash (/me/, /lead/); keep it.",
  },
  docs: {
    oauth: "https://developer.close.com/topics/authentication-oauth2",
    scopes: "https://developer.close.com/integrations/create-an-oauth-app",
    references: ["https://developer.close.com/api/overview/oauth-authentication"],
  },
  notes: [
    "Every OAuth app gets exactly all.full_access and offline_access (same power as an API key); the authorize URL carries no scope.",
    "Both endpoint URLs end with a slash, as documented.",
    "Redirect URLs must be https; plain http is refused even for development.",
    "New apps are private to the creating organization until Close makes them public.",
    "No revocation endpoint was found in the pages read.",
  ],
};
