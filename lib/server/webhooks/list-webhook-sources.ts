import "server-only";
import type { ServiceContext } from "../context";
import { webhookSchemes } from "./schemes";

export type WebhookSourceView = {
  id: string;
  name: string;
  scheme: string;
  schemeLabel: string;
  headers: readonly string[];
  enabled: boolean;
  toleranceSeconds: number;
  signedUrl: string | null;
  credential: { id: string; name: string; deleted: boolean };
  lastVerifiedAt: Date | null;
  lastFailureAt: Date | null;
  verified24h: number;
  failed24h: number;
};

export type WebhookDeliveryView = { id: string; receivedAt: Date; outcome: string; eventId: string | null; contentType: string | null; bodySize: number; secretVersion: number | null; body: string | null; bodyTruncated: boolean };

/** The workspace's inbound webhook sources with their last outcomes and 24-hour counts. */
export async function listWebhookSources(ctx: ServiceContext, input: { workspaceId: string }): Promise<WebhookSourceView[]> {
  const since = new Date(ctx.clock.now().getTime() - 24 * 3600 * 1000);
  const sources = await ctx.db.webhookSource.findMany({ where: { workspaceId: input.workspaceId }, orderBy: { createdAt: "asc" }, include: { credential: { select: { id: true, name: true, deletedAt: true } } } });
  const counts = await ctx.db.webhookDelivery.groupBy({ by: ["sourceId", "outcome"], where: { workspaceId: input.workspaceId, receivedAt: { gte: since } }, _count: { _all: true } });
  return sources.map((s) => {
    const mine = counts.filter((c) => c.sourceId === s.id);
    const scheme = webhookSchemes[s.scheme];
    return {
      id: s.id,
      name: s.name,
      scheme: s.scheme,
      schemeLabel: scheme.label,
      headers: scheme.headers,
      enabled: s.enabled,
      toleranceSeconds: s.toleranceSeconds,
      signedUrl: s.signedUrl,
      credential: { id: s.credential.id, name: s.credential.name, deleted: s.credential.deletedAt !== null },
      lastVerifiedAt: s.lastVerifiedAt,
      lastFailureAt: s.lastFailureAt,
      verified24h: mine.filter((c) => c.outcome === "verified").reduce((n, c) => n + c._count._all, 0),
      failed24h: mine.filter((c) => c.outcome !== "verified").reduce((n, c) => n + c._count._all, 0),
    };
  });
}

/** A source's kept deliveries, newest first; bodies (verified ones only) as text for admins. */
export async function listWebhookDeliveries(ctx: ServiceContext, input: { workspaceId: string; sourceId: string; withBodies: boolean }): Promise<WebhookDeliveryView[]> {
  const rows = await ctx.db.webhookDelivery.findMany({ where: { workspaceId: input.workspaceId, sourceId: input.sourceId }, orderBy: { id: "desc" }, take: 50 });
  return rows.map((r) => ({
    id: r.id.toString(),
    receivedAt: r.receivedAt,
    outcome: r.outcome,
    eventId: r.eventId,
    contentType: r.contentType,
    bodySize: r.bodySize,
    secretVersion: r.secretVersion,
    body: input.withBodies && r.body ? Buffer.from(r.body).toString("utf8") : null,
    bodyTruncated: r.bodyTruncated,
  }));
}

/** The workspace's HMAC credentials a source can verify with, and the scheme each one's settings name. */
export async function listSigningSecrets(ctx: ServiceContext, input: { workspaceId: string }): Promise<{ id: string; name: string; scheme: string }[]> {
  const rows = await ctx.db.credential.findMany({ where: { workspaceId: input.workspaceId, method: "hmac", deletedAt: null }, select: { id: true, name: true, settings: true }, orderBy: { name: "asc" } });
  return rows.map((r) => {
    const settings = r.settings as { headerScheme?: unknown } | null;
    const headerScheme = typeof settings?.headerScheme === "string" ? settings.headerScheme : "custom";
    return { id: r.id, name: r.name, scheme: headerScheme in webhookSchemes ? headerScheme : "generic_hmac" };
  });
}
