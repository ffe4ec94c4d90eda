import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** HubSpot (public app, OAuth v3 endpoints). */
export const hubspotEntry: ProviderEntry = {
  id: "hubspot",
  name: "HubSpot",
  category: "crm",
  kind: "oauth2",
  authorizationUrl: "https://app.hubspot.com/oauth/authorize",
  tokenUrl: "https://api.hubapi.com/oauth/v3/token",
  revocation: {
    url: "https://api.hubapi.com/oauth/v1/refresh-tokens/{token}",
    style: "vendor",
    method: "DELETE",
    tokenPlacement: "path",
    revokes: ["refresh_token"],
    note: "v1 endpoint (DELETE /oauth/v1/refresh-tokens/:token). Deletes only the refresh token: access tokens already minted stay valid until they expire, and the app stays installed. A v3 equivalent was not found in the docs read.",
  },
  tokenInspection: {
    kind: "introspection",
    url: "https://api.hubapi.com/oauth/v3/token/introspect",
    method: "POST",
    tokenPlacement: "form",
    clientAuthentication: true,
    reportsScopes: true,
    note: "Form body: client_id, client_secret, token, token_type_hint. Works for access and refresh tokens.",
  },
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["oauth", "crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.deals.read"],
  minimumScopes: ["oauth"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "supported",
  refreshTokenRotates: "undocumented",
  refreshTokenRotationNote:
    "The OAuth v3 guide does not say whether a refresh returns a new refresh token. Keep the stored one unless the response carries a new one (RFC 6749 §6).",
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "undocumented",
    absoluteMaxDays: "undocumented",
    specialCases: [],
    note: "No refresh-token lifetime is stated in the v1 or v3 token guides; uninstalling the app or deleting the refresh token ends it.",
  },
  typicalAccessTokenLifetimeSeconds: 1800,
  grantedScopesSource: {
    source: "introspection",
    note: "The v3 introspection endpoint returns the token's metadata; the legacy v1 access-token metadata endpoint lists `scopes`. Scopes ticked as required in the app settings must all be in the request or the install page errors.",
  },
  accountIdentity: {
    source: "introspection",
    idField: "hub_id",
    labelField: "user",
    note: "hub_id is the HubSpot account (portal) the app was installed into; user/user_id is the installing user. One token per portal.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.hubapi.com",
    doc: "https://developers.hubspot.com/docs/api-reference/2026-03/crm/objects/contacts/create-contact",
    note: "One host for every API; the version is part of the path (/crm/v3/objects/contacts, or date-versioned /crm/objects/2026-03/contacts). The legacy OAuth access-token page shows the same host (https://developers.hubspot.com/docs/methods/OAuth2/using-access-tokens).",
  },
  docs: {
    oauth: "https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide",
    scopes: "https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth",
    refresh: "https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/public-token/post-oauth-v3-token-introspect",
    references: [
      "https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/refresh-oauth-token.md",
      "https://developers.hubspot.com/docs/methods/oauth2/delete-refresh-token",
    ],
  },
  notes: [
    "v1 OAuth endpoints (/oauth/v1/token, /oauth/v1/access-tokens/:token) are deprecated on 2027-02-16; v3 takes every parameter in the form body, never the query string.",
    "Access tokens are 30 minutes per the v3 guide; always trust expires_in.",
    "Access tokens vary in size; HubSpot advises allowing up to 300 characters.",
    "`scope` lists required scopes; `optional_scope` asks for extras that are dropped silently when the account's tier lacks them.",
    "Redirect URIs must be https (http only for localhost) and must use a domain, not an IP address.",
    "The install URL can pin an account: https://app.hubspot.com/oauth/{hub_id}/authorize.",
  ],
};
