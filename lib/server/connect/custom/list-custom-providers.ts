import "server-only";
import type { ServiceContext } from "@/lib/server/context";
import { providerEntrySchema } from "@/lib/server/providers/provider-entry-schema";

/** A custom provider as the settings list shows it: no secrets, just what it is and what uses it. */
export type CustomProviderView = {
  providerKey: string;
  name: string;
  kind: "oauth2" | "oidc" | null;
  authorizationUrl: string | null;
  issuer: string | null;
  /** False when the stored entry no longer passes the schema (it is then hidden from Connect). */
  isValid: boolean;
  hasOAuthApp: boolean;
  connectionCount: number;
  createdAt: Date;
};

/** The workspace's custom providers by name, with what still refers to each. */
export async function listCustomProviders(ctx: ServiceContext, input: { workspaceId: string }): Promise<CustomProviderView[]> {
  const rows = await ctx.db.customProvider.findMany({ where: { workspaceId: input.workspaceId }, orderBy: [{ name: "asc" }, { providerKey: "asc" }] });
  if (rows.length === 0) return [];
  const keys = rows.map((row) => row.providerKey);
  const [apps, connections] = await Promise.all([
    ctx.db.oAuthApp.findMany({ where: { workspaceId: input.workspaceId, providerKey: { in: keys } }, select: { providerKey: true } }),
    ctx.db.connection.groupBy({ by: ["providerKey"], where: { workspaceId: input.workspaceId, providerKey: { in: keys } }, _count: { _all: true } }),
  ]);
  const withApp = new Set(apps.map((app) => app.providerKey));
  const counts = new Map(connections.map((group) => [group.providerKey, group._count._all]));
  return rows.map((row) => {
    const parsed = providerEntrySchema.safeParse(row.entry);
    const entry = parsed.success ? parsed.data : null;
    return {
      providerKey: row.providerKey,
      name: row.name,
      kind: entry?.kind ?? null,
      authorizationUrl: entry?.authorizationUrl ?? null,
      issuer: entry?.issuer ?? null,
      isValid: parsed.success,
      hasOAuthApp: withApp.has(row.providerKey),
      connectionCount: counts.get(row.providerKey) ?? 0,
      createdAt: row.createdAt,
    };
  });
}
