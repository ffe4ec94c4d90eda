import { describe, expect, it } from "vitest";
import { echoValues, headerPresetFor, hmacSchemePresets, optionalDays, parseCreateForm, parseOverlapHours, parseRotationSecret, splitCommaList } from "@/components/credentials/credential-form-fields";
import { rotationAgeText, secretHintText } from "@/components/credentials/credential-row";
import { credentialMetadataInput } from "@/lib/server/credentials/credential-metadata-input";
import { hmacSchemeConventions } from "@/lib/server/credentials/credential-settings";
import { methodInput } from "@/lib/server/credentials/method-inputs";

const reader = (fields: Record<string, string>) => (name: string) => (name in fields ? fields[name]! : null);

const CANARY = "sk_live_CANARYcanary0123456789abcdef";

describe("comma lists and numbers", () => {
  it("splits on commas and line breaks, trims, drops empties and duplicates", () => {
    expect(splitCommaList(" lead routing, enrichment,,\nlead routing , billing ")).toEqual(["lead routing", "enrichment", "billing"]);
    expect(splitCommaList("")).toEqual([]);
    expect(splitCommaList(null)).toEqual([]);
    expect(splitCommaList(" , ,")).toEqual([]);
  });

  it("reads an optional whole number of days", () => {
    expect(optionalDays("")).toBeUndefined();
    expect(optionalDays("  ")).toBeUndefined();
    expect(optionalDays(" 45 ")).toBe(45);
    expect(optionalDays("4.5")).toBeNaN();
    expect(optionalDays("abc")).toBeNaN();
  });

  it("defaults the overlap to 24 hours and passes other values on for the data layer to check", () => {
    expect(parseOverlapHours(null)).toBe(24);
    expect(parseOverlapHours("")).toBe(24);
    expect(parseOverlapHours("36")).toBe(36);
    expect(parseOverlapHours("12")).toBe(12);
  });
});

describe("header scheme presets", () => {
  it("recognises the API key header presets case-insensitively", () => {
    expect(headerPresetFor("X-API-Key", "")).toBe("x_api_key");
    expect(headerPresetFor("authorization", "bearer")).toBe("bearer");
    expect(headerPresetFor("Authorization", "Token")).toBe("token");
    expect(headerPresetFor("X-Custom", "")).toBe("custom");
    expect(headerPresetFor("Authorization", "")).toBe("custom");
  });

  it("mirrors the data layer's HMAC conventions exactly", () => {
    for (const [scheme, convention] of Object.entries(hmacSchemeConventions)) {
      const preset = hmacSchemePresets[scheme as keyof typeof hmacSchemePresets];
      expect({ label: preset.label, algorithm: preset.algorithm, encoding: preset.encoding, headerName: preset.headerName }).toEqual(convention);
    }
    expect(Object.keys(hmacSchemePresets).sort()).toEqual([...Object.keys(hmacSchemeConventions), "custom"].sort());
  });
});

describe("parseCreateForm", () => {
  const meta = { name: "HubSpot sync", provider: "HubSpot", environment: "prod", ownerId: "", workflows: "sync, enrich", peopleWithAccess: "Ana@Example.com, ops@example.com", rotationIntervalDays: "" };

  it("builds an API key input the data layer accepts, with header fields only for header placement", () => {
    const input = parseCreateForm("api_key", reader({ ...meta, secret: CANARY, placement: "query", headerName: "X-API-Key", queryParam: "api_key", expectedPrefix: "sk_live_", mode: "live" }));
    expect(input).toMatchObject({ method: "api_key", placement: "query", headerName: null, headerScheme: null, queryParam: "api_key", workflows: ["sync", "enrich"], sensitive: false, ownerId: null, rotationIntervalDays: undefined });
    expect(methodInput.safeParse(input).success).toBe(true);
    const parsedMeta = credentialMetadataInput.safeParse(input);
    expect(parsedMeta.success && parsedMeta.data.peopleWithAccess).toEqual(["ana@example.com", "ops@example.com"]);
  });

  it("reads the sensitive checkbox and the interval override", () => {
    const input = parseCreateForm("bearer", reader({ ...meta, token: "Bearer abcdefghijklmnop", sensitive: "on", rotationIntervalDays: "14" }));
    expect(input).toMatchObject({ sensitive: true, rotationIntervalDays: 14, token: "Bearer abcdefghijklmnop" });
    expect(methodInput.safeParse(input).success).toBe(true);
  });

  it("reads 'last rotated on' of an imported key: the browser's local midnight, else the plain date, else nothing", () => {
    const withInstant = parseCreateForm("bearer", reader({ ...meta, token: "Bearer abcdefghijklmnop", lastRotatedOn: "2026-05-21", lastRotatedAt: "2026-05-20T22:00:00.000Z" }));
    expect(withInstant.lastRotatedAt).toBe("2026-05-20T22:00:00.000Z");
    const noScript = parseCreateForm("bearer", reader({ ...meta, token: "Bearer abcdefghijklmnop", lastRotatedOn: "2026-05-21", lastRotatedAt: "" }));
    expect(noScript.lastRotatedAt).toBe("2026-05-21");
    const parsed = credentialMetadataInput.safeParse(noScript);
    expect(parsed.success && parsed.data.lastRotatedAt?.toISOString()).toBe("2026-05-21T00:00:00.000Z");
    // a cleared date field wins over a stale instant
    expect(parseCreateForm("bearer", reader({ ...meta, token: "x", lastRotatedOn: "", lastRotatedAt: "2026-05-20T22:00:00.000Z" })).lastRotatedAt).toBeUndefined();
    expect(echoValues("bearer", reader({ ...meta, lastRotatedOn: "2026-05-21" })).lastRotatedOn).toBe("2026-05-21");
  });

  it("sends no algorithm, encoding or header for a vendor HMAC preset, so the vendor's own apply", () => {
    const input = parseCreateForm("hmac", reader({ ...meta, secret: "whsec_0123456789abcdef", headerScheme: "shopify", algorithm: "sha1", encoding: "hex", headerName: "X-Other" }));
    expect(input).toMatchObject({ headerScheme: "shopify", algorithm: undefined, encoding: undefined, headerName: null, signaturePrefix: null });
    expect(methodInput.safeParse(input).success).toBe(true);
  });

  it("keeps the custom HMAC fields", () => {
    const input = parseCreateForm("hmac", reader({ ...meta, secret: "0123456789abcdef0123", headerScheme: "custom", algorithm: "sha512", encoding: "base64", headerName: "X-Sig", signaturePrefix: "v1=" }));
    expect(input).toMatchObject({ algorithm: "sha512", encoding: "base64", headerName: "X-Sig", signaturePrefix: "v1=" });
    expect(methodInput.safeParse(input).success).toBe(true);
  });

  it("reads track-only location fields", () => {
    const input = parseCreateForm("track_only", reader({ ...meta, location: "other", locationDetail: "" }));
    expect(input).toMatchObject({ method: "track_only", location: "other", locationDetail: null });
    expect(methodInput.safeParse(input).success).toBe(false);
  });
});

describe("echoValues never carries a secret back", () => {
  const secrets = { secret: CANARY, password: CANARY, token: CANARY, privateKeyPem: CANARY, certificatePem: CANARY, newSecret: CANARY };
  for (const method of ["api_key", "basic", "bearer", "hmac", "mtls", "track_only"] as const) {
    it(`${method}`, () => {
      const values = echoValues(method, reader({ ...secrets, name: "n", username: "u", headerName: "X-API-Key" }));
      expect(JSON.stringify(values)).not.toContain("CANARY");
      expect(values.name).toBe("n");
      expect(values.method).toBe(method);
    });
  }
});

describe("rotation secrets and display text", () => {
  it("reads the method's new secret", () => {
    expect(parseRotationSecret("api_key", reader({ newSecret: "abc" }))).toBe("abc");
    expect(parseRotationSecret("mtls", reader({ certificatePem: "C", privateKeyPem: "K" }))).toEqual({ certificatePem: "C", privateKeyPem: "K" });
    expect(parseRotationSecret("track_only", reader({ newSecret: "abc" }))).toBeNull();
  });

  it("formats hints and rotation age", () => {
    expect(secretHintText("sk_live_", "4f2a")).toBe("sk_live_…4f2a");
    expect(secretHintText(null, "4f2a")).toBe("…4f2a");
    expect(secretHintText("sk_", null)).toBeNull();
    expect(rotationAgeText(91, 90, true)).toBe("overdue (91 d / 90)");
    expect(rotationAgeText(31, 90, false)).toBe("31 d / 90");
  });
});
