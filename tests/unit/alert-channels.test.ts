// What the channels send: the Standard Webhooks signature (the published test vector) and the Slack Block Kit payload.
import { describe, expect, it } from "vitest";
import type { AlertMessage } from "@/lib/server/alerts/channels/alert-message";
import { httpFailure } from "@/lib/server/alerts/channels/send-attempts";
import { slackPayload } from "@/lib/server/alerts/channels/slack-channel";
import { generateWebhookSecret, signWebhook, webhookHeaders } from "@/lib/server/alerts/channels/standard-webhooks";
import { standardWebhooksScheme } from "@/lib/server/webhooks/schemes/standard-webhooks";

/** Checks a delivery with Authpulse's inbound verifier (written separately, for receiving vendors' webhooks). */
function verifyWebhook(secret: string, h: { id: string; timestamp: string; signature: string }, body: string, now: Date): boolean {
  const headers = new Headers({ "webhook-id": h.id, "webhook-timestamp": h.timestamp, "webhook-signature": h.signature });
  return standardWebhooksScheme.verify({ request: { method: "POST", url: "https://receiver.example.com/", headers, body: new TextEncoder().encode(body) }, secrets: [{ version: 1, value: secret }], now, toleranceSeconds: 300 }).ok;
}

const VECTOR = { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: '{"test": 2432232314}', signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" };

const message = (over: Partial<AlertMessage> = {}): AlertMessage => ({
  id: "msg_1", kind: "opened", alertId: "a1", rule: "refresh_failing", severity: "critical",
  title: "HubSpot prod <@here> needs reconnecting", body: "The authorization was revoked & must be renewed.",
  fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: "v" })), fixUrl: "https://authpulse.example.com/connections/c1", workspaceName: "RevOps", at: new Date("2026-12-07T10:00:00Z"), ...over,
});

describe("Standard Webhooks signing", () => {
  it("reproduces the specification's published test vector exactly", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("verifies any listed v1 signature and refuses tampered bodies, other secrets and stale timestamps", () => {
    const at = new Date(VECTOR.timestamp * 1000);
    const headers = { id: VECTOR.id, timestamp: String(VECTOR.timestamp), signature: `v1,bm9wZQ== ${VECTOR.signature}` };
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body, at)).toBe(true);
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body.replace("2432", "2433"), at)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, VECTOR.body, at)).toBe(false);
    expect(verifyWebhook(VECTOR.secret, headers, VECTOR.body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(verifyWebhook(VECTOR.secret, { ...headers, timestamp: "abc" }, VECTOR.body, at)).toBe(false);
  });

  it("builds webhook-id, integer-second webhook-timestamp and webhook-signature headers", () => {
    const headers = webhookHeaders(VECTOR.secret, "msg_x", new Date("2026-12-07T10:00:00.900Z"), "{}");
    expect(headers).toEqual({ "webhook-id": "msg_x", "webhook-timestamp": "1796637600", "webhook-signature": signWebhook(VECTOR.secret, "msg_x", 1796637600, "{}") });
    expect(generateWebhookSecret()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });
});

describe("Slack Block Kit payload", () => {
  it("has a header, the explanation, at most 10 fields and a button back to the fix; our text is escaped", () => {
    const payload = slackPayload(message());
    expect(payload.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions", "context"]);
    expect(payload.blocks[0]).toMatchObject({ text: { type: "plain_text", text: "HubSpot prod <@here> needs reconnecting" } });
    expect(JSON.stringify(payload.blocks[1])).toContain("revoked &amp; must");
    expect((payload.blocks[2] as { fields: unknown[] }).fields).toHaveLength(10);
    expect(payload.blocks[3]).toMatchObject({ elements: [{ type: "button", url: "https://authpulse.example.com/connections/c1", style: "primary" }] });
  });

  it("says 'Recovered:' in the same channel (incoming webhooks cannot thread) and clips the header to 150 characters", () => {
    expect(slackPayload(message({ kind: "recovered" })).text).toBe("Recovered: HubSpot prod &lt;@here&gt; needs reconnecting");
    const long = slackPayload(message({ title: "x".repeat(400) }));
    expect((long.blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
  });
});

describe("delivery errors", () => {
  it("are fixed sentences with the status, retryable only for 5xx, 408 and 429", () => {
    expect(httpFailure(503)).toEqual({ ok: false, httpStatus: 503, error: "The receiver answered HTTP 503.", retryable: true });
    expect(httpFailure(404)).toMatchObject({ retryable: false, error: expect.stringContaining("revoked") });
    expect(httpFailure(429).retryable).toBe(true);
  });
});
