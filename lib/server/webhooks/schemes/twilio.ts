import "server-only";
import { fail, findSigningSecret, fromBase64, header, hmac, sha256Hex } from "../hmac";
import type { WebhookSchemeVerifier } from "../scheme-types";

const SEVEN_DAYS = 7 * 24 * 3600;

/** The string Twilio signs: the full URL, then each POST parameter name+value sorted by name (case-sensitive). */
export function twilioSignedString(url: string, params: URLSearchParams | null): string {
  if (params === null) return url;
  const pairs = [...params.entries()].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return url + pairs.map(([k, v]) => `${k}${v}`).join("");
}

/** The URL with and without the default port: Twilio signs it as configured, proxies may add or drop :443. */
function urlVariants(url: string): string[] {
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === "https:" ? "443" : "80";
    const withPort = `${parsed.protocol}//${parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ""}@` : ""}${parsed.hostname}:${parsed.port || defaultPort}${parsed.pathname}${parsed.search}`;
    return [...new Set([url, withPort, withPort.replace(`:${defaultPort}`, "")])];
  } catch {
    return [url];
  }
}

/**
 * Twilio: `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, URL + sorted form parameters).
 * JSON bodies are signed through a `bodySHA256` query parameter (hex SHA-256 of the raw body)
 * and the URL alone. No timestamp is signed: the replay guard keys on the signature for 7 days.
 */
export const twilioScheme: WebhookSchemeVerifier = {
  id: "twilio",
  label: "Twilio",
  headers: ["X-Twilio-Signature"],
  timestamped: false,
  verify({ request, secrets }) {
    const value = header(request.headers, "x-twilio-signature");
    if (value === null) return fail("missing_header", "X-Twilio-Signature is missing.");
    const candidate = fromBase64(value);
    if (candidate === null || candidate.length !== 20) return fail("malformed", "X-Twilio-Signature is not a base64 SHA-1 digest.");
    let bodyHash: string | null;
    try {
      bodyHash = new URL(request.url).searchParams.get("bodySHA256");
    } catch {
      return fail("malformed", "The signed URL is not a URL.");
    }
    const form = (request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
    if (bodyHash !== null && bodyHash.toLowerCase() !== sha256Hex(request.body)) return fail("bad_signature", "bodySHA256 does not match the body.");
    const params = bodyHash === null && form ? new URLSearchParams(Buffer.from(request.body).toString("utf8")) : null;
    if (bodyHash === null && !form && request.body.byteLength > 0) return fail("malformed", "A Twilio body must be form-encoded, or signed through bodySHA256.");
    const strings = urlVariants(request.url).map((url) => twilioSignedString(url, params));
    let secret = null;
    for (const signed of strings) secret ??= findSigningSecret(secrets, (s) => hmac("sha1", s.value, [signed]), [candidate]);
    if (secret === null) return fail("bad_signature", "The signature does not match the URL and parameters.");
    return { ok: true, secretVersion: secret.version, replayKey: `twilio:${candidate.toString("hex")}`, replayForSeconds: SEVEN_DAYS, eventId: params?.get("MessageSid") ?? params?.get("CallSid") ?? null };
  },
};
