import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Slack (OAuth v2, granular bot scopes). */
export const slackEntry: ProviderEntry = {
  id: "slack",
  name: "Slack",
  category: "messaging",
  kind: "oauth2",
  authorizationUrl: "https://slack.com/oauth/v2/authorize",
  tokenUrl: "https://slack.com/api/oauth.v2.access",
  revocation: {
    url: "https://slack.com/api/auth.revoke",
    style: "vendor",
    method: "POST",
    tokenPlacement: "authorization_header",
    revokes: ["access_token"],
    note: "The token revokes itself (Bearer header); check `ok` and `revoked` in the JSON body.",
  },
  tokenInspection: {
    kind: "token_info",
    url: "https://slack.com/api/auth.test",
    method: "POST",
    tokenPlacement: "authorization_header",
    clientAuthentication: false,
    reportsScopes: true,
    note: "Returns team, user and bot ids; the granted scopes come in the x-oauth-scopes response header of any Web API call.",
  },
  scopeSeparator: ",",
  scopeParameter: "required",
  defaultScopes: ["team:read", "users:read"],
  minimumScopes: ["team:read"],
  extraAuthorizationParams: {},
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: "sometimes",
  refreshTokenRotationNote:
    "Only when the app has token rotation turned on (an app setting, irreversible): access tokens then expire every 12 hours and each refresh returns a new refresh token, the old one being revoked. Without rotation there is no refresh token and the access token never expires.",
  refreshTokenPolicy: {
    issued: "opt_in",
    idleExpiryDays: "none",
    absoluteMaxDays: "none",
    specialCases: [],
    note: "Refresh tokens exist only with token rotation on; no expiry is documented for them.",
  },
  typicalAccessTokenLifetimeSeconds: "non_expiring",
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` (bot, comma-separated) and `authed_user.scope` (user token) in the oauth.v2.access response.",
  },
  accountIdentity: {
    source: "token_response",
    idField: "authed_user.id",
    labelField: "team.name",
    note: "The v2 response nests the installing user under authed_user and the workspace under team (and enterprise for Grid).",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://slack.com/api",
    doc: "https://api.slack.com/web",
    note: "RPC-style: the path is the method name (/conversations.list, /chat.postMessage). Failures are HTTP 200 with ok=false.",
  },
  docs: {
    oauth: "https://api.slack.com/authentication/oauth-v2",
    scopes: "https://docs.slack.dev/authentication/installing-with-oauth",
    refresh: "https://api.slack.com/authentication/rotation",
    references: ["https://docs.slack.dev/reference/methods/tooling.tokens.rotate"],
  },
  notes: [
    "Errors come back as HTTP 200 with {\"ok\": false, \"error\": \"...\"}; always check `ok`, never just the status.",
    "v2 token shape: the top-level access_token is the bot token (token_type \"bot\", xoxb-); a user token (xoxp-) sits in authed_user.access_token when user_scope was requested.",
    "Bot scopes go in `scope`, user scopes in `user_scope`, both comma-separated.",
    "With token rotation on, tokens start with xoxe. and expires_in is 43200 (12 h); rotation cannot be turned off once enabled.",
    "App configuration tokens (App Manifest API) are a different thing: they also expire after 12 h and rotate via tooling.tokens.rotate.",
  ],
};
