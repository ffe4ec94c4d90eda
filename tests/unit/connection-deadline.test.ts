import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "@/lib/clock";
import { demoProviderEntry } from "@/lib/server/providers/catalog/demo";
import { googleWorkspaceEntry } from "@/lib/server/providers/catalog/google";
import { connectionDeadline, noDeadline } from "@/lib/server/refresh/connection-deadline";

const now = new Date("2026-11-23T09:00:00.000Z");
const testing = "OAuth consent screen with user type External and publishing status Testing";

describe("connectionDeadline", () => {
  it("a Google app in Testing: refresh tokens die 7 days after issue, whatever the refreshes", () => {
    const d = connectionDeadline(googleWorkspaceEntry, { connectedAt: now, refreshTokenIssuedAt: now, lastRefreshedAt: now, hasRefreshToken: true, accessTokenExpiresAt: new Date(now.getTime() + HOUR), specialCase: testing });
    expect(d.hardDeadlineAt?.getTime()).toBe(now.getTime() + 7 * DAY);
    expect(d.hardDeadlineReason).toBe("special_case");
    expect(d.hardDeadlineNote).toMatch(/publishing status Testing/);
  });

  it("a published Google app only dies after six months unused", () => {
    const d = connectionDeadline(googleWorkspaceEntry, { connectedAt: now, refreshTokenIssuedAt: now, lastRefreshedAt: now, hasRefreshToken: true, accessTokenExpiresAt: null });
    expect(d).toMatchObject({ hardDeadlineReason: "refresh_token_idle", hardDeadlineAt: new Date(now.getTime() + 180 * DAY) });
  });

  it("idle expiry moves with each refresh; the absolute maximum counts from consent", () => {
    const entry = demoProviderEntry("http://127.0.0.1:9");
    const later = new Date(now.getTime() + 3 * DAY);
    const d = connectionDeadline(entry, { connectedAt: now, refreshTokenIssuedAt: later, lastRefreshedAt: later, hasRefreshToken: true, accessTokenExpiresAt: null });
    expect(d.hardDeadlineReason).toBe("refresh_token_idle");
    expect(d.hardDeadlineAt?.getTime()).toBe(later.getTime() + 14 * DAY);
  });

  it("without a refresh token the access token's expiry is the end", () => {
    const expires = new Date(now.getTime() + HOUR);
    const d = connectionDeadline(googleWorkspaceEntry, { connectedAt: now, refreshTokenIssuedAt: null, lastRefreshedAt: null, hasRefreshToken: false, accessTokenExpiresAt: expires, specialCase: testing });
    expect(d).toMatchObject({ hardDeadlineAt: expires, hardDeadlineReason: "no_refresh_token" });
  });

  it("machine connections (no catalog entry) have none", () => {
    expect(connectionDeadline(null, { connectedAt: now, refreshTokenIssuedAt: null, lastRefreshedAt: null, hasRefreshToken: false, accessTokenExpiresAt: null })).toEqual(noDeadline);
  });
});
