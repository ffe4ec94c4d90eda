import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { isLoopbackHost } from "@/lib/server/demo-provider/loopback-host";
import { draftProviderEntry, slugifyProviderId, type DraftProviderFields } from "./draft-provider-entry";
import { ProviderDiscoveryError } from "./provider-discovery-error";
import { providerEntrySchema, type ProviderCategory, type ProviderEntry, type TokenEndpointAuthMethod } from "./provider-entry-schema";

export interface DiscoverProviderOptions {
  /** An issuer (https://login.example.com) or a discovery URL (…/.well-known/openid-configuration, /.well-known/oauth-authorization-server…). */
  url: string;
  /** Accept http:// on loopback hosts (development and tests only, SECURITY.md). Default false. */
  allowHttpLoopback?: boolean;
  /** Catalog id of the draft; derived from the host when absent. */
  id?: string;
  /** Display name of the draft; the host when absent. */
  name?: string;
  category?: ProviderCategory;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

type Algorithm = "oidc" | "oauth2";

interface Attempt {
  issuer: URL;
  algorithm: Algorithm;
}

const openidSuffix = "/.well-known/openid-configuration";
const oauthPrefix = "/.well-known/oauth-authorization-server";

const metadataSchema = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: z.string().optional(),
  token_endpoint: z.string().optional(),
  revocation_endpoint: z.string().optional(),
  introspection_endpoint: z.string().optional(),
  userinfo_endpoint: z.string().optional(),
  scopes_supported: z.array(z.string()).optional(),
  grant_types_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
});
type Metadata = z.infer<typeof metadataSchema>;

function parseInputUrl(raw: string, allowHttpLoopback: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ProviderDiscoveryError("invalid_url", "Enter an absolute URL, such as https://login.example.com.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProviderDiscoveryError("invalid_url", "The discovery URL must be https.");
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new ProviderDiscoveryError("invalid_url", "The discovery URL must not carry credentials, a query or a fragment.");
  }
  if (url.protocol === "http:" && !(allowHttpLoopback && isLoopbackHost(url.hostname))) {
    throw new ProviderDiscoveryError(
      "insecure_url",
      allowHttpLoopback
        ? "Only loopback hosts (127.0.0.1, ::1, localhost) may use http; use https."
        : "The discovery URL must use https.",
    );
  }
  return url;
}

/** Which well-known documents to try: the one named by a full discovery URL, else OpenID then RFC 8414. */
function attemptsFor(url: URL): Attempt[] {
  const path = url.pathname;
  if (path.endsWith(openidSuffix)) {
    return [{ issuer: new URL(`${url.origin}${path.slice(0, -openidSuffix.length)}`), algorithm: "oidc" }];
  }
  if (path === oauthPrefix || path.startsWith(`${oauthPrefix}/`)) {
    return [{ issuer: new URL(`${url.origin}${path.slice(oauthPrefix.length)}`), algorithm: "oauth2" }];
  }
  return [
    { issuer: url, algorithm: "oidc" },
    { issuer: url, algorithm: "oauth2" },
  ];
}

async function requestDiscovery(attempt: Attempt, timeoutMs: number): Promise<Response> {
  try {
    return await oauth.discoveryRequest(attempt.issuer, {
      algorithm: attempt.algorithm,
      signal: AbortSignal.timeout(timeoutMs),
      [oauth.allowInsecureRequests]: attempt.issuer.protocol === "http:",
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      throw new ProviderDiscoveryError("timeout", `${attempt.issuer.host} did not answer within ${timeoutMs / 1000} s.`, { cause: error });
    }
    throw new ProviderDiscoveryError("unreachable", `Could not connect to ${attempt.issuer.host}.`, { cause: error });
  }
}

const comparisonCauseSchema = z.object({ body: z.object({ issuer: z.unknown() }) });

function metadataError(error: unknown, attempt: Attempt, documentUrl: string): ProviderDiscoveryError {
  if (!(error instanceof oauth.OperationProcessingError)) {
    return new ProviderDiscoveryError("invalid_metadata", `${documentUrl} is not usable metadata.`, { cause: error });
  }
  switch (error.code) {
    case oauth.RESPONSE_IS_NOT_JSON:
    case oauth.PARSE_ERROR:
      return new ProviderDiscoveryError("not_json", `${documentUrl} did not return JSON (an HTML page or a login wall?).`, { cause: error });
    case oauth.JSON_ATTRIBUTE_COMPARISON: {
      const parsed = comparisonCauseSchema.safeParse(error.cause);
      const received = parsed.success ? String(parsed.data.body.issuer) : "another issuer";
      return new ProviderDiscoveryError(
        "issuer_mismatch",
        `${documentUrl} names its issuer ${received}, not ${attempt.issuer.href}. Discover from that issuer's own URL.`,
        { cause: error, details: { expected: attempt.issuer.href, received } },
      );
    }
    default:
      return new ProviderDiscoveryError("invalid_metadata", `${documentUrl} is not valid authorization server metadata: ${error.message}`, { cause: error });
  }
}

/** Fetches and checks one well-known document; undefined when it does not exist (404 / 410). */
async function fetchMetadata(attempt: Attempt, timeoutMs: number): Promise<{ metadata: Metadata; documentUrl: string } | undefined> {
  const response = await requestDiscovery(attempt, timeoutMs);
  const documentUrl = response.url || attempt.issuer.href;
  if (response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    const where = response.headers.get("location");
    const redirect = where && response.status >= 300 && response.status < 400 ? ` (a redirect to ${where}; use that URL)` : "";
    throw new ProviderDiscoveryError("unexpected_status", `${documentUrl} answered HTTP ${response.status}${redirect}.`);
  }
  let body: oauth.AuthorizationServer;
  try {
    body = await oauth.processDiscoveryResponse(attempt.issuer, response);
  } catch (error) {
    throw metadataError(error, attempt, documentUrl);
  }
  const parsed = metadataSchema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderDiscoveryError("invalid_metadata", `${documentUrl} has malformed fields: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}.`);
  }
  return { metadata: parsed.data, documentUrl };
}

const authMethodPreference: readonly TokenEndpointAuthMethod[] = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

function draftFields(metadata: Metadata, attempt: Attempt, documentUrl: string, options: DiscoverProviderOptions): DraftProviderFields {
  const { authorization_endpoint: authorizationUrl, token_endpoint: tokenUrl } = metadata;
  if (authorizationUrl === undefined || tokenUrl === undefined) {
    const missing = authorizationUrl === undefined ? "authorization_endpoint" : "token_endpoint";
    throw new ProviderDiscoveryError("invalid_metadata", `${documentUrl} has no ${missing}, which Connect needs.`);
  }
  const supported = new Set(metadata.scopes_supported ?? []);
  const kind = attempt.algorithm === "oidc" || supported.has("openid") ? "oidc" : "oauth2";
  const grants = metadata.grant_types_supported;
  const refreshGrant = grants === undefined || grants.includes("refresh_token");
  const offlineScope = refreshGrant && supported.has("offline_access") ? "offline_access" : undefined;
  const extras = kind === "oidc" ? ["email", "profile"].filter((scope) => supported.has(scope)) : [];
  const defaultScopes = [...(kind === "oidc" ? ["openid"] : []), ...extras, ...(offlineScope ? [offlineScope] : [])];
  const advertised = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  const authMethod = authMethodPreference.find((method) => advertised.includes(method));
  const challenge = metadata.code_challenge_methods_supported;
  const host = attempt.issuer.hostname;
  const notes = [`Drafted from ${documentUrl}.`];
  if (authMethod === undefined) notes.push(`The server advertises only ${advertised.join(", ")} at its token endpoint; Authpulse supports none of these.`);
  if (metadata.authorization_response_iss_parameter_supported === true) notes.push("Sends iss in authorization responses (RFC 9207).");
  return {
    id: slugifyProviderId(options.id ?? `${host}${attempt.issuer.pathname}`),
    name: options.name ?? host,
    category: options.category ?? "other",
    kind,
    allowsLoopbackHttp: attempt.issuer.protocol === "http:",
    authorizationUrl,
    tokenUrl,
    revocationUrl: metadata.revocation_endpoint,
    introspectionUrl: metadata.introspection_endpoint,
    userinfoUrl: metadata.userinfo_endpoint,
    issuer: metadata.issuer,
    scopeSeparator: " ",
    scopeParameter: kind === "oidc" ? "required" : "optional",
    defaultScopes,
    minimumScopes: kind === "oidc" ? ["openid"] : [],
    // OIDC Core §11: offline_access is ignored unless prompt=consent.
    extraAuthorizationParams: kind === "oidc" && offlineScope ? { prompt: "consent" } : {},
    offlineScope,
    refreshTokensIssued: !refreshGrant ? "never" : offlineScope ? "with_offline_access" : "undocumented",
    tokenEndpointAuthMethod: authMethod ?? "client_secret_basic",
    pkce: challenge === undefined ? "undocumented" : challenge.includes("S256") ? "supported" : "unsupported",
    supportsClientCredentials: grants?.includes("client_credentials"),
    docsUrl: documentUrl,
    notes,
  };
}

/**
 * Drafts a catalog entry from OpenID Connect Discovery or RFC 8414 metadata. `url` may be the issuer
 * (OpenID discovery is tried first, then RFC 8414) or a full well-known URL. Throws
 * ProviderDiscoveryError with a reason: invalid_url, insecure_url, unreachable, timeout, not_found,
 * unexpected_status, not_json, invalid_metadata or issuer_mismatch.
 */
export async function discoverProvider(options: DiscoverProviderOptions): Promise<ProviderEntry> {
  const url = parseInputUrl(options.url, options.allowHttpLoopback ?? false);
  const timeoutMs = options.timeoutMs ?? 10_000;
  for (const attempt of attemptsFor(url)) {
    const found = await fetchMetadata(attempt, timeoutMs);
    if (!found) continue;
    const draft = draftProviderEntry(draftFields(found.metadata, attempt, found.documentUrl, options));
    const parsed = providerEntrySchema.safeParse(draft);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => issue.message).join("; ");
      throw new ProviderDiscoveryError("invalid_metadata", `${found.documentUrl} describes endpoints Authpulse cannot use: ${problems}.`);
    }
    return parsed.data;
  }
  throw new ProviderDiscoveryError(
    "not_found",
    `No discovery document at ${url.href}: neither ${openidSuffix} nor ${oauthPrefix} exists there.`,
  );
}
