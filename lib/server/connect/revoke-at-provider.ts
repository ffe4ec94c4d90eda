import "server-only";
import * as oauth from "oauth4webapi";
import type { ConnectProvider } from "./connect-provider";
import { isLoopbackUrl } from "./connect-provider";
import type { OAuthClientCredentials } from "./oauth-apps";
import { authorizationServerFor, clientAuthFor, requestOptionsFor } from "./oauth-server";

export type TokenKind = "access_token" | "refresh_token";

/** How a provider revokes, from its catalog entry: RFC 7009 or a vendor endpoint described as data. */
export type RevocationSpec = {
  url: string;
  style: "rfc7009" | "vendor";
  method: "POST" | "DELETE" | "GET";
  tokenPlacement: "form" | "query" | "path" | "authorization_header";
  parameterName?: string;
  revokes: TokenKind[];
};

async function revokeVendor(spec: RevocationSpec, token: string, fetchImpl: typeof fetch): Promise<void> {
  const name = spec.parameterName ?? "token";
  const url = new URL(spec.url.replace("{token}", encodeURIComponent(token)));
  if (url.protocol !== "https:" && !isLoopbackUrl(url.toString())) throw new Error("revocation URL must be https");
  const headers: Record<string, string> = { accept: "application/json" };
  let body: URLSearchParams | undefined;
  if (spec.tokenPlacement === "query") url.searchParams.set(name, token);
  if (spec.tokenPlacement === "authorization_header") headers.authorization = `Bearer ${token}`;
  if (spec.tokenPlacement === "form") body = new URLSearchParams({ [name]: token });
  const response = await fetchImpl(url, { method: spec.method, headers, body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`revocation answered HTTP ${response.status}`);
  // Slack-style APIs answer 200 with { ok: false } on failure.
  const text = await response.text();
  if (text.trim().startsWith("{")) {
    const parsed = JSON.parse(text) as { ok?: unknown };
    if (parsed.ok === false) throw new Error("revocation answered ok: false");
  }
}

/**
 * Revokes the given tokens at the provider, in the order that ends the whole grant first
 * (refresh token, then access token), for the token kinds the provider says it can revoke.
 * Returns the kinds revoked; throws on the first failure.
 */
export async function revokeAtProvider(input: {
  provider: ConnectProvider;
  client: OAuthClientCredentials;
  tokens: Partial<Record<TokenKind, string>>;
  fetch?: typeof fetch;
}): Promise<TokenKind[]> {
  const spec = input.provider.revocation;
  if (!spec) return [];
  const revoked: TokenKind[] = [];
  for (const kind of ["refresh_token", "access_token"] as const) {
    const token = input.tokens[kind];
    if (!token || !spec.revokes.includes(kind)) continue;
    if (spec.style === "rfc7009") {
      const as = { ...authorizationServerFor(input.provider), revocation_endpoint: spec.url };
      const response = await oauth.revocationRequest(as, { client_id: input.client.clientId }, clientAuthFor(input.client), token, { ...requestOptionsFor(spec.url), additionalParameters: { token_type_hint: kind } });
      await oauth.processRevocationResponse(response);
    } else {
      await revokeVendor(spec, token, input.fetch ?? fetch);
    }
    revoked.push(kind);
  }
  return revoked;
}
