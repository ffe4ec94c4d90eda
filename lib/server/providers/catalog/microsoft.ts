import "server-only";
import type { ProviderEntry } from "../provider-entry-schema";

/** Microsoft Entra ID (Microsoft identity platform v2.0) for Microsoft Graph. */
export const microsoftEntraEntry: ProviderEntry = {
  id: "microsoft-entra",
  name: "Microsoft Entra ID / Graph",
  category: "identity",
  kind: "oidc",
  urlTemplateVariables: [
    {
      name: "tenant",
      description:
        "common (work, school and personal accounts), organizations (work or school only), consumers (personal only), or one tenant's id or domain. A single-tenant app must use its tenant.",
      source: "chosen by the admin when registering the app",
      default: "common",
      pattern: "[A-Za-z0-9][A-Za-z0-9.-]{0,62}",
    },
  ],
  authorizationUrl: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
  tokenUrl: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
  userinfoUrl: "https://graph.microsoft.com/oidc/userinfo",
  issuer: "https://login.microsoftonline.com/{tenant}/v2.0",
  scopeSeparator: " ",
  scopeParameter: "required",
  defaultScopes: ["openid", "profile", "email", "offline_access", "User.Read"],
  minimumScopes: ["openid", "offline_access", "User.Read"],
  extraAuthorizationParams: {},
  offlineScope: "offline_access",
  tokenEndpointAuthMethod: "client_secret_post",
  pkce: "supported",
  refreshTokenRotates: true,
  refreshTokenPolicy: {
    issued: "with_offline_access",
    idleExpiryDays: 90,
    absoluteMaxDays: "none",
    specialCases: [
      {
        condition: "The redirect URI is registered as a single-page application (spa)",
        lifetimeDays: 1,
        note: "24 h, carried over to every refresh token obtained from the first; the app must rerun the authorization flow daily.",
      },
    ],
    note: "Default lifetime 90 days and each use returns a fresh refresh token; the old one is not revoked. The lifetime cannot be configured; Conditional Access sign-in frequency, password changes and admin revocation end it earlier.",
  },
  typicalAccessTokenLifetimeSeconds: 3600,
  grantedScopesSource: {
    source: "token_response",
    note: "`scope` lists the granted permissions for the one resource the token is for (Graph scopes appear without the https://graph.microsoft.com/ prefix).",
  },
  accountIdentity: {
    source: "id_token",
    idField: "oid",
    labelField: "preferred_username",
    note: "oid is the user within tid (the tenant). For personal accounts tid is 9188040d-6c67-4c5b-b112-36a304b66dad.",
  },
  supportsClientCredentials: true,
  api: {
    baseUrl: "https://graph.microsoft.com",
    doc: "https://learn.microsoft.com/graph/sdks/national-clouds",
    note: "Global service root; the version is the first path segment (/v1.0/me or /beta/me). National clouds use other roots (e.g. https://graph.microsoft.us for US Government L4), which this entry does not model.",
  },
  docs: {
    oauth: "https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow",
    scopes: "https://learn.microsoft.com/entra/identity-platform/v2-protocols",
    refresh: "https://learn.microsoft.com/entra/identity-platform/refresh-tokens",
    references: [
      "https://learn.microsoft.com/en-my/entra/identity-platform/configurable-token-lifetimes",
      "https://oneuptime.com/blog/post/2026-02-16-how-to-set-up-microsoft-entra-id-token-lifetime-policies-for-access-and-refresh-tokens/view",
    ],
  },
  notes: [
    "Endpoint choice: common/organizations/consumers serve multi-tenant apps; a tenant id or domain pins one directory. With common or organizations the id_token iss is https://login.microsoftonline.com/<tid>/v2.0, so check iss against the token's tid, not against the templated issuer.",
    "No RFC 7009 revocation endpoint. Removing the app's consent, or Graph POST /users/{id}/revokeSignInSessions (admin), ends the grant.",
    "Access tokens default to 60–90 minutes (randomized; the figure above is the floor); a token lifetime policy (Entra ID P1) can set 10 minutes to 1 day. Trust expires_in.",
    "A token is for one resource: scopes from two APIs (Graph and another) need two token requests with the same refresh token.",
    "Client credentials use scope=https://graph.microsoft.com/.default and application permissions granted by an admin; private_key_jwt (certificate credentials) is supported and preferred over secrets.",
  ],
};
