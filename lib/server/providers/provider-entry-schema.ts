import "server-only";
import { z } from "zod";
import { checkProviderEntryRules } from "./provider-entry-rules";
import { urlTemplateVariableSchema } from "./provider-url-template";

/** What a provider is for; drives grouping on the Connect screen. */
export const providerCategories = [
  "crm",
  "sequencer",
  "enrichment",
  "identity",
  "messaging",
  "calls",
  "meetings",
  "scheduling",
  "database",
  "billing",
  "other",
] as const;
export type ProviderCategory = (typeof providerCategories)[number];

/** How a vendor joins scopes in the `scope` parameter (RFC 6749 says space; Slack and Zoho use commas). */
export const scopeSeparators = [" ", ",", "+"] as const;

/** Client authentication at the token endpoint (RFC 8414 names). */
export const tokenEndpointAuthMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];

/** kebab-case, starts with a letter or digit, at most 64 characters. */
export const providerIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Days, or a word for "no limit", "the vendor does not say" and "each customer sets it". */
const lifetimeDaysSchema = z.union([
  z.number().positive(),
  z.literal("none"),
  z.literal("undocumented"),
  z.literal("configurable"),
]);

const scopeSchema = z.string().regex(/^[^\s,+]+$/, "a scope is one token: no whitespace, comma or plus");

/** URLs are strings here; provider-entry-rules checks them once template variables are filled. */
const urlTemplateSchema = z.string().min(1).max(2048);

const tokenPlacements = ["form", "query", "path", "authorization_header"] as const;

const revocationSchema = z.strictObject({
  url: urlTemplateSchema,
  /** "rfc7009": POST token (+ token_type_hint) as a form with the token endpoint's client auth. */
  style: z.enum(["rfc7009", "vendor"]),
  method: z.enum(["POST", "DELETE", "GET"]),
  tokenPlacement: z.enum(tokenPlacements),
  /** Name of the form or query parameter carrying the token; "token" when absent. */
  parameterName: z.string().min(1).optional(),
  revokes: z.array(z.enum(["access_token", "refresh_token"])).min(1),
  note: z.string().min(1).optional(),
});

const tokenInspectionSchema = z.strictObject({
  /** "introspection" is RFC 7662; "token_info" is a vendor endpoint (Google tokeninfo, Attio /v2/self). */
  kind: z.enum(["introspection", "token_info"]),
  url: urlTemplateSchema,
  method: z.enum(["GET", "POST"]),
  tokenPlacement: z.enum(tokenPlacements),
  parameterName: z.string().min(1).optional(),
  /** Whether the call carries the OAuth client's credentials. */
  clientAuthentication: z.boolean(),
  reportsScopes: z.boolean(),
  note: z.string().min(1).optional(),
});

const refreshTokenPolicySchema = z.strictObject({
  /** "with_offline_access": only when offlineScope or access_type=offline is requested; "opt_in": an app setting. */
  issued: z.enum(["always", "with_offline_access", "opt_in", "never", "undocumented"]),
  /** Sliding window: the token dies after this long unused. */
  idleExpiryDays: lifetimeDaysSchema,
  /** Hard cap from the original consent, however often the token is used. */
  absoluteMaxDays: lifetimeDaysSchema,
  specialCases: z.array(
    z.strictObject({
      condition: z.string().min(1),
      lifetimeDays: z.number().nonnegative(),
      note: z.string().min(1),
    }),
  ),
  note: z.string().min(1).optional(),
});

const grantedScopesSourceSchema = z.strictObject({
  source: z.enum(["token_response", "introspection", "token_info", "userinfo", "not_reported"]),
  note: z.string().min(1),
});

const accountIdentitySchema = z.strictObject({
  source: z.enum(["id_token", "userinfo", "introspection", "token_response", "api_endpoint", "unknown"]),
  /** For "api_endpoint": the URL to call with the access token as a bearer token. */
  endpoint: urlTemplateSchema.optional(),
  method: z.enum(["GET", "POST"]).optional(),
  /** Dotted path to the stable account id in the source (claim, JSON field). */
  idField: z.string().min(1).optional(),
  /** Dotted path to a human label (email, workspace name). */
  labelField: z.string().min(1).optional(),
  note: z.string().min(1).optional(),
});

const docsSchema = z.strictObject({
  oauth: urlTemplateSchema,
  scopes: urlTemplateSchema.optional(),
  refresh: urlTemplateSchema.optional(),
  /** Further pages the entry's values were checked against (vendor help articles, changelogs). */
  references: z.array(urlTemplateSchema).optional(),
});

/**
 * Where the provider's REST API lives, for the API proxy (`ANY /api/v1/proxy/{connectionId}/{path}`):
 * the proxied path is appended to this base. resolveApiBaseUrl (api-base-url.ts) picks the URL.
 */
const apiSchema = z.strictObject({
  /**
   * Base URL every proxied path is appended to, e.g. "https://api.hubapi.com". URL template variables
   * allowed (like other URLs in the entry). Absent only when the vendor has no fixed API host and the
   * token response names it (Salesforce, Gong): then a connection without that field has no API base.
   */
  baseUrl: urlTemplateSchema.optional(),
  /**
   * When the token response names the per-account API host (Salesforce instance_url, Zoho api_domain,
   * Pipedrive api_domain, Gong api_base_url_for_customer...), the field to read; it overrides baseUrl.
   * Must be one of tokenGrantRawFields (lib/server/oauth/token-grant.ts) or it is never stored.
   */
  baseUrlFromTokenResponse: z.string().min(1).optional(),
  /** Doc URL the base URL comes from. */
  doc: urlTemplateSchema,
  note: z.string().min(1).optional(),
});

const providerEntryObjectSchema = z.strictObject({
  id: z.string().max(64).regex(providerIdPattern, "ids are kebab-case: lowercase letters, digits and single hyphens"),
  name: z.string().min(1).max(80),
  category: z.enum(providerCategories),
  kind: z.enum(["oauth2", "oidc"]),
  /** The local demo provider; may use http on loopback. */
  demo: z.literal(true).optional(),
  /** Development and test only: endpoints may be http on a loopback host (SECURITY.md). Never set on shipped entries. */
  allowsLoopbackHttp: z.literal(true).optional(),
  urlTemplateVariables: z.array(urlTemplateVariableSchema).optional(),
  authorizationUrl: urlTemplateSchema,
  tokenUrl: urlTemplateSchema,
  revocation: revocationSchema.optional(),
  tokenInspection: tokenInspectionSchema.optional(),
  userinfoUrl: urlTemplateSchema.optional(),
  /** Expected `iss` (RFC 9207 authorization responses, OIDC id_tokens). */
  issuer: urlTemplateSchema.optional(),
  scopeSeparator: z.enum(scopeSeparators),
  /**
   * "not_used": scopes are ticked in the vendor's app console and the authorization request carries
   * none. Then defaultScopes is empty and minimumScopes lists what the console must grant.
   */
  scopeParameter: z.enum(["required", "optional", "not_used"]),
  defaultScopes: z.array(scopeSchema),
  minimumScopes: z.array(scopeSchema),
  extraAuthorizationParams: z.record(z.string().min(1), z.string()),
  /** The scope that asks for a refresh token (offline_access, refresh_token). */
  offlineScope: scopeSchema.optional(),
  tokenEndpointAuthMethod: z.enum(tokenEndpointAuthMethods),
  /** "undocumented": the vendor does not say; Authpulse sends S256 anyway (RFC 6749 §3.1: unknown parameters are ignored). */
  pkce: z.enum(["required", "supported", "unsupported", "undocumented"]),
  refreshTokenRotates: z.union([z.boolean(), z.literal("sometimes"), z.literal("undocumented")]),
  /** Required when refreshTokenRotates is "sometimes" or "undocumented". */
  refreshTokenRotationNote: z.string().min(1).optional(),
  refreshTokenPolicy: refreshTokenPolicySchema,
  typicalAccessTokenLifetimeSeconds: z.union([
    z.number().int().positive(),
    z.literal("non_expiring"),
    z.literal("undocumented"),
  ]),
  grantedScopesSource: grantedScopesSourceSchema,
  accountIdentity: accountIdentitySchema,
  supportsClientCredentials: z.boolean().optional(),
  /** The provider's REST API, for the API proxy. */
  api: apiSchema.optional(),
  docs: docsSchema,
  /** Quirks worth knowing at 2 a.m.: odd response shapes, regional hosts, limits. */
  notes: z.array(z.string().min(1)),
});

/**
 * One provider of the catalog, as data. Cross-field rules (see provider-entry-rules.ts):
 * every URL is https (http only on loopback for demo or allowsLoopbackHttp entries), template
 * variables are declared, minimumScopes ⊆ defaultScopes unless scopeParameter is "not_used",
 * OIDC entries ask for `openid`, and `api` names a baseUrl (no query) or a token-response field.
 */
export const providerEntrySchema = providerEntryObjectSchema.superRefine(checkProviderEntryRules);

export type ProviderEntry = z.infer<typeof providerEntryObjectSchema>;
