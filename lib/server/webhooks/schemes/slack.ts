import "server-only";
import { checkTimestamp, fail, findSigningSecret, fromHex, header, hmac, parseTimestamp } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

/**
 * Slack: `X-Slack-Signature: v0=<hex>` = HMAC-SHA256(signing secret, `v0:<X-Slack-Request-Timestamp>:<raw body>`);
 * requests older than five minutes are refused.
 */
export const slackScheme: WebhookSchemeVerifier = {
  id: "slack",
  label: "Slack",
  headers: ["X-Slack-Signature", "X-Slack-Request-Timestamp"],
  timestamped: true,
  verify({ request, secrets, now, toleranceSeconds }) {
    const signature = header(request.headers, "x-slack-signature");
    const ts = header(request.headers, "x-slack-request-timestamp");
    if (signature === null || ts === null) return fail("missing_header", "X-Slack-Signature and X-Slack-Request-Timestamp are both required.");
    const at = parseTimestamp(ts, "s");
    if (at === null) return fail("malformed", "X-Slack-Request-Timestamp is not a Unix time in seconds.");
    if (!signature.startsWith("v0=")) return fail("malformed", "X-Slack-Signature must start with v0=.");
    const candidate = fromHex(signature.slice(3));
    if (candidate === null) return fail("malformed", "X-Slack-Signature is not a hex digest.");
    const secret = findSigningSecret(secrets, (s) => hmac("sha256", s.value, [`v0:${ts}:`, request.body]), [candidate]);
    if (secret === null) return fail("bad_signature", "The signature does not match the body and timestamp.");
    const timing = checkTimestamp(at, { now, toleranceSeconds });
    if (timing) return timing;
    return { ok: true, secretVersion: secret.version, replayKey: `slack:${ts}:${candidate.toString("hex")}`, replayForSeconds: toleranceSeconds * 2, eventId: null };
  },
};
