import "server-only";
import type { ServiceContext } from "../../context";
import { aadFor } from "../../vault/aad";
import type { Keyring } from "../../vault/keyring";
import { open } from "../../vault/seal";
import type { NotificationKind } from "../alert-condition";
import type { AlertMessage } from "./alert-message";
import { channelConfigSchema, type ChannelConfig } from "./channel-config";
import { sendEmail } from "./email-channel";
import { DEFAULT_SEND_OPTIONS, type SendAttempt, type SendOptions } from "./send-attempts";
import { sendSlack } from "./slack-channel";
import { sendWebhook } from "./webhook-channel";

export type DeliveryContext = ServiceContext & { keyring: Keyring; send?: SendOptions };
export type ChannelRow = { id: string; kind: string; configSealed: string };

/** Opens a channel's sealed config (AAD binds it to its row); null when it cannot be read. */
export function openChannelConfig(keyring: Keyring, channel: ChannelRow): ChannelConfig | null {
  try {
    return channelConfigSchema.parse(JSON.parse(open(keyring, channel.configSealed, aadFor("alert_channel", channel.id, "config"))));
  } catch {
    return null;
  }
}

function dispatch(config: ChannelConfig, message: AlertMessage, options: SendOptions): Promise<SendAttempt[]> {
  if (config.kind === "slack") return sendSlack(config.url, message, options);
  if (config.kind === "webhook") return sendWebhook(config.url, config.secret, message, options);
  return sendEmail(config, message, options);
}

/** Sends one message to one channel (with retries) and records every attempt in alert_deliveries; true when it got through. */
export async function deliverToChannel(ctx: DeliveryContext, channel: ChannelRow, message: AlertMessage, kind: NotificationKind): Promise<boolean> {
  const config = openChannelConfig(ctx.keyring, channel);
  const attempts: SendAttempt[] = config
    ? await dispatch(config, message, ctx.send ?? DEFAULT_SEND_OPTIONS)
    : [{ ok: false, httpStatus: null, error: "The channel's settings could not be decrypted; save the channel again.", retryable: false }];
  const at = ctx.clock.now();
  await ctx.db.alertDelivery.createMany({
    data: attempts.map((a, i) => ({ alertId: message.alertId, channelId: channel.id, kind, ok: a.ok, httpStatus: a.httpStatus, error: a.error, attempt: i + 1, sentAt: at })),
  });
  return attempts.at(-1)?.ok === true;
}
