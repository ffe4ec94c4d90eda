import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

const accountsServers = [
  "accounts.zoho.com",
  "accounts.zoho.eu",
  "accounts.zoho.in",
  "accounts.zoho.com.au",
  "accounts.zoho.jp",
  "accounts.zoho.com.cn",
  "accounts.zohocloud.ca",
  "accounts.zoho.sa",
  "accounts.zoho.uk",
];

const apiDomains = [
  "www.zohoapis.com",
  "www.zohoapis.eu",
  "www.zohoapis.in",
  "www.zohoapis.com.au",
  "www.zohoapis.jp",
  "www.zohoapis.com.cn",
  "www.zohoapis.ca",
  "www.zohoapis.sa",
  "www.zohoapis.uk",
];

/** Zoho CRM (server-based client, multi-DC). */
export const zohoCrmEntry: ProviderEntry = {
  id: "zoho-crm",
  name: "Zoho CRM",
  category: "crm",
  kind: "oauth2",
  urlTemplateVariables: [
    {
      name: "accounts_server",
      description: "The Zoho Accounts host of the user's data center.",
      source: "the `accounts-server` parameter of the authorization callback (strip https://)",
      default: "accounts.zoho.com",
      allowedValues: accountsServers,
    },
    {
      name: "api_domain",
      description: "The Zoho API host of the user's data center.",
      source: "`api_domain` in the token response (strip https://)",
      default: "www.zohoapis.com",
      allowedValues: apiDomains,
    },
  ],
  authorizationUrl: "https://accounts.zoho.com/oauth/v2/auth",
  tokenUrl: "https://{accounts_server}/oauth/v2/token",
  revocation: {
    url: "https://{accounts_server}/oauth/v2/token/revoke",
    style: "vendor",
    method: "POST",
    tokenPlacement: "query",
    revokes: ["refresh_token"],
    note: "POST with ?token=<refresh token>; answers {\"status\":\"success\"}, or HTTP 400 for an invalid token. Documented on Zoho's shared OAuth pages (Thrive, Commerce), which use the same accounts server.",
  },
  scopeSeparator: ",",
  scopeParameter: "required",
  defaultScopes: ["ZohoCRM.modules.READ", "ZohoCRM.users.READ", "ZohoCRM.org.READ"],
  minimumScopes: ["ZohoCRM.users.READ"],
  extraAuthorizationParams: { access_type: "offline", prompt: "consent" },
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "undocumented",
  refreshTokenRotates: false,
  refreshTokenPolicy: {
    issued: "with_offline_access",
    idleExpiryDays: "none",
    absoluteMaxDays: "none",
    specialCases: [],
    note: "Refresh tokens do not expire until the user revokes them, but an account holds at most 20: creating the 21st deletes the oldest without warning (so reconnecting 20 times elsewhere kills this connection).",
  },
  typicalAccessTokenLifetimeSeconds: 3600,
  grantedScopesSource: {
    source: "not_reported",
    note: "The token response (access_token, refresh_token, api_domain, token_type, expires_in) carries no scope; assume the requested scopes and confirm with a call.",
  },
  accountIdentity: {
    source: "api_endpoint",
    endpoint: "https://{api_domain}/crm/v8/users?type=CurrentUser",
    method: "GET",
    idField: "users.0.id",
    labelField: "users.0.email",
    note: "Needs ZohoCRM.users.READ. Send the token as `Authorization: Zoho-oauthtoken <token>`.",
  },
  supportsClientCredentials: false,
  api: {
    baseUrl: "https://{api_domain}",
    baseUrlFromTokenResponse: "api_domain",
    doc: "https://www.zoho.com/crm/developer/docs/api/multi-dc.html",
    note: "The API host follows the user's data center (https://www.zohoapis.eu/crm/v3/Leads for EU); the token response names it as api_domain (https://www.zohoapis.com in Zoho's token-response examples, e.g. https://www.zoho.com/assist/api/refresh-access-token.html). Paths carry the product and version (/crm/v8/users). Send the token as `Authorization: Zoho-oauthtoken <token>`.",
  },
  docs: {
    oauth: "https://www.zoho.com/crm/developer/docs/api/multi-dc.html",
    scopes: "https://www.zoho.com/accounts/protocol/oauth-terminology.html",
    refresh: "https://zohohelp.com/crm/developer/docs/api/v8/token-validity.html",
    references: [
      "https://www.zoho.com/thrive/resources/api/oauth-step5.html",
      "https://help.zoho.com/portal/en/community/topic/kaizen-6-environments-and-domains-in-zoho-crm-part2-2",
      "https://zappysys.com/api/integration-hub/zoho-crm-connector/help/authentication/OAuth",
    ],
  },
  notes: [
    "Authorize at accounts.zoho.com for US, EU, AU and IN users (Zoho redirects to the right DC); China uses accounts.zoho.com.cn. The callback's `location` and `accounts-server` say where the user lives: exchange and refresh the code there.",
    "Multi-DC must be enabled on the client in the API console; the client id is shared across DCs but the secret may differ per DC.",
    "Scopes are comma-separated (Service.scope_name.OPERATION, e.g. ZohoCRM.modules.READ).",
    "A refresh token mints at most 10 access tokens per 10 minutes and keeps at most 15 active (the 16th invalidates the oldest); grant codes live 3 minutes (v8 token-validity page).",
    "CA, SA and UK hosts come from a third-party connector's DC list (zappysys); Zoho's multi-DC page lists US, AU, EU, IN, CN and JP.",
  ],
};
