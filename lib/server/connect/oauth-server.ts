import "server-only";
import * as oauth from "oauth4webapi";
import type { ConnectProvider } from "./connect-provider";
import { isLoopbackUrl } from "./connect-provider";
import type { OAuthClientCredentials } from "./oauth-apps";

/** oauth4webapi's view of a provider. Without a declared issuer, the authorization URL's origin stands in. */
export function authorizationServerFor(provider: ConnectProvider): oauth.AuthorizationServer {
  return {
    issuer: provider.issuer ?? new URL(provider.authorizationUrl).origin,
    authorization_endpoint: provider.authorizationUrl,
    token_endpoint: provider.tokenUrl,
    ...(provider.userinfoUrl ? { userinfo_endpoint: provider.userinfoUrl } : {}),
  };
}

export function clientAuthFor(client: OAuthClientCredentials): oauth.ClientAuth {
  if (client.authMethod === "none" || !client.clientSecret) return oauth.None();
  return client.authMethod === "client_secret_post" ? oauth.ClientSecretPost(client.clientSecret) : oauth.ClientSecretBasic(client.clientSecret);
}

/** Request options: plain http only for loopback (demo provider, tests), and a timeout. */
export function requestOptionsFor(url: string): { [oauth.allowInsecureRequests]?: boolean; signal: AbortSignal } {
  return { ...(isLoopbackUrl(url) ? { [oauth.allowInsecureRequests]: true } : {}), signal: AbortSignal.timeout(15_000) };
}
