import "server-only";
import { checkTimestamp, fail, findSigningSecret, fromHex, header, hmac, parseTimestamp } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";
import { jsonEventId } from "./event-id";

/**
 * Stripe: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]`, HMAC-SHA256 with the endpoint's
 * signing secret (the whole `whsec_…` string as key) over `<t>.<raw body>`. Any v1 may match
 * (several during a secret roll); v0 and unknown schemes are ignored. Default tolerance 300 s.
 * The replay key is the matching digest, so adding a bogus v1 to a captured header changes nothing.
 */
export const stripeScheme: WebhookSchemeVerifier = {
  id: "stripe",
  label: "Stripe",
  headers: ["Stripe-Signature"],
  timestamped: true,
  verify({ request, secrets, now, toleranceSeconds }) {
    const value = header(request.headers, "stripe-signature");
    if (value === null) return fail("missing_header", "Stripe-Signature is missing.");
    const pairs = value.split(",").map((item) => item.trim().split("="));
    if (pairs.some((pair) => pair.length !== 2 || pair[0] === "" || pair[1] === "")) return fail("malformed", "Stripe-Signature is not a list of key=value pairs.");
    const timestamps = pairs.filter(([k]) => k === "t").map(([, v]) => v!);
    const signatures = pairs.filter(([k]) => k === "v1").map(([, v]) => v!);
    if (timestamps.length !== 1) return fail("malformed", "Stripe-Signature must carry exactly one t= timestamp.");
    if (signatures.length === 0) return fail("malformed", "Stripe-Signature carries no v1 signature.");
    const t = timestamps[0]!;
    const at = parseTimestamp(t, "s");
    if (at === null) return fail("malformed", "The t= timestamp is not a Unix time in seconds.");
    const candidates = signatures.map(fromHex);
    const digest = (s: { value: string }) => hmac("sha256", s.value, [`${t}.`, request.body]);
    const secret = findSigningSecret(secrets, digest, candidates);
    if (secret === null) return fail("bad_signature", "No v1 signature matches the body and timestamp.");
    const timing = checkTimestamp(at, { now, toleranceSeconds });
    if (timing) return timing;
    return { ok: true, secretVersion: secret.version, replayKey: `stripe:${digest(secret).toString("hex")}`, replayForSeconds: toleranceSeconds * 2, eventId: jsonEventId(request.body, "id") };
  },
};
