import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";
import type { AlertMessage } from "./channels/alert-message";
import { deliverToChannel, type DeliveryContext } from "./channels/deliver";

/** Sends a test message to one channel now, records the attempts and the result on the channel; returns the safe outcome. */
export async function sendTestMessage(ctx: DeliveryContext, input: { actorId: string; workspaceId: string; channelId: string; appUrl: string }): Promise<{ ok: boolean; name: string; error: string | null }> {
  const channel = await ctx.db.alertChannel.findFirst({ where: { id: input.channelId, workspaceId: input.workspaceId }, include: { workspace: { select: { name: true } } } });
  if (!channel) throw new ServiceError("NOT_FOUND", "This alert channel no longer exists.");
  const message: AlertMessage = {
    id: `msg_${randomUUID().replace(/-/g, "")}`,
    kind: "test",
    alertId: null,
    rule: "test",
    severity: "info",
    title: `Authpulse can reach ${channel.name}`,
    body: "This is a test message from Authpulse. Alerts about failing connections, repeated 403s, deadlines and overdue rotations will arrive here.",
    fields: [{ label: "Channel", value: channel.name }],
    fixUrl: new URL("/alerts", input.appUrl).toString(),
    workspaceName: channel.workspace.name,
    at: ctx.clock.now(),
  };
  const ok = await deliverToChannel(ctx, channel, message, "test");
  const last = await ctx.db.alertDelivery.findFirst({ where: { channelId: channel.id, kind: "test" }, orderBy: [{ sentAt: "desc" }, { attempt: "desc" }], select: { error: true } });
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.update({ where: { id: channel.id }, data: { lastTestAt: now, lastTestOk: ok } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "alert_channel.tested", targetType: "alert_channel", targetId: channel.id, details: { kind: channel.kind, name: channel.name, ok } }, now);
  });
  return { ok, name: channel.name, error: ok ? null : (last?.error ?? "The test message could not be delivered.") };
}
