import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Attio (OAuth app built at build.attio.com). */
export const attioEntry: ProviderEntry = {
  id: "attio",
  name: "Attio",
  category: "crm",
  kind: "oauth2",
  authorizationUrl: "https://app.attio.com/authorize",
  tokenUrl: "https://app.attio.com/oauth/token",
  tokenInspection: {
    kind: "token_info",
    url: "https://api.attio.com/v2/self",
    method: "GET",
    tokenPlacement: "authorization_header",
    clientAuthentication: false,
    reportsScopes: true,
    note: "RFC 7662-shaped answer (active, scope, client_id, exp, iat, sub) plus workspace_id, workspace_name and authorized_by_workspace_member_id.",
  },
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
    note: "The token response has only access_token and token_type: no refresh token, no expires_in.",
  },
  typicalAccessTokenLifetimeSeconds: "non_expiring",
  grantedScopesSource: {
    source: "token_info",
    note: "/v2/self returns `scope` (space-delimited). Scopes are configured on the app, not requested.",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://api.attio.com/v2/self",
    method: "GET",
    idField: "workspace_id",
    labelField: "workspace_name",
    note: "Tokens are workspace-level; authorized_by_workspace_member_id names who installed, when known.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.attio.com",
    doc: "https://docs.attio.com/rest-api/endpoint-reference/people/create-a-person-record",
    note: "Paths carry the version (/v2/objects/people/records, /v2/self).",
  },
  docs: {
    oauth: "https://docs.attio.com/docs/oauth/authorize",
    references: ["https://docs.attio.com/docs/oauth/token", "https://docs.attio.com/docs/oauth/introspect"],
  },
  notes: [
    "Tokens do not expire on a schedule (introspection's exp is set only for tokens that do); watch `active` from /v2/self instead.",
    "The authorize endpoint takes only client_id, response_type=code, redirect_uri and state.",
    "No revocation endpoint was found in the pages read; uninstalling the app in Attio ends the token.",
  ],
};
