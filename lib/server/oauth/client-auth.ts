import "server-only";
import * as oauth from "oauth4webapi";
import { z } from "zod";
import { outboundUrlSchema } from "./outbound-http";
import { importPrivateSigningKey } from "./private-signing-key";

/** Token endpoint client authentication methods Authpulse supports. */
export const clientAuthMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"] as const;
export type ClientAuthMethod = (typeof clientAuthMethods)[number];

/** How the OAuth app authenticates at the token, revocation and introspection endpoints. */
export interface ClientAuthSettings {
  clientId: string;
  authMethod: ClientAuthMethod;
  /** client_secret_basic / client_secret_post. */
  clientSecret?: string;
  /** private_key_jwt: PEM (PKCS#8, PKCS#1 or SEC1) or private JWK; RSA → RS256, P-256 → ES256. */
  privateKeyPem?: string;
  privateKeyJwk?: Record<string, unknown>;
  /** private_key_jwt: `kid` header (defaults to the JWK's kid). */
  keyId?: string;
  /** private_key_jwt: assertion `aud`; defaults to the URL of the endpoint being called (the token endpoint for grants). */
  assertionAudience?: string;
}

/** zod shape of ClientAuthSettings (spread it into a flow's input schema, then refine with clientAuthRefinement). */
export const clientAuthShape = {
  clientId: z.string().trim().min(1, "Enter the client id.").max(512),
  authMethod: z.enum(clientAuthMethods, { error: "Choose a client authentication method." }),
  clientSecret: z.string().min(1, "Enter the client secret.").max(4096).optional(),
  privateKeyPem: z.string().min(1).max(16_384).optional(),
  privateKeyJwk: z.record(z.string(), z.unknown()).optional(),
  keyId: z.string().min(1).max(256).optional(),
  assertionAudience: outboundUrlSchema.optional(),
};

/** Checks that the settings hold what the chosen method needs. */
export function clientAuthRefinement(settings: Pick<ClientAuthSettings, "authMethod" | "clientSecret" | "privateKeyPem" | "privateKeyJwk">, ctx: z.RefinementCtx): void {
  if ((settings.authMethod === "client_secret_basic" || settings.authMethod === "client_secret_post") && settings.clientSecret === undefined) {
    ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "Enter the client secret." });
  }
  if (settings.authMethod === "private_key_jwt" && settings.privateKeyPem === undefined && settings.privateKeyJwk === undefined) {
    ctx.addIssue({ code: "custom", path: ["privateKey"], message: "Paste the private key (PEM or JWK) for private_key_jwt." });
  }
}

/** zod schema of ClientAuthSettings alone. */
export const clientAuthSettingsSchema = z.object(clientAuthShape).superRefine(clientAuthRefinement);

/** Secret values of the settings, for scrubbing provider text. */
export function clientAuthSecrets(settings: ClientAuthSettings): string[] {
  return [settings.clientSecret, settings.privateKeyPem].filter((value): value is string => value !== undefined);
}

/** Builds oauth4webapi client authentication; a private_key_jwt assertion gets `aud` = audience and iat/nbf/exp from `now`. */
export async function buildClientAuth(settings: ClientAuthSettings, context: { audience: string; now: () => Date }): Promise<oauth.ClientAuth> {
  switch (settings.authMethod) {
    case "client_secret_basic":
      return oauth.ClientSecretBasic(settings.clientSecret ?? "");
    case "client_secret_post":
      return oauth.ClientSecretPost(settings.clientSecret ?? "");
    case "none":
      return oauth.None();
    case "private_key_jwt": {
      const signingKey = await importPrivateSigningKey(settings);
      const audience = settings.assertionAudience ?? context.audience;
      return oauth.PrivateKeyJwt(signingKey.kid === undefined ? { key: signingKey.key } : { key: signingKey.key, kid: signingKey.kid }, {
        [oauth.modifyAssertion]: (_header, payload) => {
          const iat = Math.floor(context.now().getTime() / 1000);
          payload.aud = audience;
          payload.iat = iat;
          payload.nbf = iat;
          payload.exp = iat + 60;
        },
      });
    }
  }
}
