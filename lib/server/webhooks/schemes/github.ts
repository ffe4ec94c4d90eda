import "server-only";
import { fail, findSigningSecret, fromHex, header, hmac } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

const SEVEN_DAYS = 7 * 24 * 3600;

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. No timestamp is
 * signed and X-GitHub-Delivery is not signed either, so the replay guard keys on the signature
 * itself and remembers it for 7 days (a redelivery from GitHub's UI is therefore refused too).
 */
export const githubScheme: WebhookSchemeVerifier = {
  id: "github",
  label: "GitHub",
  headers: ["X-Hub-Signature-256", "X-GitHub-Delivery"],
  timestamped: false,
  verify({ request, secrets }) {
    const value = header(request.headers, "x-hub-signature-256");
    if (value === null) return fail("missing_header", "X-Hub-Signature-256 is missing.");
    if (!value.startsWith("sha256=")) return fail("malformed", "X-Hub-Signature-256 must start with sha256=.");
    const candidate = fromHex(value.slice("sha256=".length));
    if (candidate === null || candidate.length !== 32) return fail("malformed", "X-Hub-Signature-256 is not a SHA-256 hex digest.");
    const secret = findSigningSecret(secrets, (s) => hmac("sha256", s.value, [request.body]), [candidate]);
    if (secret === null) return fail("bad_signature", "The signature does not match the body.");
    const delivery = header(request.headers, "x-github-delivery");
    return { ok: true, secretVersion: secret.version, replayKey: `github:${candidate.toString("hex")}`, replayForSeconds: SEVEN_DAYS, eventId: delivery && delivery.length <= 100 ? delivery : null };
  },
};
