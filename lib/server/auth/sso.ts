import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";

export const SSO_PROVIDER_ID = "oidc";

const ssoProfileSchema = z.object({
  sub: z.string().min(1),
  email: z.string().trim().toLowerCase().pipe(z.email()).optional(),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});

/**
 * Maps an SSO identity to an Authpulse user. SSO never creates accounts on its own: the
 * identity must already be linked, or its verified email must belong to an existing
 * user (who was invited or set up), in which case the link is recorded.
 */
export async function resolveSsoUser(ctx: ServiceContext, input: { profile: unknown }): Promise<{ userId: string } | null> {
  const parsed = ssoProfileSchema.safeParse(input.profile);
  if (!parsed.success) return null;
  const { sub, email, email_verified } = parsed.data;
  const linked = await ctx.db.account.findUnique({
    where: { provider_providerAccountId: { provider: SSO_PROVIDER_ID, providerAccountId: sub } },
    select: { user: { select: { id: true, deactivatedAt: true } } },
  });
  if (linked) return linked.user.deactivatedAt ? null : { userId: linked.user.id };
  if (!email || email_verified !== true) return null;
  const user = await ctx.db.user.findUnique({ where: { email }, select: { id: true, deactivatedAt: true } });
  if (!user || user.deactivatedAt) return null;
  await ctx.db.account.create({ data: { userId: user.id, provider: SSO_PROVIDER_ID, providerAccountId: sub, createdAt: ctx.clock.now() } });
  return { userId: user.id };
}

const discoverySchema = z.object({ userinfo_endpoint: z.url() });
const userinfoSchema = z.object({ sub: z.string(), email: z.string().optional(), email_verified: z.boolean().optional(), name: z.string().optional() });

/** Reads the SSO user's claims from the IdP's userinfo endpoint; null when it cannot. */
export async function fetchSsoUserinfo(input: { issuer: string; accessToken: string }): Promise<z.infer<typeof userinfoSchema> | null> {
  try {
    const discovery = discoverySchema.parse(await (await fetch(`${input.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })).json());
    const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${input.accessToken}` }, signal: AbortSignal.timeout(5000) });
    if (!response.ok) return null;
    return userinfoSchema.parse(await response.json());
  } catch {
    return null;
  }
}
