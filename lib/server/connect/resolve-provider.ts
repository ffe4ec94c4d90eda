import "server-only";
import { z } from "zod";
import type { ServiceContext } from "../context";
import { env } from "../env";
import { ServiceError } from "../errors";
import { catalog, demoProviderEntry, findProvider } from "../providers/catalog";
import { providerEntrySchema, type ProviderEntry } from "../providers/provider-entry-schema";
import { fillProviderUrl } from "../providers/provider-url-template";
import type { Keyring } from "../vault/keyring";
import type { ConnectProvider } from "./connect-provider";
import { loadOAuthClient, registerOAuthApp, type OAuthClientCredentials } from "./oauth-apps";

export const DEMO_PROVIDER_KEY = "authpulse-demo";

const demoUrlSchema = z.url().optional();

/** The demo provider's entry when `npm start` runs it (DEMO_PROVIDER_URL), else null. Read directly so the worker (no web settings) can use it. */
function demoEntry(): ProviderEntry | null {
  const parsed = demoUrlSchema.safeParse(process.env.DEMO_PROVIDER_URL || undefined);
  const issuer = parsed.success ? parsed.data : undefined;
  return issuer ? demoProviderEntry(issuer) : null;
}

async function customEntries(ctx: ServiceContext, workspaceId: string): Promise<ProviderEntry[]> {
  const rows = await ctx.db.customProvider.findMany({ where: { workspaceId }, orderBy: { name: "asc" } });
  return rows.flatMap((row) => {
    const parsed = providerEntrySchema.safeParse(row.entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Every provider this workspace can connect: the demo provider first, the catalog, then its custom entries. */
export async function availableProviders(ctx: ServiceContext, input: { workspaceId: string }): Promise<ProviderEntry[]> {
  const demo = demoEntry();
  return [...(demo ? [demo] : []), ...catalog, ...(await customEntries(ctx, input.workspaceId))];
}

/** Display names by provider key, for lists. */
export async function providerNamesFor(ctx: ServiceContext, input: { workspaceId: string }): Promise<Record<string, string>> {
  return Object.fromEntries((await availableProviders(ctx, input)).map((p) => [p.id, p.name]));
}

/** The entry for a key (demo, catalog or this workspace's custom provider); 404 when unknown. */
export async function findEntry(ctx: ServiceContext, input: { workspaceId: string; providerKey: string }): Promise<ProviderEntry> {
  const demo = demoEntry();
  if (demo && input.providerKey === demo.id) return demo;
  const shipped = findProvider(input.providerKey);
  if (shipped) return shipped;
  const custom = (await customEntries(ctx, input.workspaceId)).find((e) => e.id === input.providerKey);
  if (!custom) throw new ServiceError("NOT_FOUND", "Unknown provider.");
  return custom;
}

/** Turns a catalog entry into what the Connect flow uses, filling URL templates with their defaults. */
export function toConnectProvider(entry: ProviderEntry, values: Record<string, string> = {}): ConnectProvider {
  const fill = (template: string | undefined) => (template ? fillProviderUrl(template, entry.urlTemplateVariables ?? [], values) : undefined);
  return {
    key: entry.id,
    name: entry.name,
    kind: entry.kind,
    issuer: fill(entry.issuer),
    authorizationUrl: fill(entry.authorizationUrl)!,
    tokenUrl: fill(entry.tokenUrl)!,
    revocation: entry.revocation
      ? { url: fill(entry.revocation.url)!, style: entry.revocation.style, method: entry.revocation.method, tokenPlacement: entry.revocation.tokenPlacement, parameterName: entry.revocation.parameterName, revokes: entry.revocation.revokes }
      : undefined,
    tokenInspection: entry.tokenInspection ? { ...entry.tokenInspection, url: fill(entry.tokenInspection.url)! } : undefined,
    userinfoUrl: fill(entry.userinfoUrl),
    scopeSeparator: entry.scopeSeparator,
    defaultScopes: entry.defaultScopes,
    minimumScopes: entry.minimumScopes,
    extraAuthorizationParams: entry.extraAuthorizationParams,
    isDemo: entry.demo === true,
  };
}

/** The Connect provider for a key. */
export async function resolveConnectProvider(ctx: ServiceContext, input: { workspaceId: string; providerKey: string }): Promise<ConnectProvider> {
  return toConnectProvider(await findEntry(ctx, input));
}

/**
 * The demo provider's OAuth app is pre-registered in every workspace (its client secret comes
 * from the launcher), so a newcomer can click Connect without any set-up.
 */
export async function ensureDemoApp(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string }): Promise<void> {
  const secret = env().DEMO_PROVIDER_CLIENT_SECRET;
  if (!demoEntry() || !secret) return;
  const existing = await ctx.db.oAuthApp.findUnique({ where: { workspaceId_providerKey: { workspaceId: input.workspaceId, providerKey: DEMO_PROVIDER_KEY } } });
  if (existing) return;
  await registerOAuthApp(ctx, { actorId: null, workspaceId: input.workspaceId, providerKey: DEMO_PROVIDER_KEY, clientId: "authpulse-demo", clientSecret: secret, authMethod: "client_secret_basic", isDemo: true });
}

/** Provider and opened client credentials for a token request. */
export async function resolveFlow(ctx: ServiceContext & { keyring: Keyring }, input: { workspaceId: string; providerKey: string; appId?: string }): Promise<{ provider: ConnectProvider; client: OAuthClientCredentials }> {
  const provider = await resolveConnectProvider(ctx, input);
  if (provider.isDemo) await ensureDemoApp(ctx, input);
  const client = await loadOAuthClient(ctx, input.appId ? { workspaceId: input.workspaceId, appId: input.appId } : { workspaceId: input.workspaceId, providerKey: input.providerKey });
  return { provider, client };
}
