import { describe, expect, it } from "vitest";
import { listHref, parseListQuery } from "@/components/credentials/list-query";
import { rotationGuideFor } from "@/components/credentials/rotation-steps";

describe("credentials list query", () => {
  it("reads known filters and ignores unknown values", () => {
    expect(parseListQuery({ method: "hmac", environment: "staging", owner: "u1", workflow: " sync ", overdue: "1", sort: "name" })).toEqual({
      filters: { method: "hmac", environment: "staging", ownerId: "u1", workflow: "sync", overdue: true },
      sort: "name",
    });
    expect(parseListQuery({ method: "magic", environment: "qa", overdue: "yes", sort: "age", owner: ["a", "b"] })).toEqual({ filters: {}, sort: "rotation_age" });
    expect(parseListQuery({ overdue: "0" }).filters.overdue).toBe(false);
  });

  it("round-trips through the URL, leaving defaults out", () => {
    expect(listHref({ filters: {}, sort: "rotation_age" })).toBe("/credentials");
    const query = { filters: { method: "api_key" as const, workflow: "lead routing", overdue: false }, sort: "name" as const };
    const href = listHref(query);
    expect(href).toBe("/credentials?method=api_key&workflow=lead+routing&overdue=0&sort=name");
    expect(parseListQuery(Object.fromEntries(new URL(href, "http://x").searchParams))).toEqual(query);
  });
});

describe("rotation guides", () => {
  it("knows providers by name or by the key's prefix, else gives generic steps", () => {
    expect(rotationGuideFor("Stripe billing", null).provider).toBe("Stripe");
    expect(rotationGuideFor("Billing", "sk_live_").provider).toBe("Stripe");
    expect(rotationGuideFor("CRM", "pat-").provider).toBe("HubSpot");
    expect(rotationGuideFor("OpenAI", null).provider).toBe("OpenAI-style API");
    const generic = rotationGuideFor("Acme ETL", null);
    expect(generic.provider).toBe("Acme ETL");
    expect(generic.steps.length).toBeGreaterThan(2);
  });
});
