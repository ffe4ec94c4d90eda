import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, notFound } from "../errors";
import { webhookSourceInput, type WebhookSourceInput } from "./webhook-source-input";

/**
 * Adds an inbound webhook source: a name, the sender's scheme and an HMAC credential of the
 * vault whose secret verifies deliveries (rotating that credential keeps both secrets valid
 * for the overlap). Returns the new source's id; its endpoint is /api/webhooks/<id>.
 */
export async function createWebhookSource(ctx: ServiceContext, args: { actorId: string; workspaceId: string; input: WebhookSourceInput }): Promise<{ id: string }> {
  const parsed = webhookSourceInput.safeParse(args.input);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const input = parsed.data;
  const credential = await ctx.db.credential.findFirst({ where: { id: input.credentialId, workspaceId: args.workspaceId, deletedAt: null }, select: { id: true, method: true, settings: true } });
  if (!credential || credential.method !== "hmac") throw invalidInput([{ path: ["credentialId"], message: "Choose an HMAC signing secret of this workspace." }]);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const source = await tx.webhookSource.create({
      data: { workspaceId: args.workspaceId, name: input.name, scheme: input.scheme, credentialId: credential.id, toleranceSeconds: input.toleranceSeconds, signedUrl: input.signedUrl, createdById: args.actorId, createdAt: now },
    });
    await recordAudit(tx, { workspaceId: args.workspaceId, actorId: args.actorId, action: "webhook_source.created", targetType: "webhook_source", targetId: source.id, details: { scheme: input.scheme, credential: credential.id } }, now);
    return { id: source.id };
  });
}

/** Turns a source off (deliveries answer 404) or back on. */
export async function setWebhookSourceEnabled(ctx: ServiceContext, args: { actorId: string; workspaceId: string; sourceId: string; enabled: boolean }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const updated = await tx.webhookSource.updateMany({ where: { id: args.sourceId, workspaceId: args.workspaceId }, data: { enabled: args.enabled } });
    if (updated.count === 0) throw notFound("Webhook source not found.");
    await recordAudit(tx, { workspaceId: args.workspaceId, actorId: args.actorId, action: args.enabled ? "webhook_source.enabled" : "webhook_source.disabled", targetType: "webhook_source", targetId: args.sourceId }, now);
  });
}

/** Deletes a source with its kept deliveries and replay keys (the signing credential stays in the vault). */
export async function deleteWebhookSource(ctx: ServiceContext, args: { actorId: string; workspaceId: string; sourceId: string }): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const deleted = await tx.webhookSource.deleteMany({ where: { id: args.sourceId, workspaceId: args.workspaceId } });
    if (deleted.count === 0) throw notFound("Webhook source not found.");
    await tx.webhookReplayKey.deleteMany({ where: { sourceId: args.sourceId } });
    await recordAudit(tx, { workspaceId: args.workspaceId, actorId: args.actorId, action: "webhook_source.deleted", targetType: "webhook_source", targetId: args.sourceId }, now);
  });
}
