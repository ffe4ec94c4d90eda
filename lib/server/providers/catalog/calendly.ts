import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Calendly API v2 (OAuth app). */
export const calendlyEntry: ProviderEntry = {
  id: "calendly",
  name: "Calendly",
  category: "scheduling",
  kind: "oauth2",
  authorizationUrl: "https://auth.calendly.com/oauth/authorize",
  tokenUrl: "https://auth.calendly.com/oauth/token",
  revocation: {
    url: "https://auth.calendly.com/oauth/revoke",
    style: "rfc7009",
    method: "POST",
    tokenPlacement: "form",
    revokes: ["access_token", "refresh_token"],
    note: "Form body: client_id, client_secret, token.",
  },
  tokenInspection: {
    kind: "introspection",
    url: "https://auth.calendly.com/oauth/introspect",
    method: "POST",
    tokenPlacement: "form",
    clientAuthentication: true,
    reportsScopes: true,
    note: "Form body: client_id, client_secret, token; answers `active` and the token's metadata.",
  },
  scopeSeparator: " ",
  scopeParameter: "optional",
  defaultScopes: [],
  minimumScopes: [],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "supported",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: "none",
    absoluteMaxDays: "none",
    specialCases: [],
    note: "Refresh tokens don't expire until used. They are single-use: a successful refresh revokes the one presented and returns a new one.",
  },
  typicalAccessTokenLifetimeSeconds: 7200,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response.",
  },
  accountIdentity: {
    source: "token_response",
    idField: "owner",
    labelField: "organization",
    note: "owner and organization are API URIs (https://api.calendly.com/users/…); GET https://api.calendly.com/users/me for name and email.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.calendly.com",
    doc: "https://developer.calendly.com/how-to-find-the-organization-or-user-uri",
    note: "v2 paths have no version prefix (/users/me); resource ids are full URIs on this host.",
  },
  docs: {
    oauth: "https://developer.calendly.com/how-to-access-calendly-data-on-behalf-of-authenticated-users",
    refresh: "https://developer.calendly.com/refresh-token-rotation-guide",
    references: ["https://calendly-preview.mintlify.app/api-reference/auth/oauth/get-access-token"],
  },
  notes: [
    "Authorization codes expire after 10 minutes.",
    "The new API reference lists code_verifier as a required token-request field, so PKCE may become mandatory; Authpulse always sends it.",
    "Revoke and introspect endpoints are named in Calendly's API reference pages (seen via client code and a docs mirror), not in the OAuth guide.",
    "Calendly API v1 and its API keys were shut down on 2025-08-27.",
  ],
};
