import "server-only";
import { checkTimestamp, fail, findSigningSecret, fromBase64, header, hmac, parseTimestamp } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

/** The HMAC key of a Standard Webhooks secret: base64 after the optional `whsec_` prefix. */
export function standardWebhooksKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

/**
 * Standard Webhooks: `webhook-id`, `webhook-timestamp` (s) and `webhook-signature`, a
 * space-separated list of `v1,<base64>`; HMAC-SHA256 over `<id>.<timestamp>.<raw body>`.
 * The signed webhook-id is the replay key; default tolerance 300 s.
 */
export const standardWebhooksScheme: WebhookSchemeVerifier = {
  id: "standard_webhooks",
  label: "Standard Webhooks",
  headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
  timestamped: true,
  verify({ request, secrets, now, toleranceSeconds }) {
    const id = header(request.headers, "webhook-id");
    const ts = header(request.headers, "webhook-timestamp");
    const signatures = header(request.headers, "webhook-signature");
    if (id === null || ts === null || signatures === null) return fail("missing_header", "webhook-id, webhook-timestamp and webhook-signature are all required.");
    if (id.length > 256 || /[\s.]/.test(id)) return fail("malformed", "webhook-id is not a valid message id.");
    const at = parseTimestamp(ts, "s");
    if (at === null) return fail("malformed", "webhook-timestamp is not a Unix time in seconds.");
    const entries = signatures.split(" ").filter(Boolean).map((entry) => entry.split(","));
    if (entries.some((e) => e.length !== 2)) return fail("malformed", "webhook-signature must be a space-separated list of version,signature.");
    const candidates = entries.filter(([version]) => version === "v1").map(([, sig]) => fromBase64(sig!));
    if (candidates.length === 0) return fail("malformed", "webhook-signature carries no v1 signature.");
    const secret = findSigningSecret(secrets, (s) => hmac("sha256", standardWebhooksKey(s.value), [`${id}.${ts}.`, request.body]), candidates);
    if (secret === null) return fail("bad_signature", "No v1 signature matches the id, timestamp and body.");
    const timing = checkTimestamp(at, { now, toleranceSeconds });
    if (timing) return timing;
    return { ok: true, secretVersion: secret.version, replayKey: `id:${id}`, replayForSeconds: toleranceSeconds * 2, eventId: id };
  },
};
