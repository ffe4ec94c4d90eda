import { describe, expect, it } from "vitest";
import { assessScopes, matchesShow, preselectScopes, readScopeShow, scopeHeadline, sortByFinding, summarizeScopes } from "@/lib/dashboard/scope-audit";

// the demo provider's catalog entry
const demo = { minimum: ["openid", "offline_access", "crm.read"], recommended: ["openid", "email", "profile", "offline_access", "crm.read", "contacts.read"] };

describe("scope audit of one connection", () => {
  it("does not flag a connection holding the provider's default scopes", () => {
    const a = assessScopes({ requested: demo.recommended, granted: demo.recommended, grantedKnown: true, baseline: demo });
    expect(a).toEqual({ status: "ok", basis: "granted", missing: [], extra: [], optional: ["contacts.read", "email", "profile"], suggested: ["contacts.read", "crm.read", "email", "offline_access", "openid", "profile"] });
  });

  it("flags a scope beyond the recommended set as over-privileged and suggests dropping it", () => {
    const a = assessScopes({ requested: [...demo.recommended, "crm.write"], granted: ["openid", "offline_access", "crm.read", "crm.write", "email"], grantedKnown: true, baseline: demo });
    expect(a.status).toBe("over_privileged");
    expect(a.extra).toEqual(["crm.write"]);
    expect(a.suggested).toEqual(["crm.read", "email", "offline_access", "openid"]);
  });

  it("flags a minimum scope the provider did not grant, even if it was requested", () => {
    const a = assessScopes({ requested: demo.minimum, granted: ["openid", "crm.read"], grantedKnown: true, baseline: demo });
    expect(a).toMatchObject({ status: "missing", missing: ["offline_access"], suggested: ["crm.read", "offline_access", "openid"] });
  });

  it("reports both findings at once", () => {
    expect(assessScopes({ requested: [], granted: ["openid", "admin"], grantedKnown: true, baseline: demo })).toMatchObject({ status: "over_and_missing", missing: ["crm.read", "offline_access"], extra: ["admin"] });
  });

  it("judges on the requested scopes when the provider did not report grants", () => {
    const a = assessScopes({ requested: ["openid", "offline_access", "crm.read", "crm.write"], granted: [], grantedKnown: false, baseline: demo });
    expect(a).toMatchObject({ status: "over_privileged", basis: "requested", extra: ["crm.write"], missing: [] });
  });

  it("does not judge without a baseline (unknown provider, or a custom entry with no scopes)", () => {
    expect(assessScopes({ requested: ["x"], granted: ["x"], grantedKnown: true, baseline: null }).status).toBe("no_baseline");
    expect(assessScopes({ requested: ["x"], granted: ["x"], grantedKnown: true, baseline: { minimum: [], recommended: [] } })).toMatchObject({ status: "no_baseline", suggested: null });
  });

  it("compares scopes as exact strings (the catalog encodes no hierarchy)", () => {
    const hubspot = { minimum: ["oauth"], recommended: ["oauth", "crm.objects.contacts.read"] };
    expect(assessScopes({ requested: [], granted: ["oauth", "crm.objects.contacts.write"], grantedKnown: true, baseline: hubspot }).extra).toEqual(["crm.objects.contacts.write"]);
  });
});

describe("the screen's summary, filter and order", () => {
  const items = [
    { label: "Zeta", grantedKnown: true, assessment: { status: "ok" as const } },
    { label: "Beta", grantedKnown: true, assessment: { status: "over_privileged" as const } },
    { label: "Alpha", grantedKnown: false, assessment: { status: "over_privileged" as const } },
    { label: "Gamma", grantedKnown: true, assessment: { status: "missing" as const } },
    { label: "Delta", grantedKnown: true, assessment: { status: "no_baseline" as const } },
  ];

  it("leads with the counts", () => {
    const summary = summarizeScopes(items);
    expect(summary).toEqual({ total: 5, flagged: 3, overPrivileged: 2, missing: 1, unreported: 1, noBaseline: 1 });
    expect(scopeHeadline(summary)).toBe("2 connections are over-privileged, 1 is missing scopes.");
    expect(scopeHeadline({ ...summary, overPrivileged: 0 })).toBe("1 connection is missing scopes.");
    expect(scopeHeadline({ ...summary, overPrivileged: 1, missing: 0 })).toBe("1 connection is over-privileged.");
    expect(scopeHeadline({ ...summary, overPrivileged: 0, missing: 0 })).toBe("All 5 connections have the access they need and no more.");
    expect(scopeHeadline(summarizeScopes([]))).toBe("No connections match these filters.");
  });

  it("counts an item with a count as that many connections with the same scopes", () => {
    const grouped = [
      { grantedKnown: true, assessment: { status: "over_privileged" as const }, count: 4000 },
      { grantedKnown: false, assessment: { status: "over_and_missing" as const }, count: 3 },
      { grantedKnown: true, assessment: { status: "ok" as const }, count: 6000 },
    ];
    expect(summarizeScopes(grouped)).toEqual({ total: 10_003, flagged: 4003, overPrivileged: 4003, missing: 3, unreported: 3, noBaseline: 0 });
    const expanded = grouped.flatMap(({ count, ...item }) => Array.from({ length: count }, () => item));
    expect(summarizeScopes(grouped)).toEqual(summarizeScopes(expanded));
  });

  it("puts missing scopes first, then over-privileged, then the rest by label", () => {
    expect(sortByFinding(items).map((i) => i.label)).toEqual(["Gamma", "Alpha", "Beta", "Delta", "Zeta"]);
  });

  it("filters by finding", () => {
    expect(items.filter((i) => matchesShow(i.assessment.status, readScopeShow("flagged"))).map((i) => i.label)).toEqual(["Beta", "Alpha", "Gamma"]);
    expect(items.filter((i) => matchesShow(i.assessment.status, readScopeShow("missing"))).map((i) => i.label)).toEqual(["Gamma"]);
    expect(readScopeShow("bogus")).toBe("all");
  });
});

describe("reconnect preselection from the URL", () => {
  const offered = ["openid", "email", "offline_access", "crm.read", "crm.write"];
  it("preselects the scopes named in ?scopes= that the form offers", () => {
    expect(preselectScopes("openid offline_access crm.read", offered, ["x"])).toEqual(["openid", "offline_access", "crm.read"]);
  });
  it("ignores scopes the provider does not know, and falls back when none is left", () => {
    expect(preselectScopes("openid admin:everything", offered, ["email"])).toEqual(["openid"]);
    expect(preselectScopes("admin", offered, ["email"])).toEqual(["email"]);
    expect(preselectScopes(undefined, offered, ["email"])).toEqual(["email"]);
    expect(preselectScopes(["crm.read", "openid"], offered, [])).toEqual(["crm.read"]);
  });
});
