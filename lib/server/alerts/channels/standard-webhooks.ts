import "server-only";
import { createHmac, randomBytes } from "node:crypto";
import { standardWebhooksKey } from "../../webhooks/schemes/standard-webhooks";

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): the secret is `whsec_` + base64 key
 * bytes; the signed content is `${webhook-id}.${webhook-timestamp}.${raw body}`; the header is a
 * space-separated list of `v1,<base64 HMAC-SHA256>`; the timestamp is integer Unix seconds.
 * The inbound side (lib/server/webhooks/schemes/standard-webhooks.ts) verifies the same scheme.
 */
export const WHSEC_PREFIX = "whsec_";

/** A new signing secret: 32 random bytes, base64, `whsec_` prefix. */
export function generateWebhookSecret(): string {
  return `${WHSEC_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", standardWebhooksKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three request headers of a signed message. */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) };
}
