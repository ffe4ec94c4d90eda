import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Zoom (user-managed OAuth app). */
export const zoomEntry: ProviderEntry = {
  id: "zoom",
  name: "Zoom",
  category: "meetings",
  kind: "oauth2",
  authorizationUrl: "https://zoom.us/oauth/authorize",
  tokenUrl: "https://zoom.us/oauth/token",
  revocation: {
    url: "https://zoom.us/oauth/revoke",
    style: "rfc7009",
    method: "POST",
    tokenPlacement: "form",
    revokes: ["access_token", "refresh_token"],
    note: "HTTP Basic client auth, form field `token`; answers {\"status\":\"success\"}.",
  },
  scopeSeparator: " ",
  scopeParameter: "not_used",
  defaultScopes: [],
  minimumScopes: [],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_basic",
  pkce: "supported",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: 5475,
    specialCases: [],
    note: "Zoom's developer support says refresh tokens expire after 15 years, but only the latest one works: using an older one fails with 'Invalid Token!'.",
  },
  typicalAccessTokenLifetimeSeconds: 3600,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response.",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://api.zoom.us/v2/users/me",
    method: "GET",
    idField: "id",
    labelField: "email",
    note: "Needs a user read scope on the app (granular scope names vary by app type).",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.zoom.us/v2",
    doc: "https://developers.zoom.us/docs/api/",
  },
  docs: {
    oauth: "https://devsupport.zoom.us/hc/en-us/articles/360060332931-Extending-the-expiration-for-an-OAuth-access-token",
    references: [
      "https://developers.qodex.ai/zoom-public/get-started-fast-with-zoom-apis/f/api-authorization-authentication-legacy-applications-oauth-app-oauth-2-0-with-pkce",
      "https://documentation.sailpoint.com/connectors/saas/zoom/help/saas_connectivity/zoom/grant_type_refresh_token.html",
    ],
  },
  notes: [
    "Scopes are set on the app in the Zoom App Marketplace; the authorize URL need not carry any.",
    "The one-hour access-token lifetime cannot be extended.",
    "Server-to-Server OAuth apps use grant_type=account_credentials with an account_id, not client_credentials.",
    "Zoom's main OAuth guide (developers.zoom.us) was not in the corpus; endpoints, Basic auth, revocation and PKCE were checked against Zoom developer support and Zoom's public Postman collection (qodex mirror).",
  ],
};
