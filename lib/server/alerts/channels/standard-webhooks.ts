import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): the secret is `whsec_` + base64 key
 * bytes; the signed content is `${webhook-id}.${webhook-timestamp}.${raw body}`; the header is a
 * space-separated list of `v1,<base64 HMAC-SHA256>`; the timestamp is integer Unix seconds.
 */
export const WHSEC_PREFIX = "whsec_";
/** Receivers refuse timestamps further than this from their clock (the spec's recommendation). */
export const TOLERANCE_SECONDS = 5 * 60;

/** A new signing secret: 32 random bytes, base64, `whsec_` prefix. */
export function generateWebhookSecret(): string {
  return `${WHSEC_PREFIX}${randomBytes(32).toString("base64")}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(WHSEC_PREFIX) ? secret.slice(WHSEC_PREFIX.length) : secret, "base64");
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three request headers of a signed message. */
export function webhookHeaders(secret: string, id: string, at: Date, body: string): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, id, timestamp, body) };
}

/** A receiver's check (used by tests and usable by anyone receiving Authpulse's webhooks): constant-time, any listed v1 signature, within the tolerance. */
export function verifyWebhook(secret: string, headers: { id?: string | null; timestamp?: string | null; signature?: string | null }, body: string, now: Date): boolean {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, id, Number(timestamp), body).slice(3), "base64");
  return signature.split(" ").some((entry) => {
    const [version, value] = entry.split(",", 2);
    if (version !== "v1" || !value) return false;
    const given = Buffer.from(value, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
