import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import type { ConnectProvider } from "./connect-provider";
import { authorizationServerFor, requestOptionsFor } from "./oauth-server";

export type AccountIdentity = { subject: string | null; email: string | null; name: string | null };

const claimsSchema = z.object({ sub: z.string().optional(), email: z.string().optional(), name: z.string().optional(), preferred_username: z.string().optional() }).passthrough();

/** Who authorized the connection: ID token claims, completed by the userinfo endpoint when the provider has one. */
export async function fetchAccountIdentity(input: { provider: ConnectProvider; accessToken: string; idClaims?: Record<string, unknown> }): Promise<AccountIdentity> {
  const fromToken = claimsSchema.safeParse(input.idClaims ?? {}).data ?? {};
  let claims = fromToken;
  if (input.provider.userinfoUrl && (!fromToken.email || !fromToken.name)) {
    try {
      const as = authorizationServerFor(input.provider);
      const response = await oauth.userInfoRequest(as, { client_id: "authpulse" }, input.accessToken, requestOptionsFor(input.provider.userinfoUrl));
      const info = claimsSchema.parse(await oauth.processUserInfoResponse(as, { client_id: "authpulse" }, fromToken.sub ?? oauth.skipSubjectCheck, response));
      claims = { ...info, ...fromToken, email: fromToken.email ?? info.email, name: fromToken.name ?? info.name };
    } catch {
      // identity is informative; a failing userinfo call must not lose the tokens
    }
  }
  return { subject: claims.sub ?? null, email: claims.email ?? null, name: claims.name ?? claims.preferred_username ?? null };
}
