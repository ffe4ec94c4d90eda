// "What breaks this week?": which deadlines show up, with which action, and how they bucket —
// all with a moved clock.
import { describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { bucketByDay, countSubjects, groupByProvider, parseWindow, upcomingDeadlines, type ConnectionDeadlineRow, type CredentialDeadlineRow } from "@/lib/dashboard/deadlines";
import { connectionState, credentialState } from "@/lib/dashboard/item-states";

const clock = fixedClock("2026-12-07T09:00:00Z");
const now = () => clock.now();
const inDays = (n: number) => new Date(now().getTime() + n * DAY);

function conn(over: Partial<ConnectionDeadlineRow> = {}): ConnectionDeadlineRow {
  return {
    id: "c1", label: "HubSpot prod", providerKey: "hubspot", method: "authorization_code", status: "active", health: "healthy", healthReason: null,
    accessTokenExpiresAt: new Date(now().getTime() + HOUR), nextRefreshAt: new Date(now().getTime() + 40 * 60_000), hasRefreshToken: true,
    hardDeadlineAt: null, hardDeadlineReason: null, hardDeadlineNote: null, environment: "prod", ownerId: null, workflows: [], ...over,
  };
}

function cred(over: Partial<CredentialDeadlineRow> = {}): CredentialDeadlineRow {
  return { id: "k1", name: "Clay key", provider: "clay", method: "api_key", sensitive: false, rotatedAt: inDays(-10), rotationIntervalDays: 90, expiresAt: null, environment: "prod", ownerId: null, workflows: [], ...over };
}

const deadlines = (c: ConnectionDeadlineRow[], k: CredentialDeadlineRow[] = [], windowDays = 7) => upcomingDeadlines({ connections: c, credentials: k, now: now(), windowDays });

describe("access tokens that will not be refreshed in time", () => {
  it("does not list a healthy connection whose next refresh comes before expiry", () => {
    expect(deadlines([conn()])).toEqual([]);
  });

  it("lists a token whose next refresh is scheduled after it expires", () => {
    const [item] = deadlines([conn({ nextRefreshAt: new Date(now().getTime() + 2 * HOUR) })]);
    expect(item).toMatchObject({ kind: "access_token", action: "fix_refresh", href: "/connections/c1#refresh", why: "The next refresh is scheduled after it expires." });
  });

  it("does not flag a token while a worker is refreshing it (next_refresh_at is then the lease expiry)", () => {
    expect(deadlines([conn({ health: "refreshing", nextRefreshAt: new Date(now().getTime() + 2 * HOUR) })])).toEqual([]);
  });

  it("asks for a reconnect when the provider refuses the grant", () => {
    const [item] = deadlines([conn({ health: "needs_reauth" })]);
    expect(item).toMatchObject({ kind: "access_token", action: "reconnect", href: "/connections/c1#reconnect" });
  });

  it("lists a retrying (degraded) connection's token even though a refresh is scheduled", () => {
    expect(deadlines([conn({ health: "degraded" })]).map((d) => d.action)).toEqual(["fix_refresh"]);
  });

  it("lists a token with no refresh token, but a machine connection (re-requested) only when failing", () => {
    expect(deadlines([conn({ hasRefreshToken: false, nextRefreshAt: null })]).map((d) => d.action)).toEqual(["reconnect"]);
    expect(deadlines([conn({ method: "client_credentials", hasRefreshToken: false })])).toEqual([]);
    expect(deadlines([conn({ method: "client_credentials", hasRefreshToken: false, health: "config_error" })]).map((d) => d.action)).toEqual(["renew_machine"]);
  });

  it("skips disconnected connections", () => {
    expect(deadlines([conn({ status: "disconnected", health: "needs_reauth" })])).toEqual([]);
  });
});

describe("refresh-token hard deadlines", () => {
  it("lists a deadline inside the window with its note, and not one outside it until the window grows", () => {
    const c = conn({ hardDeadlineAt: inDays(12), hardDeadlineReason: "refresh_token_absolute_max", hardDeadlineNote: "Expires 365 days after consent: reconnect before then." });
    expect(deadlines([c], [], 7)).toEqual([]);
    const [item] = deadlines([c], [], 30);
    expect(item).toMatchObject({ kind: "refresh_token", action: "reconnect", why: "Expires 365 days after consent: reconnect before then.", overdue: false });
  });

  it("the deadline enters the 7-day window as the clock moves", () => {
    const c = conn({ hardDeadlineAt: inDays(8), hardDeadlineReason: "special_case" });
    expect(deadlines([c])).toHaveLength(0);
    clock.advance(2 * DAY);
    try {
      expect(deadlines([c])).toHaveLength(1);
    } finally {
      clock.advance(-2 * DAY);
    }
  });

  it("ignores an idle-expiry deadline while refreshes succeed (the keepalive moves it), but not once they fail", () => {
    const c = conn({ hardDeadlineAt: inDays(3), hardDeadlineReason: "refresh_token_idle" });
    expect(deadlines([c])).toEqual([]);
    expect(deadlines([{ ...c, health: "exhausted" }]).map((d) => d.kind).sort()).toEqual(["access_token", "refresh_token"]);
  });

  it("lists a no-refresh-token deadline once, not also as an access-token item", () => {
    const at = new Date(now().getTime() + HOUR);
    const items = deadlines([conn({ hasRefreshToken: false, nextRefreshAt: null, accessTokenExpiresAt: at, hardDeadlineAt: at, hardDeadlineReason: "no_refresh_token" })]);
    expect(items.map((d) => d.kind)).toEqual(["refresh_token"]);
  });
});

describe("credentials", () => {
  it("certificate notAfter → renew the certificate, linked to the rotate page", () => {
    const [item] = deadlines([], [cred({ method: "mtls", expiresAt: inDays(5) })]);
    expect(item).toMatchObject({ kind: "certificate", action: "renew_cert", href: "/credentials/k1/rotate" });
  });

  it("rotation due at rotatedAt + the credential's interval (30 days, the sensitive default; 90 otherwise)", () => {
    expect(deadlines([], [cred({ rotatedAt: inDays(-85) })]).map((d) => d.at)).toEqual([inDays(5).toISOString()]);
    const [sensitive] = deadlines([], [cred({ rotatedAt: inDays(-25), sensitive: true, rotationIntervalDays: 30 })]);
    expect(sensitive).toMatchObject({ at: inDays(5).toISOString(), why: "Policy: rotate every 30 days (sensitive)." });
    expect(deadlines([], [cred({ rotatedAt: inDays(-25) })])).toEqual([]);
  });

  it("keeps overdue rotations in the list, flagged overdue", () => {
    const [item] = deadlines([], [cred({ rotatedAt: inDays(-120) })]);
    expect(item).toMatchObject({ kind: "rotation", action: "rotate", overdue: true });
  });
});

describe("ordering, grouping and buckets", () => {
  const items = () => deadlines([conn({ id: "a", providerKey: "hubspot", health: "needs_reauth", accessTokenExpiresAt: inDays(2) }), conn({ id: "b", providerKey: "salesforce", hardDeadlineAt: inDays(1), hardDeadlineReason: "special_case" })], [cred({ provider: "hubspot", rotatedAt: inDays(-95) })]);

  it("sorts soonest first and counts each integration once", () => {
    const list = items();
    expect(list.map((d) => d.subject.id)).toEqual(["k1", "b", "a"]);
    expect(countSubjects([...list, ...list])).toBe(3);
  });

  it("groups by provider, the group with the soonest item first", () => {
    expect(groupByProvider(items()).map((g) => [g.provider, g.items.length])).toEqual([["hubspot", 2], ["salesforce", 1]]);
  });

  it("buckets by day, overdue items on today", () => {
    const buckets = bucketByDay(items(), now(), 7);
    expect(buckets).toHaveLength(8);
    expect(buckets[0]).toEqual({ date: "2026-12-07", count: 1, overdue: true });
    expect(buckets[1]).toMatchObject({ date: "2026-12-08", count: 1 });
    expect(buckets[2]).toMatchObject({ date: "2026-12-09", count: 1 });
  });

  it("accepts only 7, 30 or 90 days as the window", () => {
    expect([parseWindow("30"), parseWindow("90"), parseWindow("365"), parseWindow(undefined)]).toEqual([30, 90, 7, 7]);
  });
});

describe("overview states", () => {
  const base = { status: "active", health: "healthy", createdAt: inDays(-60), lastUsedAt: inDays(-1), lastRefreshedAt: inDays(-1), errors24h: 0 };

  it("puts each connection in its most urgent state", () => {
    expect(connectionState({ ...base, health: "needs_reauth", errors24h: 3 }, [], now())).toBe("needs_reauth");
    expect(connectionState({ ...base, errors24h: 1 }, [], now())).toBe("erroring");
    expect(connectionState(base, deadlines([conn({ health: "degraded" })]), now())).toBe("expiring");
    expect(connectionState({ ...base, lastUsedAt: inDays(-31), lastRefreshedAt: null }, [], now())).toBe("dormant");
    expect(connectionState({ ...base, lastUsedAt: null, lastRefreshedAt: null, createdAt: inDays(-3) }, [], now())).toBe("healthy");
  });

  it("an expired credential is erroring; a rotation due in 5 days is expiring", () => {
    expect(credentialState({ createdAt: inDays(-60), lastUsedAt: null, expiresAt: inDays(-1) }, [], now())).toBe("erroring");
    expect(credentialState({ createdAt: inDays(-5), lastUsedAt: null, expiresAt: null }, deadlines([], [cred({ rotatedAt: inDays(-85) })]), now())).toBe("expiring");
    expect(credentialState({ createdAt: inDays(-45), lastUsedAt: null, expiresAt: null }, [], now())).toBe("dormant");
  });
});
