import "server-only";
import { checkTimestamp, fail, findSigningSecret, fromHex, header, hmac, parseTimestamp } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

/**
 * Authpulse's generic scheme for senders without one of their own (n8n, Make, scripts):
 * `X-Webhook-Timestamp: <unix s>` and `X-Webhook-Signature: sha256=<hex>` (a comma-separated
 * list while a sender rotates), HMAC-SHA256 over `<timestamp>.<raw body>`; tolerance 300 s.
 */
export const genericHmacScheme: WebhookSchemeVerifier = {
  id: "generic_hmac",
  label: "Generic HMAC-SHA256 with timestamp",
  headers: ["X-Webhook-Signature", "X-Webhook-Timestamp"],
  timestamped: true,
  verify({ request, secrets, now, toleranceSeconds }) {
    const signature = header(request.headers, "x-webhook-signature");
    const ts = header(request.headers, "x-webhook-timestamp");
    if (signature === null || ts === null) return fail("missing_header", "X-Webhook-Signature and X-Webhook-Timestamp are both required.");
    const at = parseTimestamp(ts, "s");
    if (at === null) return fail("malformed", "X-Webhook-Timestamp is not a Unix time in seconds.");
    const parts = signature.split(",").map((p) => p.trim());
    if (parts.some((p) => !p.startsWith("sha256="))) return fail("malformed", "X-Webhook-Signature must be sha256=<hex>, comma-separated.");
    const digest = (s: { value: string }) => hmac("sha256", s.value, [`${ts}.`, request.body]);
    const secret = findSigningSecret(secrets, digest, parts.map((p) => fromHex(p.slice("sha256=".length))));
    if (secret === null) return fail("bad_signature", "No signature matches the body and timestamp.");
    const timing = checkTimestamp(at, { now, toleranceSeconds });
    if (timing) return timing;
    return { ok: true, secretVersion: secret.version, replayKey: `generic:${digest(secret).toString("hex")}`, replayForSeconds: toleranceSeconds * 2, eventId: null };
  },
};
