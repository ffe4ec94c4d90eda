import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { MINUTE } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { invalidInput } from "../errors";
import { generateToken, hashToken } from "../tokens";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { seal } from "../vault/seal";
import type { ConnectProvider } from "./connect-provider";

export const AUTHORIZATION_TTL_MINUTES = 10;

export const startAuthorizationInput = z.object({
  label: z.string().trim().min(1, "Name this connection (e.g. “HubSpot – marketing pipeline”).").max(120),
  scopes: z.array(z.string().regex(/^[^\s,]{1,200}$/, "A scope is one word, without spaces or commas.")).max(100),
});

/**
 * Starts authorization code + PKCE (S256): stores a single-use state bound to this session
 * (10 minutes) with the sealed code verifier, and returns the provider's consent URL.
 */
export async function startAuthorization(
  ctx: ServiceContext & { keyring: Keyring },
  input: { workspaceId: string; userId: string; sessionId: string; provider: ConnectProvider; appId: string; clientId: string; redirectUri: string; label: string; scopes: string[]; connectionId?: string },
): Promise<{ authorizationUrl: string }> {
  const parsed = startAuthorizationInput.safeParse({ label: input.label, scopes: input.scopes });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  if (parsed.data.scopes.length === 0 && input.provider.defaultScopes.length > 0) throw invalidInput([{ path: ["scopes"], message: "Choose at least one scope." }]);
  const now = ctx.clock.now();
  const state = generateToken();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const nonce = input.provider.kind === "oidc" ? oauth.generateRandomNonce() : null;
  await ctx.db.$transaction(async (tx) => {
    const row = await tx.oAuthAuthorization.create({
      data: {
        stateHash: hashToken(state),
        workspaceId: input.workspaceId,
        userId: input.userId,
        sessionId: input.sessionId,
        oauthAppId: input.appId,
        providerKey: input.provider.key,
        connectionId: input.connectionId ?? null,
        codeVerifierSealed: "pending",
        nonce,
        redirectUri: input.redirectUri,
        requestedScopes: parsed.data.scopes,
        label: parsed.data.label,
        expiresAt: new Date(now.getTime() + AUTHORIZATION_TTL_MINUTES * MINUTE),
        createdAt: now,
      },
    });
    await tx.oAuthAuthorization.update({ where: { id: row.id }, data: { codeVerifierSealed: seal(ctx.keyring, codeVerifier, aadFor("oauth_authorization", row.id, "code_verifier")) } });
  });
  const url = new URL(input.provider.authorizationUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  if (parsed.data.scopes.length > 0) url.searchParams.set("scope", parsed.data.scopes.join(input.provider.scopeSeparator));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set("code_challenge_method", "S256");
  if (nonce) url.searchParams.set("nonce", nonce);
  for (const [key, value] of Object.entries(input.provider.extraAuthorizationParams)) url.searchParams.set(key, value);
  return { authorizationUrl: url.toString() };
}
