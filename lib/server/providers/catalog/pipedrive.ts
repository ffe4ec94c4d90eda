import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Pipedrive (Marketplace app OAuth). */
export const pipedriveEntry: ProviderEntry = {
  id: "pipedrive",
  name: "Pipedrive",
  category: "crm",
  kind: "oauth2",
  urlTemplateVariables: [
    {
      name: "api_domain",
      description: "The company's API host, e.g. acme.pipedrive.com.",
      source: "`api_domain` in the token response (strip https://)",
      default: "api.pipedrive.com",
      pattern: "[a-z0-9][a-z0-9-]*\\.pipedrive\\.com",
    },
  ],
  authorizationUrl: "https://oauth.pipedrive.com/oauth/authorize",
  tokenUrl: "https://oauth.pipedrive.com/oauth/token",
  scopeSeparator: ",",
  scopeParameter: "not_used",
  defaultScopes: [],
  minimumScopes: ["base"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_basic",
  pkce: "undocumented",
  refreshTokenRotates: "undocumented",
  refreshTokenRotationNote:
    "The OAuth reference says to use the refresh_token to get a new access_token but not whether a new refresh token is returned; store it when it is.",
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "No refresh-token lifetime in the pages read.",
  },
  typicalAccessTokenLifetimeSeconds: "undocumented",
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response; its delimiter is not shown in the pages read (comma assumed).",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://{api_domain}/api/v1/users/me",
    method: "GET",
    idField: "data.id",
    labelField: "data.email",
    note: "Also returns company_id and company_domain. Endpoint from Pipedrive's API v1 reference (Users), not re-read here.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://{api_domain}",
    baseUrlFromTokenResponse: "api_domain",
    doc: "https://developers.pipedrive.com/changelog/post/new-parameter-in-oauth-oauthtoken-responses",
    note: "Pipedrive asks for API calls to https://companydomain.pipedrive.com; since 2020-06-01 every /oauth/token response (code and refresh) carries it as api_domain (e.g. https://mycompanydomain.pipedrive.com), and the company domain can change, so the latest token response wins. Paths carry the version (/api/v1/users/me).",
  },
  docs: {
    oauth: "https://pipedrive.readme.io/docs/marketplace-oauth-authorization",
    refresh: "https://developers.pipedrive.com/docs/api/v1/Oauth",
  },
  notes: [
    "The token endpoint takes client credentials only as HTTP Basic (`Authorization: Basic base64(client_id:client_secret)`).",
    "Scopes are set on the app in Marketplace Manager; the authorize URL carries none. `base` is the baseline scope per Pipedrive's scopes page (not re-read here).",
    "API calls go to `api_domain` from the token response (the company's own host).",
    "`state` is not available for installs started from the Marketplace unless Pipedrive enables it for the app (marketplace.devs@pipedrive.com).",
    "Access-token lifetime: read expires_in; the docs read give no figure.",
  ],
};
