import "server-only";
import { z } from "zod";
import { introspectToken } from "../oauth/introspect-token";
import { isLoopbackUrl } from "./connect-provider";
import type { OAuthClientCredentials } from "./oauth-apps";

/** How a provider reports a token's scopes when the token response does not (catalog data). */
export type TokenInspectionSpec = {
  kind: "introspection" | "token_info";
  url: string;
  method: "GET" | "POST";
  tokenPlacement: "form" | "query" | "path" | "authorization_header";
  parameterName?: string;
  clientAuthentication: boolean;
  reportsScopes: boolean;
};

const tokenInfoSchema = z.object({ scope: z.string().optional(), scopes: z.array(z.string()).optional() }).passthrough();

async function tokenInfoScopes(spec: TokenInspectionSpec, accessToken: string, fetchImpl: typeof fetch): Promise<string[] | null> {
  const url = new URL(spec.url.replace("{token}", encodeURIComponent(accessToken)));
  if (url.protocol !== "https:" && !isLoopbackUrl(url.toString())) return null;
  const headers: Record<string, string> = { accept: "application/json" };
  let body: URLSearchParams | undefined;
  if (spec.tokenPlacement === "query") url.searchParams.set(spec.parameterName ?? "token", accessToken);
  if (spec.tokenPlacement === "authorization_header") headers.authorization = `Bearer ${accessToken}`;
  if (spec.tokenPlacement === "form") body = new URLSearchParams({ [spec.parameterName ?? "token"]: accessToken });
  const response = await fetchImpl(url, { method: spec.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(10_000) });
  if (!response.ok) return null;
  const parsed = tokenInfoSchema.safeParse(await response.json());
  if (!parsed.success) return null;
  return parsed.data.scopes ?? (parsed.data.scope !== undefined ? parsed.data.scope.split(/[\s,]+/).filter(Boolean) : null);
}

/**
 * Asks the provider which scopes a token really carries (RFC 7662 introspection or a vendor
 * token-info endpoint), for providers whose token response omits `scope`. Null when unknown.
 */
export async function inspectGrantedScopes(input: { spec: TokenInspectionSpec | undefined; client: OAuthClientCredentials; accessToken: string; scopeSeparator: string; fetch?: typeof fetch }): Promise<string[] | null> {
  const spec = input.spec;
  if (!spec?.reportsScopes) return null;
  try {
    if (spec.kind === "introspection" && spec.tokenPlacement === "form" && spec.method === "POST") {
      const result = await introspectToken({
        introspectionEndpoint: spec.url,
        token: input.accessToken,
        tokenTypeHint: "access_token",
        clientId: input.client.clientId,
        authMethod: spec.clientAuthentication ? (input.client.authMethod === "none" ? "none" : input.client.authMethod) : "none",
        clientSecret: spec.clientAuthentication ? (input.client.clientSecret ?? undefined) : undefined,
        scopeSeparator: input.scopeSeparator,
        fetch: input.fetch,
      });
      return result.active ? result.scope : null;
    }
    return await tokenInfoScopes(spec, input.accessToken, input.fetch ?? fetch);
  } catch {
    return null;
  }
}
