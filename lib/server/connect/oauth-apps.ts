import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";
import type { Keyring } from "../vault/keyring";
import { aadFor } from "../vault/aad";
import { open, seal } from "../vault/seal";

export const oauthAppInput = z
  .object({
    providerKey: z.string().min(1).max(80),
    clientId: z.string().trim().min(1, "Enter the client id.").max(500),
    clientSecret: z.string().max(4000).optional(),
    authMethod: z.enum(["client_secret_basic", "client_secret_post", "none"], { error: "Choose how the client authenticates." }),
    /** One of the provider entry's refreshTokenPolicy.specialCases conditions, verbatim (checked by the caller against the entry). */
    refreshSpecialCase: z.string().trim().max(300).nullish(),
  })
  .refine((v) => v.authMethod === "none" || (v.clientSecret ?? "").length > 0, { message: "Enter the client secret.", path: ["clientSecret"] });

export type OAuthAppView = { id: string; providerKey: string; clientId: string; authMethod: string; hasSecret: boolean; isDemo: boolean; refreshSpecialCase: string | null; updatedAt: Date };

/**
 * Registers (or replaces) the OAuth app an admin created at the provider. The client secret is
 * sealed; leaving it empty when replacing keeps the stored one.
 */
export async function registerOAuthApp(
  ctx: ServiceContext & { keyring: Keyring },
  input: { actorId: string | null; workspaceId: string; providerKey: string; clientId: string; clientSecret?: string; authMethod: string; isDemo?: boolean; refreshSpecialCase?: string | null },
): Promise<OAuthAppView> {
  const existing = await ctx.db.oAuthApp.findUnique({ where: { workspaceId_providerKey: { workspaceId: input.workspaceId, providerKey: input.providerKey } } });
  const keepSecret = Boolean(existing?.clientSecretSealed) && !input.clientSecret;
  const parsed = oauthAppInput.safeParse({ ...input, clientSecret: keepSecret ? "kept" : input.clientSecret });
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const app = existing
      ? await tx.oAuthApp.update({ where: { id: existing.id }, data: { clientId: parsed.data.clientId, authMethod: parsed.data.authMethod, isDemo: input.isDemo ?? existing.isDemo, refreshSpecialCase: parsed.data.refreshSpecialCase || null } })
      : await tx.oAuthApp.create({ data: { workspaceId: input.workspaceId, providerKey: input.providerKey, clientId: parsed.data.clientId, authMethod: parsed.data.authMethod, isDemo: input.isDemo ?? false, refreshSpecialCase: parsed.data.refreshSpecialCase || null, createdById: input.actorId, createdAt: now } });
    if (!keepSecret) {
      const sealed = parsed.data.authMethod === "none" ? null : seal(ctx.keyring, input.clientSecret ?? "", aadFor("oauth_app", app.id, "client_secret"));
      await tx.oAuthApp.update({ where: { id: app.id }, data: { clientSecretSealed: sealed } });
    }
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: existing ? "oauth_app.updated" : "oauth_app.registered", targetType: "oauth_app", targetId: app.id, details: { provider: input.providerKey, clientId: parsed.data.clientId, secretChanged: !keepSecret } }, now);
    return toView({ ...app, clientSecretSealed: keepSecret ? existing!.clientSecretSealed : parsed.data.authMethod === "none" ? null : "sealed" });
  });
}

function toView(app: { id: string; providerKey: string; clientId: string; authMethod: string; clientSecretSealed: string | null; isDemo: boolean; refreshSpecialCase: string | null; updatedAt: Date }): OAuthAppView {
  return { id: app.id, providerKey: app.providerKey, clientId: app.clientId, authMethod: app.authMethod, hasSecret: Boolean(app.clientSecretSealed), isDemo: app.isDemo, refreshSpecialCase: app.refreshSpecialCase, updatedAt: app.updatedAt };
}

/** The workspace's registered OAuth apps, metadata only. */
export async function listOAuthApps(ctx: ServiceContext, input: { workspaceId: string }): Promise<OAuthAppView[]> {
  const apps = await ctx.db.oAuthApp.findMany({ where: { workspaceId: input.workspaceId }, orderBy: { providerKey: "asc" } });
  return apps.map(toView);
}

export type OAuthClientCredentials = { appId: string; clientId: string; clientSecret: string | null; authMethod: "client_secret_basic" | "client_secret_post" | "none"; refreshSpecialCase?: string | null };

/** Opens the app's client secret for a token request (server-side only, never returned to a client). */
export async function loadOAuthClient(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; appId?: string; providerKey?: string }): Promise<OAuthClientCredentials> {
  const app = input.appId
    ? await ctx.db.oAuthApp.findFirst({ where: { id: input.appId, workspaceId: input.workspaceId } })
    : await ctx.db.oAuthApp.findUnique({ where: { workspaceId_providerKey: { workspaceId: input.workspaceId, providerKey: input.providerKey ?? "" } } });
  if (!app) throw new ServiceError("NOT_FOUND", "No OAuth app is registered for this provider in this workspace.");
  const authMethod = z.enum(["client_secret_basic", "client_secret_post", "none"]).parse(app.authMethod);
  const clientSecret = app.clientSecretSealed ? open(ctx.keyring, app.clientSecretSealed, aadFor("oauth_app", app.id, "client_secret")) : null;
  return { appId: app.id, clientId: app.clientId, clientSecret, authMethod, refreshSpecialCase: app.refreshSpecialCase };
}
