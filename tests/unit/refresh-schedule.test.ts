import { describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR, MINUTE } from "@/lib/clock";
import { googleWorkspaceEntry } from "@/lib/server/providers/catalog/google";
import { microsoftEntraEntry } from "@/lib/server/providers/catalog/microsoft";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { forecastHardDeadline } from "@/lib/server/refresh/forecast";
import {
  catalogDefaultLifetimeMs,
  combineNextRun,
  keepaliveAt,
  nextRefreshAt,
} from "@/lib/server/refresh/schedule";

type Policy = ProviderEntry["refreshTokenPolicy"];

const clock = fixedClock("2025-03-01T12:00:00.000Z");
const now = clock.now();
const d = (iso: string) => new Date(iso);

function policy(overrides: Partial<Policy> = {}): Policy {
  return { issued: "always", idleExpiryDays: "none", absoluteMaxDays: "none", specialCases: [], ...overrides };
}

describe("nextRefreshAt", () => {
  it("refreshes at 80% of the lifetime", () => {
    const at = nextRefreshAt({
      issuedAt: now,
      expiresAt: d("2025-03-01T13:00:00.000Z"),
      now,
      defaultLifetimeMs: HOUR,
    });
    expect(at.toISOString()).toBe("2025-03-01T12:48:00.000Z");
  });

  it("never later than expiry minus the safety margin (default 5 minutes)", () => {
    // 20-minute token: 80% is 12:16, but expiry − 5 min is 12:15.
    const at = nextRefreshAt({ issuedAt: now, expiresAt: d("2025-03-01T12:20:00.000Z"), now, defaultLifetimeMs: HOUR });
    expect(at.toISOString()).toBe("2025-03-01T12:15:00.000Z");
  });

  it("tokens living less than twice the margin refresh at half their lifetime, never in a loop", () => {
    // 5-minute token: expiry − 5 min is the issue time itself; half the lifetime is 12:02:30.
    expect(nextRefreshAt({ issuedAt: now, expiresAt: d("2025-03-01T12:05:00.000Z"), now, defaultLifetimeMs: HOUR }).toISOString()).toBe("2025-03-01T12:02:30.000Z");
    expect(nextRefreshAt({ issuedAt: now, expiresAt: d("2025-03-01T12:01:00.000Z"), now, defaultLifetimeMs: HOUR }).toISOString()).toBe("2025-03-01T12:00:30.000Z");
    // Exactly twice the margin: both rules agree on 12:05.
    expect(nextRefreshAt({ issuedAt: now, expiresAt: d("2025-03-01T12:10:00.000Z"), now, defaultLifetimeMs: HOUR }).toISOString()).toBe("2025-03-01T12:05:00.000Z");
  });

  it("honours a custom safety margin", () => {
    const at = nextRefreshAt({
      issuedAt: now,
      expiresAt: d("2025-03-01T12:20:00.000Z"),
      now,
      safetyMarginMs: 10 * MINUTE,
      defaultLifetimeMs: HOUR,
    });
    expect(at.toISOString()).toBe("2025-03-01T12:10:00.000Z");
  });

  it("never earlier than now", () => {
    // Issued 11:00, expires 12:03: 80% is 11:50:24, already past.
    const at = nextRefreshAt({
      issuedAt: d("2025-03-01T11:00:00.000Z"),
      expiresAt: d("2025-03-01T12:03:00.000Z"),
      now,
      defaultLifetimeMs: HOUR,
    });
    expect(at.toISOString()).toBe("2025-03-01T12:00:00.000Z");
  });

  it("already expired → now", () => {
    for (const expiresAt of [d("2025-03-01T11:59:00.000Z"), now]) {
      const at = nextRefreshAt({ issuedAt: d("2025-03-01T11:00:00.000Z"), expiresAt, now, defaultLifetimeMs: HOUR });
      expect(at.toISOString()).toBe("2025-03-01T12:00:00.000Z");
    }
  });

  it("unknown expiry → issuedAt + 80% of the catalog default lifetime", () => {
    const defaultLifetimeMs = catalogDefaultLifetimeMs(googleWorkspaceEntry.typicalAccessTokenLifetimeSeconds);
    expect(defaultLifetimeMs).toBe(HOUR);
    const at = nextRefreshAt({ issuedAt: now, expiresAt: null, now, defaultLifetimeMs: defaultLifetimeMs! });
    expect(at.toISOString()).toBe("2025-03-01T12:48:00.000Z");
    const withoutField = nextRefreshAt({ issuedAt: now, now, defaultLifetimeMs: 2 * HOUR });
    expect(withoutField.toISOString()).toBe("2025-03-01T13:36:00.000Z");
  });

  it("unknown expiry whose default lifetime has already passed → now", () => {
    const at = nextRefreshAt({ issuedAt: d("2025-03-01T10:00:00.000Z"), now, defaultLifetimeMs: HOUR });
    expect(at.toISOString()).toBe("2025-03-01T12:00:00.000Z");
  });

  it("rejects an unknown expiry without a usable default and invalid dates", () => {
    expect(() => nextRefreshAt({ issuedAt: now, now, defaultLifetimeMs: 0 })).toThrow(RangeError);
    expect(() => nextRefreshAt({ issuedAt: new Date("nope"), now, defaultLifetimeMs: HOUR })).toThrow(RangeError);
  });
});

describe("catalogDefaultLifetimeMs", () => {
  it("maps seconds, non_expiring and undocumented", () => {
    expect(catalogDefaultLifetimeMs(7200)).toBe(2 * HOUR);
    expect(catalogDefaultLifetimeMs("non_expiring")).toBeNull();
    expect(catalogDefaultLifetimeMs("undocumented")).toBe(HOUR);
    expect(catalogDefaultLifetimeMs("undocumented", 30 * MINUTE)).toBe(30 * MINUTE);
  });
});

describe("keepaliveAt", () => {
  it("14-day idle: refreshes 20% early (day 11.2)", () => {
    const at = keepaliveAt({ lastRefreshedAt: now, idleExpiryDays: 14, now });
    expect(at?.toISOString()).toBe("2025-03-12T16:48:00.000Z");
  });

  it("Microsoft's 90-day idle from the catalog: day 72", () => {
    const at = keepaliveAt({ lastRefreshedAt: now, idleExpiryDays: microsoftEntraEntry.refreshTokenPolicy.idleExpiryDays, now });
    expect(at?.toISOString()).toBe("2025-05-12T12:00:00.000Z");
  });

  it("at least one day before idle death", () => {
    // 3 days idle: 20% is 14.4 h, so the 1-day minimum applies.
    const at = keepaliveAt({ lastRefreshedAt: now, idleExpiryDays: 3, now });
    expect(at?.toISOString()).toBe("2025-03-03T12:00:00.000Z");
  });

  it("never earlier than now", () => {
    const at = keepaliveAt({ lastRefreshedAt: new Date(now.getTime() - 13 * DAY), idleExpiryDays: 14, now });
    expect(at?.toISOString()).toBe("2025-03-01T12:00:00.000Z");
  });

  it("no idle policy → null", () => {
    for (const idleExpiryDays of ["none", "undocumented", "configurable"] as const) {
      expect(keepaliveAt({ lastRefreshedAt: now, idleExpiryDays, now })).toBeNull();
    }
  });
});

describe("combineNextRun", () => {
  const a = d("2025-03-01T12:48:00.000Z");
  const b = d("2025-03-12T16:48:00.000Z");
  it("picks the earlier non-null date", () => {
    expect(combineNextRun({ refreshAt: a, keepaliveAt: b })?.toISOString()).toBe(a.toISOString());
    expect(combineNextRun({ refreshAt: b, keepaliveAt: a })?.toISOString()).toBe(a.toISOString());
    expect(combineNextRun({ refreshAt: null, keepaliveAt: b })?.toISOString()).toBe(b.toISOString());
    expect(combineNextRun({ refreshAt: a, keepaliveAt: null })?.toISOString()).toBe(a.toISOString());
    expect(combineNextRun({ refreshAt: null, keepaliveAt: null })).toBeNull();
  });
});

describe("forecastHardDeadline", () => {
  const connectedAt = d("2025-01-01T00:00:00.000Z");
  const refreshTokenIssuedAt = now;

  it("refresh-token absolute maximum counts from the original consent", () => {
    const f = forecastHardDeadline({ refreshTokenIssuedAt, connectedAt, policy: policy({ absoluteMaxDays: 180 }) });
    expect(f).toEqual({
      at: d("2025-06-30T00:00:00.000Z"),
      reason: "refresh_token_absolute_max",
      note: "Refresh tokens for this provider expire 180 days after consent, however often they are used: reconnect before then.",
    });
  });

  it("Google apps in testing: 7 days from refresh-token issue (real catalog entry)", () => {
    const f = forecastHardDeadline({
      refreshTokenIssuedAt,
      connectedAt,
      policy: googleWorkspaceEntry.refreshTokenPolicy,
      specialCase: "google_testing",
    });
    expect(f).toEqual({
      at: d("2025-03-08T12:00:00.000Z"),
      reason: "special_case",
      note: "Refresh tokens of Google apps in testing die after 7 days: reconnect before then.",
    });
  });

  it("a special case may be named by its condition text", () => {
    const f = forecastHardDeadline({
      refreshTokenIssuedAt,
      connectedAt,
      policy: microsoftEntraEntry.refreshTokenPolicy,
      specialCase: "The redirect URI is registered as a single-page application (spa)",
    });
    expect(f?.at.toISOString()).toBe("2025-03-02T12:00:00.000Z");
    expect(f?.reason).toBe("special_case");
    expect(f?.note).toBe(
      "Refresh tokens (The redirect URI is registered as a single-page application (spa)) die after 1 day: reconnect before then.",
    );
  });

  it("a special case the policy does not list is ignored", () => {
    const f = forecastHardDeadline({
      refreshTokenIssuedAt,
      connectedAt,
      policy: microsoftEntraEntry.refreshTokenPolicy,
      specialCase: "google_testing",
    });
    expect(f).toBeNull();
  });

  it("certificate notAfter", () => {
    const f = forecastHardDeadline({
      refreshTokenIssuedAt,
      connectedAt,
      policy: policy(),
      certificateNotAfter: d("2025-04-14T00:00:00.000Z"),
    });
    expect(f).toEqual({
      at: d("2025-04-14T00:00:00.000Z"),
      reason: "certificate_expiry",
      note: "The client certificate expires then: renew it and update the connection before then.",
    });
  });

  it("key rotation due date", () => {
    const f = forecastHardDeadline({
      refreshTokenIssuedAt,
      connectedAt,
      policy: policy(),
      rotationDueAt: d("2025-05-01T00:00:00.000Z"),
    });
    expect(f).toEqual({
      at: d("2025-05-01T00:00:00.000Z"),
      reason: "rotation_due",
      note: "The signing key is due for rotation then: rotate it before then.",
    });
  });

  it("the earliest deadline wins", () => {
    const base = {
      refreshTokenIssuedAt,
      connectedAt,
      policy: {
        ...googleWorkspaceEntry.refreshTokenPolicy,
        absoluteMaxDays: 180,
      },
      certificateNotAfter: d("2025-04-14T00:00:00.000Z"),
      rotationDueAt: d("2025-05-01T00:00:00.000Z"),
    };
    expect(forecastHardDeadline({ ...base, specialCase: "google_testing" })?.reason).toBe("special_case");
    expect(forecastHardDeadline(base)?.reason).toBe("certificate_expiry");
    expect(forecastHardDeadline({ ...base, certificateNotAfter: null })?.reason).toBe("rotation_due");
    expect(
      forecastHardDeadline({ ...base, certificateNotAfter: null, rotationDueAt: d("2025-07-01T00:00:00.000Z") }),
    ).toMatchObject({ reason: "refresh_token_absolute_max", at: d("2025-06-30T00:00:00.000Z") });
  });

  it('"none", "undocumented" and "configurable" absolute maxima are ignored', () => {
    for (const absoluteMaxDays of ["none", "undocumented", "configurable"] as const) {
      expect(forecastHardDeadline({ refreshTokenIssuedAt, connectedAt, policy: policy({ absoluteMaxDays }) })).toBeNull();
    }
  });
});
