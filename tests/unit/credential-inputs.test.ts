import { describe, expect, it } from "vitest";
import { credentialMetadataInput, rotationIntervalFor } from "@/lib/server/credentials/credential-metadata-input";
import { apiKeyMismatch, methodInput } from "@/lib/server/credentials/method-inputs";
import { prepareNewCredential } from "@/lib/server/credentials/prepare-secret";
import { prefixMode, secretHints } from "@/lib/server/credentials/secret-hints";

const fieldErrors = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [String(i.path[0] ?? "form"), i.message]));

describe("what a screen may show of a secret", () => {
  it("shows vendor prefixes of up to 8 characters and the last four", () => {
    expect(secretHints("sk_live_51Habcdefghijklmnopqrstuv")).toEqual({ prefix: "sk_live_", last4: "stuv" });
    expect(secretHints("pat-na1-11111111-2222-3333-4444-555555555555")).toEqual({ prefix: "pat-", last4: "5555" });
    expect(secretHints("xoxb-1234567890-abcdefghijkl")).toEqual({ prefix: "xoxb-", last4: "ijkl" });
    expect(secretHints("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toEqual({ prefix: "whsec_", last4: "LaSw" });
  });

  it("uses the admin's expected prefix when the key starts with it, cut to 8 characters", () => {
    expect(secretHints("rk_live_0123456789abcdefghij", "rk_live_")).toEqual({ prefix: "rk_live_", last4: "ghij" });
    expect(secretHints("acme-prod-key-0123456789abcdefghij", "acme-prod-key-")).toEqual({ prefix: "acme-pro", last4: "ghij" });
  });

  it("shows no prefix for random material (digits or capitals) and nothing at all for short secrets", () => {
    expect(secretHints("9fA3_kd93jf83hf8shd83hd8")).toEqual({ prefix: null, last4: "3hd8" });
    expect(secretHints("Abc_0123456789abcdefghij")).toEqual({ prefix: null, last4: "ghij" });
    expect(secretHints("hunter2-password")).toEqual({ prefix: null, last4: "word" });
    expect(secretHints("short-secret-15")).toEqual({ prefix: null, last4: null });
    // A prefix is dropped when too little of the secret would stay hidden.
    expect(secretHints("sk_live_abcdefghijk")).toEqual({ prefix: null, last4: "hijk" });
  });

  it("tells test keys from live keys by their prefix", () => {
    expect([prefixMode("sk_test_"), prefixMode("sk_live_"), prefixMode("pat-"), prefixMode(null)]).toEqual(["test", "live", null, null]);
  });
});

describe("API key checks", () => {
  it("refuses a key without the expected prefix, and a test key in live mode", () => {
    expect(apiKeyMismatch("pk_live_0123456789abcdefghij", { expectedPrefix: "sk_live_", mode: "live" })).toEqual({ field: "secret", message: "This key does not start with sk_live_. Check that you pasted the right key." });
    expect(apiKeyMismatch("sk_test_0123456789abcdefghij", { expectedPrefix: null, mode: "live" })).toEqual({ field: "mode", message: "This looks like a test key (sk_test_…), but the mode is live." });
    expect(apiKeyMismatch("sk_live_0123456789abcdefghij", { expectedPrefix: "sk_live_", mode: "live" })).toBeNull();
  });
});

describe("per-method validation", () => {
  it("asks for a header name or a query parameter depending on placement", () => {
    expect(fieldErrors(methodInput.safeParse({ method: "api_key", secret: "0123456789abcdef" }))).toEqual({ headerName: "Enter the header the key goes in (for example X-API-Key or Authorization)." });
    expect(fieldErrors(methodInput.safeParse({ method: "api_key", secret: "0123456789abcdef", placement: "query", queryParam: "api key" }))).toEqual({ queryParam: "A query parameter name has letters, digits, _ . ~ and - only." });
    expect(fieldErrors(methodInput.safeParse({ method: "api_key", secret: "0123 4567 89ab", headerName: "X-API-Key" }))).toEqual({ secret: "The API key contains spaces or line breaks. Paste it again without them." });
  });

  it("fills an HMAC scheme's algorithm and encoding, and requires 16 bytes of secret", () => {
    const prepared = prepareNewCredential(methodInput.parse({ method: "hmac", secret: "0123456789abcdef", headerScheme: "twilio" }), new Date());
    expect(prepared.ok && prepared.value.settings).toEqual({ algorithm: "sha1", encoding: "base64", headerScheme: "twilio", headerName: "X-Twilio-Signature", signaturePrefix: null });
    expect(fieldErrors(methodInput.safeParse({ method: "hmac", secret: "0123456789abcde", headerScheme: "github" }))).toEqual({ secret: "A signing secret needs at least 16 bytes." });
    expect(fieldErrors(methodInput.safeParse({ method: "hmac", secret: "0123456789abcdef", headerScheme: "twilio", algorithm: "sha256" }))).toEqual({ algorithm: "Twilio signs with sha1." });
    expect(fieldErrors(methodInput.safeParse({ method: "hmac", secret: "0123456789abcdef" }))).toEqual({ headerScheme: "Choose the signature scheme (the vendor, or custom)." });
  });

  it("accepts a bearer token pasted with its scheme, and refuses one with spaces inside", () => {
    expect(methodInput.parse({ method: "bearer", token: "  Bearer abcdefgh12345678 " })).toEqual({ method: "bearer", token: "abcdefgh12345678" });
    expect(fieldErrors(methodInput.safeParse({ method: "bearer", token: "abcd efgh 1234" }))).toEqual({ token: "The token contains spaces or line breaks. Paste it again without them." });
  });

  it("names the method field when the method is unknown or missing", () => {
    expect(Object.keys(fieldErrors(methodInput.safeParse({ method: "carrier_pigeon" })))).toEqual(["method"]);
    expect(Object.keys(fieldErrors(methodInput.safeParse({})))).toEqual(["method"]);
  });
});

describe("credential metadata", () => {
  it("defaults to prod, no workflows, 90-day rotation (30 when sensitive), and normalises people", () => {
    const parsed = credentialMetadataInput.parse({ name: " HubSpot ", provider: "HubSpot", peopleWithAccess: ["Ana@Acme.example", "ana@acme.example", "user_123"], sensitive: true });
    expect(parsed).toMatchObject({ name: "HubSpot", environment: "prod", workflows: [], peopleWithAccess: ["ana@acme.example", "user_123"], ownerId: null });
    expect(rotationIntervalFor(parsed)).toBe(30);
    expect(rotationIntervalFor({ sensitive: false })).toBe(90);
    expect(rotationIntervalFor({ sensitive: true, rotationIntervalDays: 60 })).toBe(60);
  });

  it("refuses a malformed email among the people with access, and an invalid date", () => {
    expect(fieldErrors(credentialMetadataInput.safeParse({ name: "a", provider: "b", peopleWithAccess: ["ana@"], lastRotatedAt: "yesterday" }))).toEqual({
      peopleWithAccess: "This email address is not valid.",
      lastRotatedAt: "Enter a valid date.",
    });
  });
});
