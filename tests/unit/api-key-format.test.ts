import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestMeta } from "@/lib/server/api-keys/api-audit";
import { apiKeyMayRead, generateApiKey, hasApiKeyShape, maskedApiKey, normalizeTag, parseTagList, startsLikeApiKey, uniqueTags } from "@/lib/server/api-keys/api-key-format";
import { assertNoKeyInUrl, presentedKey } from "@/lib/server/api-keys/authenticate-api-key";
import { credentialReadBody, describeSecretLocation } from "@/lib/server/api-keys/credential-material";
import type { RevealedCredential } from "@/lib/server/credentials/reveal-secret-for-use";
import { ServiceError } from "@/lib/server/errors";

describe("Authpulse API key format", () => {
  it("generates prefixed keys of 32 random bytes and keeps only the hash, prefix and last four", () => {
    const live = generateApiKey("live");
    const test = generateApiKey("test");
    expect(live.key).toMatch(/^ap_live_[A-Za-z0-9_-]{43}$/);
    expect(test.key).toMatch(/^ap_test_[A-Za-z0-9_-]{43}$/);
    expect(live.prefix).toBe("ap_live_");
    expect(live.last4).toBe(live.key.slice(-4));
    expect(live.keyHash).toBe(createHash("sha256").update(live.key).digest("hex"));
    expect(generateApiKey("live").key).not.toBe(live.key);
    expect(maskedApiKey(live.prefix, live.last4)).toBe(`ap_live_…${live.last4}`);
  });

  it("recognises the key shape", () => {
    const { key } = generateApiKey("live");
    expect(hasApiKeyShape(key)).toBe(true);
    expect(hasApiKeyShape(key.slice(0, -1))).toBe(false);
    expect(hasApiKeyShape(`sk_live_${key.slice(8)}`)).toBe(false);
    expect(hasApiKeyShape(`${key} `)).toBe(false);
    expect(startsLikeApiKey("ap_test_x")).toBe(true);
    expect(startsLikeApiKey("ap_prod_x")).toBe(false);
  });
});

describe("reading the presented key", () => {
  it("takes Authorization: Bearer first, then X-Api-Key", () => {
    expect(presentedKey({ authorizationHeader: "Bearer ap_live_abc", xApiKeyHeader: "ap_live_other" })).toBe("ap_live_abc");
    expect(presentedKey({ authorizationHeader: "bearer   ap_live_abc" })).toBe("ap_live_abc");
    expect(presentedKey({ authorizationHeader: null, xApiKeyHeader: " ap_test_xyz " })).toBe("ap_test_xyz");
    expect(presentedKey({ authorizationHeader: "Basic dXNlcjpwYXNz" })).toBe("Basic dXNlcjpwYXNz");
    expect(presentedKey({})).toBeNull();
  });

  it("refuses keys in the URL with one clear message", () => {
    for (const url of ["https://a.example/api/v1/credentials/c1?api_key=x", "https://a.example/x?KEY=1", "https://a.example/x?token=", "https://a.example/x?access_token=1", "https://a.example/x?q=ap_live_abc"]) {
      let error: unknown;
      try {
        assertNoKeyInUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ServiceError);
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: "Send the key in the Authorization header, never in a URL." });
    }
    expect(() => assertNoKeyInUrl("https://a.example/api/v1/credentials/c1?fields=all")).not.toThrow();
  });

  it("takes the first x-forwarded-for address, or unknown", () => {
    expect(requestMeta(new Request("https://a.example/", { headers: { "x-forwarded-for": " 203.0.113.9 , 10.0.0.1", "user-agent": "curl/8" } }))).toEqual({ ip: "203.0.113.9", userAgent: "curl/8" });
    expect(requestMeta(new Request("https://a.example/"))).toEqual({ ip: "unknown", userAgent: null });
    expect(requestMeta(new Request("https://a.example/", { headers: { "user-agent": "x".repeat(2000) } })).userAgent).toHaveLength(500);
  });
});

describe("the material each method returns", () => {
  const version = (n: number, state: "active" | "overlap", material: RevealedCredential["versions"][number]["material"]) => ({ version: n, state, overlapEndsAt: state === "overlap" ? new Date("2026-11-24T10:00:00Z") : null, material });

  it("api_key: header with or without scheme, or query parameter", () => {
    const base = { placement: "header" as const, headerName: "X-API-Key", headerScheme: null, queryParam: null, expectedPrefix: null, mode: "live" as const };
    const bare = credentialReadBody({ credentialId: "c1", method: "api_key", settings: base, versions: [version(1, "active", { method: "api_key", secret: "k1" })] });
    expect(bare).toEqual({ credential: { id: "c1", method: "api_key" }, version: 1, overlapEndsAt: null, header: { name: "X-API-Key", value: "k1" }, previous: null });
    const scheme = credentialReadBody({ credentialId: "c1", method: "api_key", settings: { ...base, headerName: "Authorization", headerScheme: "Token" }, versions: [version(1, "active", { method: "api_key", secret: "k1" })] });
    expect(scheme).toMatchObject({ header: { name: "Authorization", value: "Token k1" } });
    const query = credentialReadBody({ credentialId: "c1", method: "api_key", settings: { ...base, placement: "query", headerName: null, queryParam: "hapikey" }, versions: [version(1, "active", { method: "api_key", secret: "k1" })] });
    expect(query).toMatchObject({ query: { name: "hapikey", value: "k1" } });
    expect(query).not.toHaveProperty("header");
  });

  it("bearer with the previous version during an overlap", () => {
    const body = credentialReadBody({
      credentialId: "c2",
      method: "bearer",
      settings: {},
      versions: [version(3, "active", { method: "bearer", secret: "new" }), version(2, "overlap", { method: "bearer", secret: "old" })],
    });
    expect(body).toEqual({
      credential: { id: "c2", method: "bearer" },
      version: 3,
      overlapEndsAt: null,
      header: { name: "Authorization", value: "Bearer new" },
      previous: { version: 2, overlapEndsAt: "2026-11-24T10:00:00.000Z", header: { name: "Authorization", value: "Bearer old" } },
    });
  });

  it("basic, hmac and mtls", () => {
    expect(credentialReadBody({ credentialId: "c3", method: "basic", settings: { username: "u" }, versions: [version(1, "active", { method: "basic", username: "u", password: "p:w" })] })).toMatchObject({
      basic: { username: "u", password: "p:w" },
      header: { name: "Authorization", value: `Basic ${Buffer.from("u:p:w").toString("base64")}` },
    });
    expect(
      credentialReadBody({ credentialId: "c4", method: "hmac", settings: { algorithm: "sha256", encoding: "base64", headerScheme: "shopify", headerName: "X-Shopify-Hmac-Sha256", signaturePrefix: null }, versions: [version(1, "active", { method: "hmac", secret: "s" })] }),
    ).toMatchObject({ secret: "s", algorithm: "sha256", encoding: "base64", headerName: "X-Shopify-Hmac-Sha256", headerScheme: "shopify" });
    const mtlsSettings = { certificatePem: "C", subject: "", issuer: "", subjectAltNames: [], serialNumber: "", notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", fingerprint256: "", keyType: null };
    expect(credentialReadBody({ credentialId: "c5", method: "mtls", settings: mtlsSettings, versions: [version(1, "active", { method: "mtls", certificatePem: "C", privateKeyPem: "K" })] })).toMatchObject({ certificatePem: "C", privateKeyPem: "K" });
  });

  it("names where a track-only secret lives", () => {
    expect(describeSecretLocation({ location: "aws_secrets_manager", locationDetail: null })).toBe("AWS Secrets Manager");
    expect(describeSecretLocation({ location: "one_password", locationDetail: "Ops vault" })).toBe("1Password (Ops vault)");
  });
});

describe("API key tag scopes", () => {
  it("parses a comma-separated tag list and deduplicates labels case-insensitively, keeping the first spelling", () => {
    expect(parseTagList(" Billing Sync, ,nightly\nLead routing ,")).toEqual(["Billing Sync", "nightly", "Lead routing"]);
    expect(parseTagList("   ")).toEqual([]);
    expect(uniqueTags([" Billing ", "billing", "BILLING", "", "  ", "Nightly"])).toEqual(["Billing", "Nightly"]);
    expect(normalizeTag("  Lead Routing ")).toBe("lead routing");
  });

  it("lets a key read a credential in its ids, or whose workflow labels match one of its tags (trimmed, case-insensitive)", () => {
    const credential = { id: "c1", workflows: ["  Lead Routing ", "reporting"] };
    expect(apiKeyMayRead({ credentialIds: ["c1"], tags: [] }, { id: "c1", workflows: [] })).toBe(true);
    expect(apiKeyMayRead({ credentialIds: [], tags: ["LEAD routing"] }, credential)).toBe(true);
    expect(apiKeyMayRead({ credentialIds: [], tags: [" Reporting "] }, credential)).toBe(true);
    expect(apiKeyMayRead({ credentialIds: ["c2"], tags: ["lead"] }, credential)).toBe(false);
    expect(apiKeyMayRead({ credentialIds: [], tags: [] }, credential)).toBe(false);
    expect(apiKeyMayRead({ credentialIds: [], tags: ["billing"] }, { id: "c1", workflows: [] })).toBe(false);
  });
});
