import "server-only";
import { fail, findSigningSecret, fromBase64, header, hmac } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

const SEVEN_DAYS = 7 * 24 * 3600;

/**
 * Shopify: `X-Shopify-Hmac-Sha256: <base64 HMAC-SHA256 of the raw body>` with the app's client
 * secret. Nothing time-bound is signed, so the replay guard keys on the signature for 7 days;
 * X-Shopify-Webhook-Id is shown as the event id.
 */
export const shopifyScheme: WebhookSchemeVerifier = {
  id: "shopify",
  label: "Shopify",
  headers: ["X-Shopify-Hmac-Sha256", "X-Shopify-Webhook-Id"],
  timestamped: false,
  verify({ request, secrets }) {
    const value = header(request.headers, "x-shopify-hmac-sha256");
    if (value === null) return fail("missing_header", "X-Shopify-Hmac-Sha256 is missing.");
    const candidate = fromBase64(value);
    if (candidate === null || candidate.length !== 32) return fail("malformed", "X-Shopify-Hmac-Sha256 is not a base64 SHA-256 digest.");
    const secret = findSigningSecret(secrets, (s) => hmac("sha256", s.value, [request.body]), [candidate]);
    if (secret === null) return fail("bad_signature", "The signature does not match the body.");
    const id = header(request.headers, "x-shopify-webhook-id");
    return { ok: true, secretVersion: secret.version, replayKey: `shopify:${candidate.toString("hex")}`, replayForSeconds: SEVEN_DAYS, eventId: id && id.length <= 100 ? id : null };
  },
};
