import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { VerifyInput, VerifyResult, WebhookSecret } from "@/lib/server/webhooks/scheme-types";
import { hubspotSignedUri } from "@/lib/server/webhooks/schemes/hubspot-v3";
import { webhookSchemes, type WebhookSchemeId } from "@/lib/server/webhooks/schemes";

const enc = (s: string) => new TextEncoder().encode(s);
const mac = (alg: "sha256" | "sha1", key: string | Buffer, data: string, out: "hex" | "base64") => createHmac(alg, key).update(data).digest(out);

type Case = { method?: string; url?: string; headers: Record<string, string>; body: string; secrets: WebhookSecret[]; now: Date; tolerance?: number };
const run = (scheme: WebhookSchemeId, c: Case): VerifyResult => {
  const input: VerifyInput = { request: { method: c.method ?? "POST", url: c.url ?? "https://authpulse.example/api/webhooks/src_1", headers: new Headers(c.headers), body: enc(c.body) }, secrets: c.secrets, now: c.now, toleranceSeconds: c.tolerance ?? 300 };
  return webhookSchemes[scheme].verify(input);
};
const failure = (r: VerifyResult) => (r.ok ? "ok" : r.failure);
const at = (unixSeconds: number, plus = 0) => new Date((unixSeconds + plus) * 1000);

describe("GitHub X-Hub-Signature-256", () => {
  // docs.github.com "Validating webhook deliveries": secret and payload with their published digest.
  const secrets = [{ version: 1, value: "It's a Secret to Everybody" }];
  const documented = { headers: { "x-hub-signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, body: "Hello, World!", secrets, now: new Date() };

  it("accepts GitHub's documented example and names the delivery", () => {
    expect(run("github", documented)).toMatchObject({ ok: true, secretVersion: 1, eventId: "72d3162e-cc78-11e3-81ab-4c9367dc0958" });
  });
  it("refuses a tampered body, a tampered header, a missing header and a malformed one", () => {
    expect(failure(run("github", { ...documented, body: "Hello, World?" }))).toBe("bad_signature");
    expect(failure(run("github", { ...documented, headers: { "x-hub-signature-256": "sha256=657107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" } }))).toBe("bad_signature");
    expect(failure(run("github", { ...documented, headers: {} }))).toBe("missing_header");
    expect(failure(run("github", { ...documented, headers: { "x-hub-signature-256": "sha1=abc" } }))).toBe("malformed");
    expect(failure(run("github", { ...documented, headers: { "x-hub-signature-256": "sha256=zz" } }))).toBe("malformed");
  });
  it("keys the replay guard on the signature, not on the unsigned delivery id", () => {
    const a = run("github", documented);
    const b = run("github", { ...documented, headers: { ...documented.headers, "x-github-delivery": "another-id" } });
    expect(a.ok && b.ok && a.replayKey === b.replayKey).toBe(true);
  });
});

describe("Slack v0 signatures", () => {
  // api.slack.com "Verifying requests from Slack": the published example request.
  const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const headers = { "x-slack-request-timestamp": "1531420618", "x-slack-signature": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503" };
  const secrets = [{ version: 1, value: "8f742231b10e8888abcd99yyyzzz85a5" }];

  it("accepts Slack's documented example within five minutes", () => {
    expect(run("slack", { headers, body, secrets, now: at(1531420618, 60) }).ok).toBe(true);
  });
  it("refuses it when stale, from the future, tampered or without headers", () => {
    expect(failure(run("slack", { headers, body, secrets, now: at(1531420618, 301) }))).toBe("stale");
    expect(failure(run("slack", { headers, body, secrets, now: at(1531420618, -301) }))).toBe("future");
    expect(failure(run("slack", { headers, body: `${body}&x=1`, secrets, now: at(1531420618) }))).toBe("bad_signature");
    expect(failure(run("slack", { headers: { ...headers, "x-slack-request-timestamp": "1531420619" }, body, secrets, now: at(1531420618) }))).toBe("bad_signature");
    expect(failure(run("slack", { headers: { "x-slack-signature": headers["x-slack-signature"] }, body, secrets, now: at(1531420618) }))).toBe("missing_header");
    expect(failure(run("slack", { headers: { ...headers, "x-slack-request-timestamp": "yesterday" }, body, secrets, now: at(1531420618) }))).toBe("malformed");
  });
});

describe("Standard Webhooks", () => {
  // The specification's reference test vector (standard-webhooks/standard-webhooks).
  const secrets = [{ version: 1, value: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }];
  const headers = { "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330", "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" };
  const body = '{"test": 2432232314}';

  it("accepts the specification's vector and uses the signed id as replay key", () => {
    expect(run("standard_webhooks", { headers, body, secrets, now: at(1614265330, 10) })).toMatchObject({ ok: true, replayKey: "id:msg_p5jXN8AQM9LWM0D4loKWxJek", eventId: "msg_p5jXN8AQM9LWM0D4loKWxJek" });
  });
  it("accepts when one of several signatures is valid, refuses when none is", () => {
    const several = { ...headers, "webhook-signature": `v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,abc ${headers["webhook-signature"]}` };
    expect(run("standard_webhooks", { headers: several, body, secrets, now: at(1614265330) }).ok).toBe(true);
    expect(failure(run("standard_webhooks", { headers: { ...headers, "webhook-signature": "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=" }, body, secrets, now: at(1614265330) }))).toBe("bad_signature");
  });
  it("refuses a tampered id, stale and future timestamps, and a signature list without v1", () => {
    expect(failure(run("standard_webhooks", { headers: { ...headers, "webhook-id": "msg_other" }, body, secrets, now: at(1614265330) }))).toBe("bad_signature");
    expect(failure(run("standard_webhooks", { headers, body, secrets, now: at(1614265330, 301) }))).toBe("stale");
    expect(failure(run("standard_webhooks", { headers, body, secrets, now: at(1614265330, -301) }))).toBe("future");
    expect(failure(run("standard_webhooks", { headers: { ...headers, "webhook-signature": "v1a,xyz" }, body, secrets, now: at(1614265330) }))).toBe("malformed");
    expect(failure(run("standard_webhooks", { headers: { ...headers, "webhook-signature": "v2,abc" }, body, secrets, now: at(1614265330) }))).toBe("malformed");
  });
});

describe("Twilio X-Twilio-Signature", () => {
  // twilio.com/docs/usage/security "Validating signatures from Twilio": token 12345 and the example call.
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const body = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
  const secrets = [{ version: 1, value: "12345" }];
  const form = { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "0/KCTR6DLpKmkAf8muzZqo1nDgQ=" };

  it("accepts Twilio's documented example (URL plus sorted parameters) and with the default port added", () => {
    expect(run("twilio", { url, headers: form, body, secrets, now: new Date() })).toMatchObject({ ok: true, eventId: "CA1234567890ABCDE" });
    expect(run("twilio", { url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", headers: form, body, secrets, now: new Date() }).ok).toBe(true);
  });
  it("refuses a changed parameter, a changed URL and a malformed signature", () => {
    expect(failure(run("twilio", { url, headers: form, body: body.replace("Digits=1234", "Digits=9999"), secrets, now: new Date() }))).toBe("bad_signature");
    expect(failure(run("twilio", { url: url.replace("foo=1", "foo=2"), headers: form, body, secrets, now: new Date() }))).toBe("bad_signature");
    expect(failure(run("twilio", { url, headers: { ...form, "x-twilio-signature": "not base64!" }, body, secrets, now: new Date() }))).toBe("malformed");
  });
  it("verifies JSON bodies through bodySHA256 and refuses a body that does not match it", () => {
    const json = '{"CallSid":"CA1"}';
    const signedUrl = `https://mycompany.com/hook?bodySHA256=${createHash("sha256").update(json).digest("hex")}`;
    const headers = { "content-type": "application/json", "x-twilio-signature": mac("sha1", "12345", signedUrl, "base64") };
    expect(run("twilio", { url: signedUrl, headers, body: json, secrets, now: new Date() }).ok).toBe(true);
    expect(failure(run("twilio", { url: signedUrl, headers, body: '{"CallSid":"CA2"}', secrets, now: new Date() }))).toBe("bad_signature");
  });
});

describe("Stripe-Signature", () => {
  const secret = "whsec_test_secret_for_authpulse";
  const t = 1764500000;
  const body = '{"id":"evt_1","object":"event","type":"invoice.paid"}';
  const v1 = mac("sha256", secret, `${t}.${body}`, "hex");
  const secrets = [{ version: 1, value: secret }];

  it("accepts t= and v1= over '<t>.<body>' and reads the event id", () => {
    expect(run("stripe", { headers: { "stripe-signature": `t=${t},v1=${v1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39` }, body, secrets, now: at(t, 100) })).toMatchObject({ ok: true, eventId: "evt_1" });
  });
  it("accepts when one of several v1 signatures matches, and the replay key ignores the others", () => {
    const a = run("stripe", { headers: { "stripe-signature": `t=${t},v1=${"0".repeat(64)},v1=${v1}` }, body, secrets, now: at(t) });
    const b = run("stripe", { headers: { "stripe-signature": `t=${t},v1=${v1}` }, body, secrets, now: at(t) });
    expect(a.ok && b.ok && a.replayKey === b.replayKey).toBe(true);
  });
  it("refuses stale, future, tampered timestamp or body, and malformed or missing headers", () => {
    const h = { "stripe-signature": `t=${t},v1=${v1}` };
    expect(failure(run("stripe", { headers: h, body, secrets, now: at(t, 301) }))).toBe("stale");
    expect(failure(run("stripe", { headers: h, body, secrets, now: at(t, -301) }))).toBe("future");
    expect(failure(run("stripe", { headers: { "stripe-signature": `t=${t + 1},v1=${v1}` }, body, secrets, now: at(t) }))).toBe("bad_signature");
    expect(failure(run("stripe", { headers: h, body: body.replace("paid", "void"), secrets, now: at(t) }))).toBe("bad_signature");
    expect(failure(run("stripe", { headers: { "stripe-signature": `v1=${v1}` }, body, secrets, now: at(t) }))).toBe("malformed");
    expect(failure(run("stripe", { headers: { "stripe-signature": `t=${t},v0=${v1}` }, body, secrets, now: at(t) }))).toBe("malformed");
    expect(failure(run("stripe", { headers: { "stripe-signature": "garbage" }, body, secrets, now: at(t) }))).toBe("malformed");
    expect(failure(run("stripe", { headers: {}, body, secrets, now: at(t) }))).toBe("missing_header");
  });
  it("verifies with the previous secret during a rotation overlap and says which version signed", () => {
    const rotated = [{ version: 2, value: "whsec_new_secret" }, { version: 1, value: secret }];
    expect(run("stripe", { headers: { "stripe-signature": `t=${t},v1=${v1}` }, body, secrets: rotated, now: at(t) })).toMatchObject({ ok: true, secretVersion: 1 });
    expect(failure(run("stripe", { headers: { "stripe-signature": `t=${t},v1=${v1}` }, body, secrets: [{ version: 2, value: "whsec_new_secret" }], now: at(t) }))).toBe("bad_signature");
  });
});

describe("Shopify X-Shopify-Hmac-Sha256", () => {
  const secret = "shpss_example_client_secret";
  const body = '{"id":820982911946154508,"email":"jon@example.com"}';
  const headers = { "x-shopify-hmac-sha256": mac("sha256", secret, body, "base64"), "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" };
  const secrets = [{ version: 1, value: secret }];

  it("accepts the base64 HMAC of the raw body", () => {
    expect(run("shopify", { headers, body, secrets, now: new Date() })).toMatchObject({ ok: true, eventId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043" });
  });
  it("refuses a re-serialised body (whitespace matters), a hex signature and a missing header", () => {
    expect(failure(run("shopify", { headers, body: JSON.stringify(JSON.parse(body), null, 1), secrets, now: new Date() }))).toBe("bad_signature");
    expect(failure(run("shopify", { headers: { "x-shopify-hmac-sha256": mac("sha256", secret, body, "hex") }, body, secrets, now: new Date() }))).toBe("malformed");
    expect(failure(run("shopify", { headers: {}, body, secrets, now: new Date() }))).toBe("missing_header");
  });
});

describe("HubSpot signature v3", () => {
  const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  const ts = "1764500000000";
  const url = "https://authpulse.example/api/webhooks/src_1?portal=62515&from=a%40b.example";
  const body = '[{"eventId":1,"subscriptionType":"contact.creation"}]';
  const signature = mac("sha256", secret, `POST${"https://authpulse.example/api/webhooks/src_1?portal=62515&from=a@b.example"}${body}${ts}`, "base64");
  const secrets = [{ version: 1, value: secret }];
  const headers = { "x-hubspot-signature-v3": signature, "x-hubspot-request-timestamp": ts };

  it("decodes exactly HubSpot's listed escapes in the URI", () => {
    expect(hubspotSignedUri("https://x.example/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm%20n%2Bo")).toBe("https://x.example/a:b/c?d@e!f$g'h(i)j*k,l;m%20n%2Bo");
  });
  it("accepts method + decoded URI + body + millisecond timestamp", () => {
    expect(run("hubspot_v3", { url, headers, body, secrets, now: new Date(Number(ts) + 60_000) }).ok).toBe(true);
  });
  it("refuses another method, a stale or future request, and a seconds timestamp", () => {
    expect(failure(run("hubspot_v3", { method: "PUT", url, headers, body, secrets, now: new Date(Number(ts)) }))).toBe("bad_signature");
    expect(failure(run("hubspot_v3", { url, headers, body, secrets, now: new Date(Number(ts) + 301_000) }))).toBe("stale");
    expect(failure(run("hubspot_v3", { url, headers, body, secrets, now: new Date(Number(ts) - 301_000) }))).toBe("future");
    expect(failure(run("hubspot_v3", { url, headers: { ...headers, "x-hubspot-request-timestamp": "1764500000" }, body, secrets, now: new Date(Number(ts)) }))).toBe("bad_signature");
  });
});

describe("generic HMAC-SHA256 with timestamp", () => {
  const secret = "a-long-random-shared-secret";
  const ts = "1764500000";
  const body = '{"lead":"l_1"}';
  const sig = `sha256=${mac("sha256", secret, `${ts}.${body}`, "hex")}`;
  const secrets = [{ version: 3, value: secret }];

  it("accepts X-Webhook-Signature over '<timestamp>.<body>', also as one of a comma-separated list", () => {
    expect(run("generic_hmac", { headers: { "x-webhook-signature": sig, "x-webhook-timestamp": ts }, body, secrets, now: at(1764500000) })).toMatchObject({ ok: true, secretVersion: 3 });
    expect(run("generic_hmac", { headers: { "x-webhook-signature": `sha256=${"ab".repeat(32)}, ${sig}`, "x-webhook-timestamp": ts }, body, secrets, now: at(1764500000) }).ok).toBe(true);
  });
  it("refuses stale, tampered and malformed deliveries", () => {
    expect(failure(run("generic_hmac", { headers: { "x-webhook-signature": sig, "x-webhook-timestamp": ts }, body, secrets, now: at(1764500000, 301) }))).toBe("stale");
    expect(failure(run("generic_hmac", { headers: { "x-webhook-signature": sig, "x-webhook-timestamp": "1764500001" }, body, secrets, now: at(1764500000) }))).toBe("bad_signature");
    expect(failure(run("generic_hmac", { headers: { "x-webhook-signature": sig.replace("sha256=", "md5="), "x-webhook-timestamp": ts }, body, secrets, now: at(1764500000) }))).toBe("malformed");
  });
});

describe("every scheme", () => {
  it("fails closed with no secret at all", () => {
    for (const id of Object.keys(webhookSchemes) as WebhookSchemeId[]) {
      const r = run(id, { headers: { "x-hub-signature-256": `sha256=${"0".repeat(64)}`, "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }, body: "{}", secrets: [], now: new Date() });
      expect([id, r.ok]).toEqual([id, false]);
    }
  });
});
