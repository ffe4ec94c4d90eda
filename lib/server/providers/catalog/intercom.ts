import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Intercom (public app OAuth). */
export const intercomEntry: ProviderEntry = {
  id: "intercom",
  name: "Intercom",
  category: "messaging",
  kind: "oauth2",
  authorizationUrl: "https://app.intercom.com/oauth",
  tokenUrl: "https://api.intercom.io/auth/eagle/token",
  scopeSeparator: " ",
  scopeParameter: "not_used",
  defaultScopes: [],
  minimumScopes: [],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: false,
  refreshTokenPolicy: {
    issued: "never",
    idleExpiryDays: "none",
    absoluteMaxDays: "none",
    specialCases: [],
    note: "No refresh tokens: the access token stays valid until the workspace uninstalls the app or revokes it; then only a new authorization helps.",
  },
  typicalAccessTokenLifetimeSeconds: "non_expiring",
  grantedScopesSource: {
    source: "not_reported",
    note: "The token response is only {token, access_token, token_type}; permissions are those set on the app in the Developer Hub.",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://api.intercom.io/me",
    method: "GET",
    idField: "id",
    labelField: "email",
    note: "Returns the authorizing admin and their app (workspace). Endpoint from Intercom's API reference ('Identify an admin'), not re-read here.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.intercom.io",
    doc: "https://developers.intercom.com/docs/build-an-integration/learn-more/rest-apis/",
    note: "Intercom routes api.intercom.io to the workspace's region; EU and Australian workspaces can be addressed directly at https://api.eu.intercom.io and https://api.au.intercom.io (not modelled here). Paths have no version prefix (/me, /contacts).",
  },
  docs: {
    oauth: "https://intercom-developer-hub.readme.io/reference/using-oauth",
    refresh: "https://intercom-developer-hub.readme.io/docs/authorization-faq",
    references: [
      "https://community.intercom.com/apps-integrations-25/clarification-needed-on-intercom-oauth-access-token-and-refresh-token-for-multitenant-apps-11092",
    ],
  },
  notes: [
    "The authorization code expires after about 5 minutes.",
    "Permissions are chosen on the app (Configure > Authentication) and are not passed in the authorize URL.",
    "Workspaces hosted in the EU or Australia call api.eu.intercom.io / api.au.intercom.io; whether the token exchange also moves there was not verified.",
    "Older docs use app.intercom.io/oauth for the authorize URL; the .com host is current.",
  ],
};
