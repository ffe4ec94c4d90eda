import "server-only";
import { z } from "zod";

/** Grant types a demo client may hold. */
export const demoGrantTypes = ["authorization_code", "refresh_token", "client_credentials"] as const;

/** Client authentication methods the demo provider accepts at its token, revocation and introspection endpoints. */
export const demoClientAuthMethods = ["client_secret_basic", "client_secret_post"] as const;

const redirectUriSchema = z.url({ error: "redirect URI must be an absolute URL" }).refine((value) => {
  const url = new URL(value);
  return (url.protocol === "http:" || url.protocol === "https:") && url.hash === "";
}, "redirect URI must be http(s) without a fragment");

/** Client metadata as oidc-provider expects it (snake_case, RFC 7591 names). */
export const demoClientSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(32, "client secret must be at least 32 characters"),
  client_name: z.string().min(1).optional(),
  token_endpoint_auth_method: z.enum(demoClientAuthMethods),
  grant_types: z.array(z.enum(demoGrantTypes)).min(1),
  response_types: z.array(z.literal("code")),
  redirect_uris: z.array(redirectUriSchema),
  scope: z.string().min(1).optional(),
});

export type DemoClient = z.infer<typeof demoClientSchema>;

export const demoClientIds = { basic: "authpulse-demo", post: "authpulse-demo-post" } as const;

/** Scopes the demo provider knows: OIDC plus a fake CRM's. */
export const demoScopes = ["openid", "email", "profile", "offline_access", "crm.read", "crm.write", "contacts.read"] as const;

export interface DemoClientsOptions {
  /** Exact redirect URIs, e.g. `http://localhost:3000/api/oauth/callback`. */
  redirectUris: readonly string[];
  /** Secret of `authpulse-demo` (client_secret_basic), at least 32 characters. */
  clientSecret: string;
  /** Secret of `authpulse-demo-post` (client_secret_post); defaults to `clientSecret`. */
  postClientSecret?: string;
}

/** Builds the two confidential demo clients: `authpulse-demo` (basic auth) and `authpulse-demo-post` (post auth). */
export function demoClients(options: DemoClientsOptions): DemoClient[] {
  const common = {
    grant_types: [...demoGrantTypes],
    response_types: ["code" as const],
    redirect_uris: [...options.redirectUris],
    scope: demoScopes.join(" "),
  };
  return z.array(demoClientSchema).parse([
    {
      ...common,
      client_id: demoClientIds.basic,
      client_name: "Authpulse demo (client_secret_basic)",
      client_secret: options.clientSecret,
      token_endpoint_auth_method: "client_secret_basic",
    },
    {
      ...common,
      client_id: demoClientIds.post,
      client_name: "Authpulse demo (client_secret_post)",
      client_secret: options.postClientSecret ?? options.clientSecret,
      token_endpoint_auth_method: "client_secret_post",
    },
  ]);
}
