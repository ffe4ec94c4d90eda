import { describe, expect, it } from "vitest";
import { MINUTE, SECOND } from "@/lib/clock";
import { isFreshEnough, requiredValidityMs } from "@/lib/server/access/token-validity";

const now = new Date("2030-01-01T12:00:00Z");
const at = (ms: number) => new Date(now.getTime() + ms);
const token = (issuedAgoMs: number | null, expiresInMs: number | null) => ({
  accessTokenSealed: "v1:k:n:c",
  lastRefreshedAt: issuedAgoMs === null ? null : at(-issuedAgoMs),
  authorizedAt: null,
  accessTokenExpiresAt: expiresInMs === null ? null : at(expiresInMs),
});

describe("when the fresh-token API hands out the stored token", () => {
  it("asks for 5 minutes of validity from a 1-hour token", () => {
    expect(requiredValidityMs(token(0, 60 * MINUTE))).toBe(5 * MINUTE);
    expect(isFreshEnough(token(54 * MINUTE, 6 * MINUTE), now)).toBe(true);
    expect(isFreshEnough(token(56 * MINUTE, 4 * MINUTE), now)).toBe(false);
  });

  it("asks for half the lifetime of a short token, so a 2-minute token is not refreshed the moment it is issued", () => {
    expect(requiredValidityMs(token(0, 2 * MINUTE))).toBe(MINUTE);
    expect(isFreshEnough(token(10 * SECOND, 110 * SECOND), now)).toBe(true);
    expect(isFreshEnough(token(70 * SECOND, 50 * SECOND), now)).toBe(false);
  });

  it("uses 5 minutes when the lifetime is unknown, honours a caller's minimum (capped at 1 h), and never hands out an expired or missing token", () => {
    expect(requiredValidityMs(token(null, 4 * MINUTE))).toBe(5 * MINUTE);
    expect(requiredValidityMs(token(0, 60 * MINUTE), 30 * SECOND)).toBe(30 * SECOND);
    expect(requiredValidityMs(token(0, 60 * MINUTE), 5 * 60 * MINUTE)).toBe(60 * MINUTE);
    expect(isFreshEnough(token(null, -SECOND), now, 0)).toBe(false);
    expect(isFreshEnough({ ...token(0, 60 * MINUTE), accessTokenSealed: null }, now)).toBe(false);
  });

  it("treats a token without expiry as always fresh", () => {
    expect(isFreshEnough(token(null, null), now)).toBe(true);
  });
});
