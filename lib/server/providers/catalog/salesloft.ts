import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Salesloft REST API v2 (OAuth application, authorization code). */
export const salesloftEntry: ProviderEntry = {
  id: "salesloft",
  name: "Salesloft",
  category: "sequencer",
  kind: "oauth2",
  authorizationUrl: "https://accounts.salesloft.com/oauth/authorize",
  tokenUrl: "https://accounts.salesloft.com/oauth/token",
  scopeSeparator: " ",
  scopeParameter: "not_used",
  defaultScopes: [],
  minimumScopes: [],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "On each refresh all older refresh tokens are revoked, so only the newest one works; no lifetime is documented.",
  },
  typicalAccessTokenLifetimeSeconds: 7200,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` comes back on the callback and in the token response; the scopes themselves are ticked on the OAuth application in Salesloft.",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://api.salesloft.com/v2/me",
    method: "GET",
    idField: "data.id",
    labelField: "data.email",
  },
  supportsClientCredentials: true,
  api: {
    baseUrl: "https://api.salesloft.com",
    doc: "https://github.com/SalesLoft/api-example",
    note: "Host from Salesloft's own example client (cli/simple_api.rb, api.salesloft.com). Current paths start with /v2 (/v2/me, as in accountIdentity); Salesloft's developer pages in the corpus did not show the host, and third-party connector docs (DataGrail) give https://api.salesloft.com/v2.",
  },
  docs: {
    oauth: "https://developers.salesloft.com/docs/platform/api-basics/oauth-authentication/",
    references: [
      "https://developers.salesloft.com/docs/platform/api-basics/client-creds/",
      "https://raw.githubusercontent.com/api-evangelist/salesloft/refs/heads/main/authentication/salesloft-authentication.yml",
    ],
  },
  notes: [
    "Scopes (and privileged scopes) are chosen on the OAuth application under Your Applications; the authorize URL carries none, so minimumScopes is empty: tick what the workflows need there.",
    "The callback carries `context` and `scope` besides `code`; Salesloft's example passes both on to the token request.",
    "Client credentials exist only for private, admin-enabled apps, act as the admin who created the app, issue no refresh token and last 7200 s.",
    "Partner apps must use OAuth; apps submitted with API keys are not approved.",
    "accounts.salesloft.com also serves an OpenID Connect discovery document (oidc/authorize, oidc/token) for sign-in; it is a separate surface from the REST API's OAuth.",
  ],
};
