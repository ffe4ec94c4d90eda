import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

type LoginHost = "login.salesforce.com" | "test.salesforce.com";

/**
 * Production and sandbox are two entries rather than one with a variant: an admin picks
 * "Salesforce (sandbox)" from a list, the issuer differs, and tokens from one never work on the other.
 */
function salesforceEntry(id: string, name: string, host: LoginHost): ProviderEntry {
  const base = `https://${host}/services/oauth2`;
  return {
    id,
    name,
    category: "crm",
    kind: "oidc",
    authorizationUrl: `${base}/authorize`,
    tokenUrl: `${base}/token`,
    revocation: {
      url: `${base}/revoke`,
      style: "rfc7009",
      method: "POST",
      tokenPlacement: "form",
      revokes: ["access_token", "refresh_token"],
      note: "Revoking a refresh token also revokes the access tokens issued from it.",
    },
    tokenInspection: {
      kind: "introspection",
      url: `${base}/introspect`,
      method: "POST",
      tokenPlacement: "form",
      clientAuthentication: true,
      reportsScopes: true,
    },
    userinfoUrl: `${base}/userinfo`,
    issuer: `https://${host}`,
    scopeSeparator: " ",
    scopeParameter: "optional",
    defaultScopes: ["api", "refresh_token", "openid"],
    minimumScopes: ["api", "refresh_token"],
    extraAuthorizationParams: {},
    offlineScope: "refresh_token",
    tokenEndpointAuthMethod: "client_secret_post",
    pkce: "supported",
    refreshTokenRotates: "sometimes",
    refreshTokenRotationNote:
      "Refresh Token Rotation is a per-app setting (connected app or external client app). When on, every refresh returns a new refresh token and replaying a used one revokes it and all its access tokens. Salesforce made RTR, PKCE and a 30-day idle TTL mandatory from 2026-05-11 for apps authorized in more than two production orgs (per scalefirst.dev; Salesforce's own announcement was not in the corpus).",
    refreshTokenPolicy: {
      issued: "with_offline_access",
      idleExpiryDays: "configurable",
      absoluteMaxDays: "configurable",
      specialCases: [
        {
          condition: "The app developer turned on the idle refresh token TTL limit",
          lifetimeDays: 30,
          note: "Sliding 30-day window; each use resets it. 'Valid until revoked' policies become 'expire if not used for 30 days'.",
        },
        {
          condition: "Admin set the policy 'Immediately expire refresh token'",
          lifetimeDays: 0,
          note: "No usable refresh token: the connection needs re-consent whenever the session ends.",
        },
      ],
      note: "The installing org's admin picks the Refresh Token Policy: valid until revoked (the default), expire after N, or expire if unused for N.",
    },
    typicalAccessTokenLifetimeSeconds: 7200,
    grantedScopesSource: {
      source: "token_response",
      note: "`scope` in the token response lists what was granted (space-delimited).",
    },
    accountIdentity: {
      source: "token_response",
      idField: "id",
      note: "`id` is the identity URL https://<login host>/id/<org id>/<user id>; GET it with the access token for username and email. With openid the id_token carries the same user.",
    },
    supportsClientCredentials: true,
    api: {
      baseUrlFromTokenResponse: "instance_url",
      doc: "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest_resources.htm",
      note: "No fixed API host: REST URIs are https://MyDomainName.my.salesforce.com/services/data/vXX.X/resource/, and the org's host comes from instance_url in the token response. Without it no base is resolved: API calls never go to the login host (see notes). The proxied path carries /services/data/vXX.X.",
    },
    docs: {
      oauth: "https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_endpoints.htm&language=en_US&type=5",
      refresh: "https://help.salesforce.com/s/articleView?id=xcloud.connected_app_limit_idle_ttl.htm&language=en_US&type=5",
      references: [
        "https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_pkce.htm&language=en_US&type=5",
        "https://help.salesforce.com/s/articleView?id=005316711&language=en_US&type=1",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.connected_app_manage_session_policies.htm",
        "https://developer.salesforce.com/docs/atlas.en-us.packagingGuide.meta/packagingGuide/secure_code_ac_eca.htm",
        "https://scalefirst.dev/?p=4616",
      ],
    },
    notes: [
      "API calls go to `instance_url` from the token response, never to the login host.",
      "The token response has no expires_in. The access token is a session that ends after the session timeout of idleness (connected-app timeout, else org session settings; 2 h is the org default per third-party docs), so the lifetime above is a guess; probe with introspection.",
      "Orgs with My Domain can log in at https://<MyDomain>.my.salesforce.com; sandboxes at <MyDomain>--<sandbox>.sandbox.my.salesforce.com.",
      "New connected apps cannot be created since Spring '26; Salesforce points to External Client Apps, which use the same endpoints.",
      "The client credentials flow exists for server-to-server integrations (since Winter '23); it runs as the app's configured run-as user.",
    ],
  };
}

/** Salesforce production orgs (login.salesforce.com). */
export const salesforceEntryProduction = salesforceEntry("salesforce", "Salesforce", "login.salesforce.com");

/** Salesforce sandboxes (test.salesforce.com). */
export const salesforceEntrySandbox = salesforceEntry("salesforce-sandbox", "Salesforce (sandbox)", "test.salesforce.com");
