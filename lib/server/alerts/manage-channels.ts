import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";
import { aadFor } from "../vault/aad";
import type { Keyring } from "../vault/keyring";
import { seal } from "../vault/seal";
import { channelFormSchema, channelSettingsSchema, settingsOf, type ChannelConfig, type ChannelKind, type ChannelSettings, type LoopbackRule } from "./channels/channel-config";
import { openChannelConfig } from "./channels/deliver";
import { generateWebhookSecret } from "./channels/standard-webhooks";

export type ChannelContext = ServiceContext & { keyring: Keyring };
export type ChannelInput = { actorId: string; workspaceId: string; form: Record<string, string>; rule: LoopbackRule };

export const CHANNEL_KINDS: readonly ChannelKind[] = ["slack", "webhook", "email"];
export const isChannelKind = (value: string): value is ChannelKind => (CHANNEL_KINDS as readonly string[]).includes(value);

/** Validates a form into a full config; on edit, blank secret fields keep the stored values. */
function buildConfig(kind: ChannelKind, input: ChannelInput, stored: ChannelConfig | null): { name: string; config: ChannelConfig; generatedSecret: string | null } {
  const parsed = channelFormSchema(kind, input.rule, stored !== null).safeParse(input.form);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const v = parsed.data as Record<string, unknown>;
  if (kind === "slack") {
    const url = (v.url as string) || (stored?.kind === "slack" ? stored.url : "");
    return { name: v.name as string, config: { kind, url }, generatedSecret: null };
  }
  if (kind === "webhook") {
    const url = (v.url as string) || (stored?.kind === "webhook" ? stored.url : "");
    const typed = v.secret as string;
    const generatedSecret = !typed && stored?.kind !== "webhook" ? generateWebhookSecret() : null;
    const secret = typed || generatedSecret || (stored?.kind === "webhook" ? stored.secret : "");
    return { name: v.name as string, config: { kind, url, secret }, generatedSecret };
  }
  const user = (v.user as string) || null;
  const password = (v.password as string) || (stored?.kind === "email" && user ? stored.password : null);
  return {
    name: v.name as string,
    config: { kind, host: v.host as string, port: v.port as number, security: v.security as "tls" | "starttls" | "none", user, password: user ? password : null, from: v.from as string, to: v.to as string[] },
    generatedSecret: null,
  };
}

const sealConfig = (ctx: ChannelContext, id: string, config: ChannelConfig) => seal(ctx.keyring, JSON.stringify(config), aadFor("alert_channel", id, "config"));

/** Adds a channel to the workspace; a webhook signing secret left blank is generated and returned once. */
export async function createAlertChannel(ctx: ChannelContext, input: ChannelInput & { kind: string }): Promise<{ id: string; name: string; generatedSecret: string | null }> {
  if (!isChannelKind(input.kind)) throw invalidInput([{ path: ["kind"], message: "Choose Slack, webhook or e-mail." }]);
  const { name, config, generatedSecret } = buildConfig(input.kind, input, null);
  const id = randomUUID();
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.create({ data: { id, workspaceId: input.workspaceId, kind: input.kind as ChannelKind, name, configSealed: sealConfig(ctx, id, config), settings: settingsOf(config) } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "alert_channel.created", targetType: "alert_channel", targetId: id, details: { kind: input.kind, name } }, now);
  });
  return { id, name, generatedSecret };
}

async function findChannel(ctx: ServiceContext, workspaceId: string, channelId: string) {
  const channel = await ctx.db.alertChannel.findFirst({ where: { id: channelId, workspaceId } });
  if (!channel) throw new ServiceError("NOT_FOUND", "This alert channel no longer exists.");
  return channel;
}

/** Edits a channel; secrets left blank stay as stored (they are never shown again). A channel whose stored settings cannot be read needs every field again. */
export async function updateAlertChannel(ctx: ChannelContext, input: ChannelInput & { channelId: string }): Promise<{ name: string; generatedSecret: string | null }> {
  const channel = await findChannel(ctx, input.workspaceId, input.channelId);
  const { name, config, generatedSecret } = buildConfig(channel.kind, input, openChannelConfig(ctx.keyring, channel));
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.update({ where: { id: channel.id }, data: { name, configSealed: sealConfig(ctx, channel.id, config), settings: settingsOf(config) } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "alert_channel.updated", targetType: "alert_channel", targetId: channel.id, details: { kind: channel.kind, name } }, ctx.clock.now());
  });
  return { name, generatedSecret };
}

/** Turns a channel on or off (off: it receives nothing, its settings stay). */
export async function setAlertChannelEnabled(ctx: ServiceContext, input: { actorId: string; workspaceId: string; channelId: string; enabled: boolean }): Promise<{ name: string }> {
  const channel = await findChannel(ctx, input.workspaceId, input.channelId);
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.update({ where: { id: channel.id }, data: { enabled: input.enabled } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: input.enabled ? "alert_channel.enabled" : "alert_channel.disabled", targetType: "alert_channel", targetId: channel.id, details: { kind: channel.kind, name: channel.name } }, ctx.clock.now());
  });
  return { name: channel.name };
}

/** Deletes a channel and its delivery records. */
export async function deleteAlertChannel(ctx: ServiceContext, input: { actorId: string; workspaceId: string; channelId: string }): Promise<{ name: string }> {
  const channel = await findChannel(ctx, input.workspaceId, input.channelId);
  await ctx.db.$transaction(async (tx) => {
    await tx.alertChannel.delete({ where: { id: channel.id } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "alert_channel.deleted", targetType: "alert_channel", targetId: channel.id, details: { kind: channel.kind, name: channel.name } }, ctx.clock.now());
  });
  return { name: channel.name };
}

export type AlertChannelView = {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  settings: ChannelSettings;
  lastTestAt: Date | null;
  lastTestOk: boolean | null;
  lastDelivery: { ok: boolean; error: string | null; sentAt: Date; kind: string } | null;
};

/** The workspace's channels with what may be shown (host, recipients) and their latest delivery. */
export async function listAlertChannels(ctx: ServiceContext, input: { workspaceId: string }): Promise<AlertChannelView[]> {
  const rows = await ctx.db.alertChannel.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, kind: true, name: true, enabled: true, settings: true, lastTestAt: true, lastTestOk: true, deliveries: { orderBy: [{ sentAt: "desc" }, { attempt: "desc" }], take: 1, select: { ok: true, error: true, sentAt: true, kind: true } } },
  });
  return rows.map((r) => {
    const settings = channelSettingsSchema.safeParse(r.settings);
    return { id: r.id, kind: r.kind, name: r.name, enabled: r.enabled, settings: settings.success ? settings.data : { host: "" }, lastTestAt: r.lastTestAt, lastTestOk: r.lastTestOk, lastDelivery: r.deliveries[0] ?? null };
  });
}
