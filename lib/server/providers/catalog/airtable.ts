import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Airtable (OAuth integration). */
export const airtableEntry: ProviderEntry = {
  id: "airtable",
  name: "Airtable",
  category: "database",
  kind: "oauth2",
  authorizationUrl: "https://airtable.com/oauth2/v1/authorize",
  tokenUrl: "https://airtable.com/oauth2/v1/token",
  tokenInspection: {
    kind: "token_info",
    url: "https://api.airtable.com/v0/meta/whoami",
    method: "GET",
    tokenPlacement: "authorization_header",
    clientAuthentication: false,
    reportsScopes: true,
    note: "Returns id, scopes and (with user.email:read) email. From Airtable's Web API reference, not re-read here.",
  },
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["user.email:read", "schema.bases:read", "data.records:read"],
  minimumScopes: ["user.email:read"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_basic",
  pkce: "required",
  refreshTokenRotates: "undocumented",
  refreshTokenRotationNote:
    "The refresh section of the OAuth reference was not in the corpus. The token response carries refresh_token and refresh_expires_in on every refresh; store the new pair each time.",
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "Read refresh_expires_in from each token response (seconds); the figure was not verified in Airtable's docs.",
  },
  typicalAccessTokenLifetimeSeconds: "undocumented",
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response (space-delimited).",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://api.airtable.com/v0/meta/whoami",
    method: "GET",
    idField: "id",
    labelField: "email",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.airtable.com",
    doc: "https://airtable.com/developers/web/api/get-user-id-scopes",
    note: "Paths carry the version (/v0/meta/whoami, /v0/{baseId}/{table}).",
  },
  docs: {
    oauth: "https://airtable.com/developers/web/api/oauth-reference",
    references: ["https://cdn.cdata.com/help/JAM/rssis/pg_SampleBasesp-refreshoauthaccesstoken.htm"],
  },
  notes: [
    "PKCE S256 is part of every authorization request (code_challenge, code_challenge_method=S256).",
    "All requested scopes must be enabled on the integration; at least one scope is required.",
    "Redirect URIs must be https except localhost.",
    "Confidential clients authenticate to the token endpoint with HTTP Basic (per the reference's token request headers section; only its heading was in the corpus).",
    "Lifetimes: use expires_in and refresh_expires_in from each response.",
  ],
};
