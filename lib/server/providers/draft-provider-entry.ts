import "server-only";
import type { ProviderCategory, ProviderEntry, TokenEndpointAuthMethod } from "./provider-entry-schema";

/** What a custom entry (discovered or typed in) knows; everything else is marked undocumented. */
export interface DraftProviderFields {
  id: string;
  name: string;
  category: ProviderCategory;
  kind: "oauth2" | "oidc";
  allowsLoopbackHttp: boolean;
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  introspectionUrl?: string;
  userinfoUrl?: string;
  issuer?: string;
  scopeSeparator: ProviderEntry["scopeSeparator"];
  scopeParameter: ProviderEntry["scopeParameter"];
  defaultScopes: string[];
  minimumScopes: string[];
  extraAuthorizationParams: Record<string, string>;
  offlineScope?: string;
  refreshTokensIssued: ProviderEntry["refreshTokenPolicy"]["issued"];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  pkce: ProviderEntry["pkce"];
  supportsClientCredentials?: boolean;
  docsUrl: string;
  notes: string[];
}

/** Turns a provider's id, name or host into a catalog id: kebab-case, at most 64 characters. */
export function slugifyProviderId(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
  return slug === "" ? "custom-provider" : slug;
}

function accountIdentity(fields: DraftProviderFields): ProviderEntry["accountIdentity"] {
  if (fields.kind === "oidc") return { source: "id_token", idField: "sub", labelField: "email" };
  if (fields.userinfoUrl !== undefined) return { source: "userinfo", idField: "sub", labelField: "email" };
  if (fields.introspectionUrl !== undefined) {
    return { source: "introspection", idField: "sub", labelField: "username", note: "RFC 7662 sub and username are optional; the server may omit them." };
  }
  return { source: "unknown", note: "No id_token, userinfo or introspection endpoint: name the account by hand." };
}

/** A ProviderEntry (not yet validated) for a custom provider, with unknown lifetimes marked undocumented. */
export function draftProviderEntry(fields: DraftProviderFields): ProviderEntry {
  const entry: ProviderEntry = {
    id: fields.id,
    name: fields.name,
    category: fields.category,
    kind: fields.kind,
    authorizationUrl: fields.authorizationUrl,
    tokenUrl: fields.tokenUrl,
    scopeSeparator: fields.scopeSeparator,
    scopeParameter: fields.scopeParameter,
    defaultScopes: fields.defaultScopes,
    minimumScopes: fields.minimumScopes,
    extraAuthorizationParams: fields.extraAuthorizationParams,
    tokenEndpointAuthMethod: fields.tokenEndpointAuthMethod,
    pkce: fields.pkce,
    refreshTokenRotates: fields.refreshTokensIssued === "never" ? false : "undocumented",
    refreshTokenPolicy: {
      issued: fields.refreshTokensIssued,
      idleExpiryDays: "undocumented",
      absoluteMaxDays: "undocumented",
      specialCases: [],
    },
    typicalAccessTokenLifetimeSeconds: "undocumented",
    grantedScopesSource: {
      source: "token_response",
      note: "RFC 6749 §5.1: `scope` is returned when it differs from the request; when absent, the requested scopes were granted.",
    },
    accountIdentity: accountIdentity(fields),
    docs: { oauth: fields.docsUrl },
    notes: [...fields.notes, "Custom entry: refresh-token rotation and lifetimes are not part of OAuth metadata; fill them in from the vendor's docs."],
  };
  if (fields.refreshTokensIssued !== "never") {
    entry.refreshTokenRotationNote = "Unknown for a custom provider: Authpulse stores a new refresh token when one is returned and keeps the old one otherwise (RFC 6749 §6).";
  }
  if (fields.allowsLoopbackHttp) entry.allowsLoopbackHttp = true;
  if (fields.revocationUrl !== undefined) {
    entry.revocation = { url: fields.revocationUrl, style: "rfc7009", method: "POST", tokenPlacement: "form", revokes: ["access_token", "refresh_token"] };
  }
  if (fields.introspectionUrl !== undefined) {
    entry.tokenInspection = {
      kind: "introspection",
      url: fields.introspectionUrl,
      method: "POST",
      tokenPlacement: "form",
      clientAuthentication: true,
      reportsScopes: true,
    };
  }
  if (fields.userinfoUrl !== undefined) entry.userinfoUrl = fields.userinfoUrl;
  if (fields.issuer !== undefined) entry.issuer = fields.issuer;
  if (fields.offlineScope !== undefined) entry.offlineScope = fields.offlineScope;
  if (fields.supportsClientCredentials !== undefined) entry.supportsClientCredentials = fields.supportsClientCredentials;
  return entry;
}
