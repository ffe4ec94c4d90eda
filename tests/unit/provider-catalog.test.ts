import { describe, expect, it } from "vitest";
import { isServiceError } from "@/lib/server/errors";
import { catalog, demoProviderEntry, findProvider } from "@/lib/server/providers/catalog";
import { customProviderEntry } from "@/lib/server/providers/custom-provider-entry";
import { slugifyProviderId } from "@/lib/server/providers/draft-provider-entry";
import { providerEntrySchema, type ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { fillProviderUrl, ProviderUrlTemplateError } from "@/lib/server/providers/provider-url-template";

const requiredVendors = [
  "hubspot",
  "salesforce",
  "salesforce-sandbox",
  "google-workspace",
  "microsoft-entra",
  "outreach",
  "salesloft",
  "pipedrive",
  "zoho-crm",
  "close",
  "slack",
  "gong",
  "zoom",
  "intercom",
  "attio",
  "airtable",
  "calendly",
];

/** Every string in an entry that is a URL (template), wherever it sits. */
function urlsIn(value: unknown, path = ""): { path: string; url: string }[] {
  if (typeof value === "string") return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [{ path, url: value }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => urlsIn(item, `${path}[${index}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => urlsIn(item, path ? `${path}.${key}` : key));
  }
  return [];
}

function issueMessages(entry: unknown): string[] {
  const parsed = providerEntrySchema.safeParse(entry);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

function withChanges(entry: ProviderEntry, changes: Partial<ProviderEntry>): ProviderEntry {
  return { ...structuredClone(entry), ...changes };
}

const hubspot = findProvider("hubspot");
if (!hubspot) throw new Error("hubspot missing from the catalog");

describe("shipped provider catalog", () => {
  it("ships every GTM provider the Connect screen promises", () => {
    expect(catalog.map((entry) => entry.id)).toEqual(expect.arrayContaining(requiredVendors));
    expect(catalog.length).toBeGreaterThanOrEqual(17);
  });

  it.each(catalog.map((entry) => [entry.id, entry] as const))("%s parses with the entry schema unchanged", (_id, entry) => {
    expect(issueMessages(entry)).toEqual([]);
    expect(providerEntrySchema.parse(entry)).toEqual(entry);
  });

  it("gives every provider its own id, the demo provider included", () => {
    const ids = [...catalog.map((entry) => entry.id), demoProviderEntry("http://127.0.0.1:4001").id];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses https for every shipped URL, with template variables at their defaults", () => {
    for (const entry of catalog) {
      const urls = urlsIn(entry);
      expect(urls.length).toBeGreaterThan(2);
      for (const { path, url } of urls) {
        const filled = fillProviderUrl(url, entry.urlTemplateVariables ?? [], {}, "TOKEN");
        expect(new URL(filled).protocol, `${entry.id} ${path}`).toBe("https:");
      }
    }
  });

  it("marks no shipped entry as demo or loopback-http", () => {
    for (const entry of catalog) {
      expect(entry.demo, entry.id).toBeUndefined();
      expect(entry.allowsLoopbackHttp, entry.id).toBeUndefined();
    }
  });

  it("links every entry to the vendor's OAuth documentation", () => {
    for (const entry of catalog) {
      expect(new URL(entry.docs.oauth).protocol, entry.id).toBe("https:");
    }
  });

  it("asks for scopes where the vendor requires them and sends none where the console decides", () => {
    for (const entry of catalog) {
      if (entry.scopeParameter === "required") expect(entry.defaultScopes.length, entry.id).toBeGreaterThan(0);
      if (entry.scopeParameter === "not_used") expect(entry.defaultScopes, entry.id).toEqual([]);
      for (const scope of entry.scopeParameter === "not_used" ? [] : entry.minimumScopes) {
        expect(entry.defaultScopes, entry.id).toContain(scope);
      }
    }
  });

  it("asks Google and Microsoft for offline access so a refresh token comes back", () => {
    expect(findProvider("google-workspace")?.extraAuthorizationParams).toMatchObject({ access_type: "offline", prompt: "consent" });
    expect(findProvider("microsoft-entra")?.defaultScopes).toContain("offline_access");
    expect(findProvider("salesforce")?.defaultScopes).toContain("refresh_token");
  });

  it("records Google's 7-day refresh tokens for apps in Testing status", () => {
    const special = findProvider("google-workspace")?.refreshTokenPolicy.specialCases ?? [];
    expect(special.find((item) => /Testing/.test(item.condition))?.lifetimeDays).toBe(7);
  });

  it("keeps Salesforce production and sandbox on their own login hosts", () => {
    expect(findProvider("salesforce")?.tokenUrl).toBe("https://login.salesforce.com/services/oauth2/token");
    expect(findProvider("salesforce-sandbox")?.tokenUrl).toBe("https://test.salesforce.com/services/oauth2/token");
  });

  it("explains every undocumented rotation in a note", () => {
    for (const entry of catalog) {
      if (entry.refreshTokenRotates === "undocumented" || entry.refreshTokenRotates === "sometimes") {
        expect(entry.refreshTokenRotationNote?.length ?? 0, entry.id).toBeGreaterThan(40);
      }
    }
  });

  it("finds nothing for an unknown id", () => {
    expect(findProvider("no-such-provider")).toBeUndefined();
  });
});

describe("entry schema rules", () => {
  it("refuses an http endpoint on a shipped entry", () => {
    expect(issueMessages(withChanges(hubspot, { tokenUrl: "http://api.hubapi.com/oauth/v3/token" }))).toEqual([
      "tokenUrl: tokenUrl must use https",
    ]);
  });

  it("refuses a minimum scope that the default request would not ask for", () => {
    expect(issueMessages(withChanges(hubspot, { minimumScopes: ["oauth", "tickets"] }))).toEqual([
      'minimumScopes: minimum scope "tickets" is missing from defaultScopes',
    ]);
  });

  it("refuses ids that are not kebab-case", () => {
    expect(issueMessages(withChanges(hubspot, { id: "Hub_Spot" }))[0]).toMatch(/^id: ids are kebab-case/);
  });

  it("refuses a URL placeholder the entry does not declare", () => {
    expect(issueMessages(withChanges(hubspot, { tokenUrl: "https://{region}.hubapi.com/oauth/v3/token" }))).toEqual([
      "tokenUrl: the URL uses {region}, which the entry does not declare",
    ]);
  });

  it("refuses an OIDC entry that does not ask for openid", () => {
    const google = findProvider("google-workspace");
    if (!google) throw new Error("google missing");
    expect(issueMessages(withChanges(google, { defaultScopes: ["email", "profile"], minimumScopes: ["email"] }))).toEqual([
      'defaultScopes: an OIDC entry asks for the "openid" scope',
    ]);
  });
});

describe("URL template variables", () => {
  const zoho = findProvider("zoho-crm");
  const microsoft = findProvider("microsoft-entra");
  if (!zoho || !microsoft) throw new Error("zoho or microsoft missing");

  it("sends a Zoho EU user's token request to the EU accounts server", () => {
    expect(fillProviderUrl(zoho.tokenUrl, zoho.urlTemplateVariables ?? [], { accounts_server: "accounts.zoho.eu" })).toBe(
      "https://accounts.zoho.eu/oauth/v2/token",
    );
  });

  it("refuses an accounts server that is not Zoho's", () => {
    expect(() => fillProviderUrl(zoho.tokenUrl, zoho.urlTemplateVariables ?? [], { accounts_server: "evil.example.com" })).toThrow(
      ProviderUrlTemplateError,
    );
  });

  it("fills a Microsoft tenant but refuses one that would change the path", () => {
    const variables = microsoft.urlTemplateVariables ?? [];
    expect(fillProviderUrl(microsoft.authorizationUrl, variables, { tenant: "contoso.onmicrosoft.com" })).toBe(
      "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize",
    );
    expect(fillProviderUrl(microsoft.authorizationUrl, variables)).toBe("https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
    expect(() => fillProviderUrl(microsoft.authorizationUrl, variables, { tenant: "evil.example/x" })).toThrow(/not an allowed value/);
  });

  it("puts the token into HubSpot's revocation path, URL-encoded", () => {
    expect(fillProviderUrl(hubspot.revocation?.url ?? "", [], {}, "a/b c")).toBe("https://api.hubapi.com/oauth/v1/refresh-tokens/a%2Fb%20c");
  });
});

describe("demo provider entry", () => {
  it("is labelled demo and accepts http on loopback", () => {
    const entry = demoProviderEntry("http://127.0.0.1:4001");
    expect(entry.demo).toBe(true);
    expect(issueMessages(entry)).toEqual([]);
    expect(entry.tokenUrl).toBe("http://127.0.0.1:4001/token");
    expect(entry.pkce).toBe("required");
    expect(entry.refreshTokenRotates).toBe(true);
    expect(issueMessages(demoProviderEntry("http://localhost:4001/"))).toEqual([]);
  });

  it("takes its access-token lifetime from the provider's settings", () => {
    expect(demoProviderEntry("http://127.0.0.1:4001", { accessTokenTtlSeconds: 300 }).typicalAccessTokenLifetimeSeconds).toBe(300);
    expect(demoProviderEntry("http://127.0.0.1:4001").refreshTokenPolicy.idleExpiryDays).toBe(14);
  });

  it("refuses http on a host other than loopback", () => {
    const messages = issueMessages(demoProviderEntry("http://192.168.1.20:4001"));
    expect(messages).toContain("authorizationUrl: authorizationUrl may use http only on a loopback host (127.0.0.1, ::1, localhost)");
  });
});

describe("custom provider typed in by hand", () => {
  const typed = {
    name: "Acme CRM",
    authorizationUrl: "https://login.acme.example/oauth/authorize",
    tokenUrl: "https://login.acme.example/oauth/token",
    revocationUrl: "https://login.acme.example/oauth/revoke",
    defaultScopes: ["crm.read", "offline"],
    minimumScopes: ["crm.read"],
    docsUrl: "https://developers.acme.example/oauth",
  };

  function fieldErrorsOf(run: () => unknown): Record<string, string> | undefined {
    try {
      run();
    } catch (error) {
      if (isServiceError(error)) return error.fieldErrors;
      throw error;
    }
    throw new Error("expected a ServiceError");
  }

  it("becomes a valid entry with its lifetimes marked undocumented", () => {
    const entry = customProviderEntry(typed);
    expect(entry.id).toBe("acme-crm");
    expect(entry.revocation?.style).toBe("rfc7009");
    expect(entry.scopeParameter).toBe("required");
    expect(entry.refreshTokenPolicy.idleExpiryDays).toBe("undocumented");
    expect(entry.typicalAccessTokenLifetimeSeconds).toBe("undocumented");
  });

  it("is refused when an endpoint uses http on a public host", () => {
    expect(fieldErrorsOf(() => customProviderEntry({ ...typed, tokenUrl: "http://login.acme.example/oauth/token" }))).toEqual({
      tokenUrl: "tokenUrl must use https",
    });
    expect(
      fieldErrorsOf(() =>
        customProviderEntry({ ...typed, tokenUrl: "http://login.acme.example/oauth/token" }, { allowHttpLoopback: true }),
      ),
    ).toEqual({ tokenUrl: "tokenUrl may use http only on a loopback host (127.0.0.1, ::1, localhost)" });
  });

  it("accepts http on loopback only when the caller allows it", () => {
    const local = { ...typed, authorizationUrl: "http://127.0.0.1:9000/authorize", tokenUrl: "http://127.0.0.1:9000/token" };
    expect(fieldErrorsOf(() => customProviderEntry(local))).toMatchObject({ authorizationUrl: "authorizationUrl must use https" });
    expect(customProviderEntry(local, { allowHttpLoopback: true }).allowsLoopbackHttp).toBe(true);
  });

  it("points at the revocation field when that URL is broken", () => {
    expect(fieldErrorsOf(() => customProviderEntry({ ...typed, revocationUrl: "not a url" }))).toEqual({
      revocationUrl: "revocation.url must be an absolute URL",
    });
  });

  it("names missing fields", () => {
    expect(fieldErrorsOf(() => customProviderEntry({ ...typed, name: " " }))).toEqual({ name: "Give the provider a name." });
  });
});

describe("slugifyProviderId", () => {
  it("turns hosts and names into kebab-case ids", () => {
    expect(slugifyProviderId("login.Acme.example/tenant")).toBe("login-acme-example-tenant");
    expect(slugifyProviderId("127.0.0.1")).toBe("127-0-0-1");
    expect(slugifyProviderId("***")).toBe("custom-provider");
    expect(slugifyProviderId("a".repeat(70)).length).toBe(64);
  });
});
