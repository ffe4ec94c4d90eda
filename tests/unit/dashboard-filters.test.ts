import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { filterSearchParams, hasFilters, parseDashboardFilters, readDashboardFilters, withFilters } from "@/lib/dashboard/filters";

describe("dashboard filters in the URL", () => {
  it("round-trips the filters a shared link carries", () => {
    const filters = parseDashboardFilters(new URLSearchParams("ws=acme-1a2b&env=prod&provider=hubspot&owner=user_1&workflow=Lead%20routing"));
    expect(filters).toEqual({ ws: "acme-1a2b", env: "prod", provider: "hubspot", owner: "user_1", workflow: "Lead routing" });
    expect(parseDashboardFilters(filterSearchParams(filters))).toEqual(filters);
    expect(withFilters("/expiring", filters, { days: "30" })).toBe("/expiring?ws=acme-1a2b&env=prod&provider=hubspot&owner=user_1&workflow=Lead+routing&days=30");
  });

  it("treats empty values (an 'All' option submitted by the form) as no filter", () => {
    const filters = parseDashboardFilters(new URLSearchParams("env=&provider=&owner=&workflow="));
    expect(filters).toEqual({});
    expect(hasFilters(filters)).toBe(false);
    expect(withFilters("/errors", filters)).toBe("/errors");
  });

  it("refuses a malformed value in an API query (a 400), and pages drop it instead", () => {
    expect(() => parseDashboardFilters(new URLSearchParams(`ws=${encodeURIComponent("Acme Corp!")}`))).toThrow(ZodError);
    expect(() => parseDashboardFilters(new URLSearchParams(`workflow=${"x".repeat(121)}`))).toThrow(ZodError);
    expect(readDashboardFilters({ ws: "Acme Corp!", env: "prod", workflow: "x".repeat(121) })).toEqual({ env: "prod" });
  });

  it("takes the first of repeated page parameters", () => {
    expect(readDashboardFilters({ provider: ["hubspot", "salesforce"] })).toEqual({ provider: "hubspot" });
  });
});
