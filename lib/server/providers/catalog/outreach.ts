import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Outreach REST API v2 (OAuth app). */
export const outreachEntry: ProviderEntry = {
  id: "outreach",
  name: "Outreach",
  category: "sequencer",
  kind: "oauth2",
  authorizationUrl: "https://api.outreach.io/oauth/authorize",
  tokenUrl: "https://api.outreach.io/oauth/token",
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["users.read", "prospects.read", "sequences.read"],
  minimumScopes: ["users.read"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: "undocumented",
  refreshTokenRotationNote:
    "The getting-started and API-access pages read do not say whether a refresh returns a new refresh token; the token response does carry refresh_token. Store whatever comes back and keep the old one otherwise.",
  refreshTokenPolicy: {
    issued: "always",
    idleExpiryDays: 14,
    absoluteMaxDays: "undocumented",
    specialCases: [
      {
        condition: "The app still uses development credentials and the user is not among the first 10 users of the owning org",
        lifetimeDays: 7,
        note: "Such users must re-authorize weekly; production credentials (after Outreach's review) lift the limit.",
      },
    ],
    note: "14 days comes from the 'token availability' section of developers.outreach.io/api/getting-started as summarized by the api-evangelist Outreach profile (the section text itself was not in the corpus). Whether use extends it is not stated; treat it as 14 days from the last refresh.",
  },
  typicalAccessTokenLifetimeSeconds: 7200,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response (space-delimited).",
  },
  accountIdentity: {
    source: "unknown",
    note: "The pages read name no who-am-I endpoint. Client libraries call GET https://api.outreach.io/api/v2/users filtered to the current user or GET /me (omniauth-outreach); neither was verified in Outreach's docs.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://api.outreach.io/api/v2",
    doc: "https://developers.outreach.io/api/making-requests/",
    note: "JSON:API: requests need Content-Type application/vnd.api+json (415 otherwise). Paths are resource types, e.g. /prospects.",
  },
  docs: {
    oauth: "https://developers.outreach.io/api/oauth",
    refresh: "https://developers.outreach.io/api/getting-started",
    references: ["https://raw.githubusercontent.com/api-evangelist/outreach/refs/heads/main/authentication/outreach-authentication.yml"],
  },
  notes: [
    "The docs say `scope` is space-separated; their example URL shows `+`, which is only the form-encoding of a space.",
    "Since 2021-01-01 every token is short-lived; tokens older than 1.5 years were deleted.",
    "Token responses carry `created_at` (epoch seconds) besides expires_in.",
    "Minting is throttled to one access token per user and app per 60 seconds (429 beyond), and at most 100 refresh tokens are active per user and app (per the api-evangelist summary; unverified on Outreach's site).",
    "Client secrets are shown once when generated; regenerate to rotate.",
    "A separate S2S (server-to-server) token exchange signed with an uploaded RSA key exists for app-level access; it is not OAuth client credentials.",
  ],
};
