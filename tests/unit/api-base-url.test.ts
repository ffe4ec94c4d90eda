import { describe, expect, it } from "vitest";
import { tokenGrantRawFields } from "@/lib/server/oauth/token-grant";
import { joinApiPath, resolveApiBaseUrl } from "@/lib/server/providers/api-base-url";
import { catalog, demoProviderEntry, findProvider } from "@/lib/server/providers/catalog";
import { providerEntrySchema, type ProviderEntry } from "@/lib/server/providers/provider-entry-schema";

function provider(id: string): ProviderEntry {
  const entry = findProvider(id);
  if (!entry) throw new Error(`${id} missing from the catalog`);
  return entry;
}

function issueMessages(entry: unknown): string[] {
  const parsed = providerEntrySchema.safeParse(entry);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("catalog API base URLs", () => {
  it.each(catalog.map((entry) => [entry.id, entry] as const))(
    "%s resolves to an https base, or says why it cannot without the token response",
    (_id, entry) => {
      expect(entry.api, "every shipped entry names its API").toBeDefined();
      const api = entry.api!;
      expect(new URL(api.doc).protocol).toBe("https:");
      const resolved = resolveApiBaseUrl(entry, {});
      if (resolved === null) {
        // No fixed host: the token response must name it, and the note must say so.
        expect(api.baseUrl).toBeUndefined();
        expect(api.baseUrlFromTokenResponse).toBeDefined();
        expect(api.note ?? "").toMatch(/no fixed api host/i);
      } else {
        const url = new URL(resolved);
        expect(url.protocol).toBe("https:");
        expect(url.search + url.hash + url.username + url.password).toBe("");
        expect(resolved.endsWith("/")).toBe(false);
      }
    },
  );

  it("reads only token-response fields that the token grant keeps", () => {
    for (const entry of catalog) {
      const field = entry.api?.baseUrlFromTokenResponse;
      if (field !== undefined) expect(tokenGrantRawFields as readonly string[], entry.id).toContain(field);
    }
  });

  it("knows the documented fixed hosts", () => {
    expect(resolveApiBaseUrl(provider("hubspot"), {})).toBe("https://api.hubapi.com");
    expect(resolveApiBaseUrl(provider("google-workspace"), {})).toBe("https://www.googleapis.com");
    expect(resolveApiBaseUrl(provider("microsoft-entra"), {})).toBe("https://graph.microsoft.com");
    expect(resolveApiBaseUrl(provider("outreach"), {})).toBe("https://api.outreach.io/api/v2");
    expect(resolveApiBaseUrl(provider("close"), {})).toBe("https://api.close.com/api/v1");
    expect(resolveApiBaseUrl(provider("slack"), {})).toBe("https://slack.com/api");
    expect(resolveApiBaseUrl(provider("zoom"), {})).toBe("https://api.zoom.us/v2");
  });

  it("uses the demo provider's issuer, http allowed on loopback", () => {
    const entry = demoProviderEntry("http://127.0.0.1:4001/");
    expect(issueMessages(entry)).toEqual([]);
    expect(resolveApiBaseUrl(entry, {})).toBe("http://127.0.0.1:4001");
    expect(joinApiPath("http://127.0.0.1:4001", "/me")).toBe("http://127.0.0.1:4001/me");
  });
});

describe("resolveApiBaseUrl", () => {
  it("takes Salesforce's host from instance_url, and has none without it", () => {
    const salesforce = provider("salesforce");
    expect(resolveApiBaseUrl(salesforce, { tokenResponse: { instance_url: "https://acme.my.salesforce.com/" } })).toBe(
      "https://acme.my.salesforce.com",
    );
    expect(resolveApiBaseUrl(provider("salesforce-sandbox"), { tokenResponse: { instance_url: "https://acme--uat.sandbox.my.salesforce.com" } })).toBe(
      "https://acme--uat.sandbox.my.salesforce.com",
    );
    expect(resolveApiBaseUrl(salesforce, {})).toBeNull();
    expect(resolveApiBaseUrl(salesforce, { tokenResponse: { instance_url: 42 } })).toBeNull();
  });

  it("takes Zoho's data center from api_domain, else the template with its default or given value", () => {
    const zoho = provider("zoho-crm");
    expect(resolveApiBaseUrl(zoho, { tokenResponse: { api_domain: "https://www.zohoapis.eu" } })).toBe("https://www.zohoapis.eu");
    expect(resolveApiBaseUrl(zoho, {})).toBe("https://www.zohoapis.com");
    expect(resolveApiBaseUrl(zoho, { templateValues: { api_domain: "www.zohoapis.in" } })).toBe("https://www.zohoapis.in");
    // A template value that is not allowed resolves to nothing rather than to another host.
    expect(resolveApiBaseUrl(zoho, { templateValues: { api_domain: "evil.example" } })).toBeNull();
  });

  it("refuses an http api_domain on a public host and falls back to the template", () => {
    const zoho = provider("zoho-crm");
    expect(resolveApiBaseUrl(zoho, { tokenResponse: { api_domain: "http://www.zohoapis.eu" } })).toBe("https://www.zohoapis.com");
    const pipedrive = provider("pipedrive");
    expect(resolveApiBaseUrl(pipedrive, { tokenResponse: { api_domain: "http://acme.pipedrive.com" } })).toBe("https://api.pipedrive.com");
    expect(resolveApiBaseUrl(pipedrive, { tokenResponse: { api_domain: "https://acme.pipedrive.com" } })).toBe("https://acme.pipedrive.com");
  });

  it("refuses token-response URLs with credentials, a query, a fragment or another scheme", () => {
    const salesforce = provider("salesforce");
    for (const instanceUrl of [
      "https://user:pass@acme.my.salesforce.com",
      "https://acme.my.salesforce.com/?x=1",
      "https://acme.my.salesforce.com/#frag",
      "https://acme.my.salesforce.com?",
      "javascript:alert(1)",
      "ftp://acme.my.salesforce.com",
      "acme.my.salesforce.com",
      "",
    ]) {
      expect(resolveApiBaseUrl(salesforce, { tokenResponse: { instance_url: instanceUrl } }), instanceUrl).toBeNull();
    }
  });

  it("accepts http from the token response only on loopback", () => {
    const gong = provider("gong");
    expect(resolveApiBaseUrl(gong, { tokenResponse: { api_base_url_for_customer: "https://company-17.api.gong.io" } })).toBe(
      "https://company-17.api.gong.io",
    );
    expect(resolveApiBaseUrl(gong, { tokenResponse: { api_base_url_for_customer: "http://127.0.0.1:9000/" } })).toBe("http://127.0.0.1:9000");
    expect(resolveApiBaseUrl(gong, { tokenResponse: { api_base_url_for_customer: "http://10.0.0.5" } })).toBeNull();
  });

  it("returns null for an entry without api", () => {
    const { api: _api, ...withoutApi } = provider("hubspot");
    expect(resolveApiBaseUrl(withoutApi, {})).toBeNull();
  });
});

describe("api schema rules", () => {
  const hubspot = provider("hubspot");

  it("refuses an http API base on a shipped entry", () => {
    expect(issueMessages({ ...hubspot, api: { baseUrl: "http://api.hubapi.com", doc: "https://example.com/docs" } })).toEqual([
      "api.baseUrl: api.baseUrl must use https",
    ]);
  });

  it("refuses a base with a query, an undeclared placeholder, or neither base nor token field", () => {
    expect(issueMessages({ ...hubspot, api: { baseUrl: "https://api.hubapi.com/?v=1", doc: "https://example.com/docs" } })).toEqual([
      "api.baseUrl: api.baseUrl must not have a query",
    ]);
    expect(issueMessages({ ...hubspot, api: { baseUrl: "https://{region}.hubapi.com", doc: "https://example.com/docs" } })).toEqual([
      "api.baseUrl: the URL uses {region}, which the entry does not declare",
    ]);
    expect(issueMessages({ ...hubspot, api: { doc: "https://example.com/docs" } })).toEqual([
      "api: api needs a baseUrl, a baseUrlFromTokenResponse, or both",
    ]);
  });

  it("lets the doc link point at a section", () => {
    expect(issueMessages({ ...hubspot, api: { baseUrl: "https://api.hubapi.com", doc: "https://example.com/docs#base-url" } })).toEqual([]);
  });
});

describe("joinApiPath", () => {
  const base = "https://api.outreach.io/api/v2";

  it("appends the path under the base and keeps the query", () => {
    expect(joinApiPath(base, "prospects")).toBe("https://api.outreach.io/api/v2/prospects");
    expect(joinApiPath(base, "/prospects/42", "?filter[emails]=a@b.example&page[size]=5")).toBe(
      "https://api.outreach.io/api/v2/prospects/42?filter[emails]=a@b.example&page[size]=5",
    );
    expect(joinApiPath(base, "prospects", "include=account")).toBe("https://api.outreach.io/api/v2/prospects?include=account");
    expect(joinApiPath("https://api.hubapi.com/", "/crm/v3/objects/contacts", "?limit=10&after=abc")).toBe(
      "https://api.hubapi.com/crm/v3/objects/contacts?limit=10&after=abc",
    );
  });

  it("keeps a trailing slash and the base itself for an empty path", () => {
    expect(joinApiPath("https://api.close.com/api/v1", "/me/")).toBe("https://api.close.com/api/v1/me/");
    expect(joinApiPath(base, "")).toBe("https://api.outreach.io/api/v2");
    expect(joinApiPath(base, "/", "a=1")).toBe("https://api.outreach.io/api/v2?a=1");
  });

  it("keeps encoded data in a segment, slash included", () => {
    expect(joinApiPath("https://api.airtable.com", "v0/app123/Leads%2FQ3")).toBe("https://api.airtable.com/v0/app123/Leads%2FQ3");
    expect(joinApiPath("https://slack.com/api", "chat.postMessage")).toBe("https://slack.com/api/chat.postMessage");
    expect(joinApiPath(base, "prospects/a b")).toBe("https://api.outreach.io/api/v2/prospects/a%20b");
  });

  it.each([
    ["..", "dot-dot"],
    ["../admin", "leading dot-dot"],
    ["prospects/../../v1/admin", "inner dot-dot"],
    ["prospects/..", "trailing dot-dot"],
    ["./prospects", "single dot"],
    ["%2e%2e/admin", "encoded dot-dot"],
    ["%2E%2E/admin", "encoded dot-dot, upper case"],
    [".%2e/admin", "half-encoded dot-dot"],
    ["%252e%252e/admin", "double-encoded dot-dot"],
    ["prospects/..%2fadmin", "dot-dot with an encoded slash"],
    ["prospects%2f..%2f..%2fadmin", "encoded traversal inside one segment"],
    ["https://evil.example/x", "absolute URL"],
    ["/https://evil.example/x", "absolute URL after a slash"],
    ["javascript:alert(1)", "scheme"],
    ["//evil.example/x", "protocol-relative host"],
    ["///evil.example", "three slashes"],
    ["prospects//42", "empty segment"],
    ["..\\admin", "backslash"],
    ["prospects\\..\\admin", "backslash traversal"],
    ["%5c..%5cadmin", "encoded backslash"],
    [".\t./admin", "tab inside dot-dot"],
    ["prospects\n/x", "newline"],
    ["%00", "encoded NUL"],
    ["prospects?x=1", "query inside the path"],
    ["prospects#frag", "fragment inside the path"],
    ["%zz", "malformed escape"],
  ])("refuses %j (%s)", (path) => {
    expect(joinApiPath(base, path)).toBeNull();
  });

  it("refuses a fragment in the query and a base that is not a clean URL", () => {
    expect(joinApiPath(base, "prospects", "a=1#frag")).toBeNull();
    expect(joinApiPath("https://user:pw@api.outreach.io", "prospects")).toBeNull();
    expect(joinApiPath("https://api.outreach.io/?x=1", "prospects")).toBeNull();
    expect(joinApiPath("http://api.outreach.io", "prospects")).toBeNull();
    expect(joinApiPath("not a url", "prospects")).toBeNull();
  });

  it("never leaves the base, whatever the path", () => {
    const samples = ["a/b", "%2e", "a/%2e%2e", "@evil.example", "a@evil.example/x", ":80", "a:b/c", "~", "%40evil.example"];
    for (const path of samples) {
      const joined = joinApiPath(base, path);
      if (joined === null) continue;
      const url = new URL(joined);
      expect(url.origin, path).toBe("https://api.outreach.io");
      expect(url.pathname.startsWith("/api/v2/"), path).toBe(true);
    }
  });
});
