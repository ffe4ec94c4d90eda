import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Google Workspace (Google Identity OAuth 2.0 for web server applications). */
export const googleWorkspaceEntry: ProviderEntry = {
  id: "google-workspace",
  name: "Google Workspace",
  category: "identity",
  kind: "oidc",
  authorizationUrl: "https://accounts.google.com/o/oauth2/v2/auth",
  tokenUrl: "https://oauth2.googleapis.com/token",
  revocation: {
    url: "https://oauth2.googleapis.com/revoke",
    style: "rfc7009",
    method: "POST",
    tokenPlacement: "form",
    revokes: ["access_token", "refresh_token"],
    note: "Revoking either token revokes the whole grant (the refresh token too). Google does not require client authentication here.",
  },
  tokenInspection: {
    kind: "token_info",
    url: "https://oauth2.googleapis.com/tokeninfo",
    method: "GET",
    tokenPlacement: "query",
    parameterName: "access_token",
    clientAuthentication: false,
    reportsScopes: true,
    note: "Returns scope, expires_in, aud and, with the email scope, the email. Debugging aid; Google rate-limits it.",
  },
  userinfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
  issuer: "https://accounts.google.com",
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["openid", "email", "profile"],
  minimumScopes: ["openid", "email"],
  extraAuthorizationParams: { access_type: "offline", prompt: "consent", include_granted_scopes: "true" },
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "supported",
  refreshTokenRotates: false,
  refreshTokenPolicy: {
    issued: "with_offline_access",
    idleExpiryDays: 180,
    absoluteMaxDays: "none",
    specialCases: [
      {
        condition: "OAuth consent screen with user type External and publishing status Testing",
        lifetimeDays: 7,
        note: "Every refresh token dies 7 days after issue, whatever the requested duration. Google's OAuth page exempts grants whose scopes are only a subset of name, email and profile. Publish the app (In production) and re-consent to get long-lived tokens; old tokens keep their 7-day expiry.",
      },
      {
        condition: "The user changes their password and the grant includes Gmail scopes",
        lifetimeDays: 0,
        note: "The refresh token is revoked at once.",
      },
    ],
    note: "Refresh tokens do not expire by time in production, but die when unused for six months, when the user revokes access, or when the per-account count limit for the client is exceeded (the oldest is invalidated silently).",
  },
  typicalAccessTokenLifetimeSeconds: 3600,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` in the token response is what the user granted; with granular consent the user may untick scopes, so compare against the request.",
  },
  accountIdentity: {
    source: "id_token",
    idField: "sub",
    labelField: "email",
    note: "`hd` names the Workspace domain for Workspace accounts.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://www.googleapis.com",
    doc: "https://developers.google.com/calendar/api/v3/reference",
    note: "Calendar v3 URIs are relative to https://www.googleapis.com/calendar/v3, so the path carries the API and version (/calendar/v3/users/me/calendarList). Google has no single API host: some APIs name their own service endpoint (Gmail's REST reference: https://gmail.googleapis.com), which this base cannot reach.",
  },
  docs: {
    oauth: "https://developers.google.com/identity/protocols/oauth2/web-server",
    scopes: "https://developers.google.com/identity/protocols/oauth2",
    refresh: "https://developers.google.com/identity/protocols/oauth2#expiration",
    references: [
      "https://developers.google.com/data-portability/user-guide/configure-oauth",
      "https://developers.google.com/identity/openid-connect/openid-connect",
      "https://stackoverflow.com/questions/8953983/do-google-refresh-tokens-expire",
    ],
  },
  notes: [
    "A refresh token comes back only on the first consent unless prompt=consent is sent; without access_type=offline there is none at all.",
    "include_granted_scopes=true makes reconnects incremental: the new token covers old and new scopes.",
    "Server-to-server access uses service accounts (RFC 7523 JWT bearer), not the client credentials grant.",
    "The per-account refresh-token limit has changed over time (25, then 50, now 100 per copies of Google's page); treat it as a limit, not a lifetime.",
  ],
};
