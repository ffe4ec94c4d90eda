import "server-only";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";
import { connectionDeadline } from "./connection-deadline";
import { scheduleAfterSuccess, type SchedulePolicy } from "./plan-outcome";
import { catalogDefaultLifetimeMs, FALLBACK_ACCESS_TOKEN_LIFETIME_MS } from "./schedule";

/**
 * The refresh-engine columns of a connection that just got a token outside the engine (connect,
 * reconnect, machine connection created or renewed by hand): healthy, scheduled at 80% of the
 * lifetime, deadline forecast, and a new fencing token so an attempt still in flight cannot
 * overwrite the new tokens with the old grant's.
 */
export function freshTokenRefreshFields(
  entry: ProviderEntry | null,
  input: { now: Date; expiresAt: Date | null; hasRefreshToken: boolean; connectedAt: Date; refreshTokenIssuedAt: Date | null; machine: boolean; specialCase?: string | null },
) {
  const policy: SchedulePolicy = entry
    ? { defaultLifetimeMs: catalogDefaultLifetimeMs(entry.typicalAccessTokenLifetimeSeconds), idleExpiryDays: entry.refreshTokenPolicy.idleExpiryDays, hasRefreshToken: input.hasRefreshToken }
    : { defaultLifetimeMs: FALLBACK_ACCESS_TOKEN_LIFETIME_MS, idleExpiryDays: "none", hasRefreshToken: input.hasRefreshToken };
  // Without a refresh token an authorization-code connection cannot be refreshed: the engine looks at it when the token expires.
  const nextRefreshAt = input.machine || input.hasRefreshToken ? scheduleAfterSuccess({ now: input.now, expiresAt: input.expiresAt, policy }) : input.expiresAt;
  return {
    health: "healthy" as const,
    healthReason: null,
    healthChangedAt: input.now,
    nextRefreshAt,
    refreshFence: { increment: 1 },
    refreshLeaseOwner: null,
    refreshLeaseUntil: null,
    refreshInFlightAt: null,
    refreshAttempt: 0,
    refreshFailingSince: null,
    lastRefreshError: null,
    refreshAnswerMaybeLost: false,
    ...connectionDeadline(entry, {
      connectedAt: input.connectedAt,
      refreshTokenIssuedAt: input.refreshTokenIssuedAt,
      lastRefreshedAt: input.now,
      hasRefreshToken: input.hasRefreshToken,
      accessTokenExpiresAt: input.expiresAt,
      specialCase: input.specialCase ?? null,
    }),
  };
}

/** Columns that stop all refresh work on a connection (disconnect). */
export const stopRefreshFields = {
  nextRefreshAt: null,
  refreshFence: { increment: 1 },
  refreshLeaseOwner: null,
  refreshLeaseUntil: null,
  refreshInFlightAt: null,
  refreshAttempt: 0,
} as const;
