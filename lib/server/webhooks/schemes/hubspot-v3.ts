import "server-only";
import { checkTimestamp, fail, findSigningSecret, fromBase64, header, hmac, parseTimestamp } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

// HubSpot decodes exactly these in the request URI before signing (the `?` that starts the query stays).
const DECODED: Record<string, string> = { "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";" };

/** The request URI as HubSpot signs it: the listed percent-escapes decoded, nothing else touched. */
export function hubspotSignedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => DECODED[match.toUpperCase()] ?? match);
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256(app client secret,
 * method + URI + raw body + X-HubSpot-Request-Timestamp), the timestamp in milliseconds;
 * requests older than five minutes are refused.
 */
export const hubspotV3Scheme: WebhookSchemeVerifier = {
  id: "hubspot_v3",
  label: "HubSpot (signature v3)",
  headers: ["X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp"],
  timestamped: true,
  verify({ request, secrets, now, toleranceSeconds }) {
    const signature = header(request.headers, "x-hubspot-signature-v3");
    const ts = header(request.headers, "x-hubspot-request-timestamp");
    if (signature === null || ts === null) return fail("missing_header", "X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are both required.");
    const at = parseTimestamp(ts, "ms");
    if (at === null) return fail("malformed", "X-HubSpot-Request-Timestamp is not a Unix time in milliseconds.");
    const candidate = fromBase64(signature);
    if (candidate === null || candidate.length !== 32) return fail("malformed", "X-HubSpot-Signature-v3 is not a base64 SHA-256 digest.");
    const prefix = `${request.method.toUpperCase()}${hubspotSignedUri(request.url)}`;
    const secret = findSigningSecret(secrets, (s) => hmac("sha256", s.value, [prefix, request.body, ts]), [candidate]);
    if (secret === null) return fail("bad_signature", "The signature does not match the method, URI, body and timestamp.");
    const timing = checkTimestamp(at, { now, toleranceSeconds });
    if (timing) return timing;
    return { ok: true, secretVersion: secret.version, replayKey: `hubspot:${candidate.toString("hex")}`, replayForSeconds: toleranceSeconds * 2, eventId: null };
  },
};
