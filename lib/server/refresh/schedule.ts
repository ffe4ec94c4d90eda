import "server-only";
import { DAY, HOUR, MINUTE } from "@/lib/clock";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";

/**
 * Pure scheduling rules for the refresh engine (issue 6, "Scheduling"). No clock, database or
 * network: callers pass `now` and store the results (e.g. in an indexed next_refresh_at).
 */

/** Refresh at this fraction of an access token's lifetime. */
export const REFRESH_AT_FRACTION = 0.8;
export const DEFAULT_SAFETY_MARGIN_MS = 5 * MINUTE;
/** Lifetimes shorter than twice the margin refresh at this fraction instead. */
export const SHORT_LIFETIME_FRACTION = 0.5;
/** Keep a refresh token alive this fraction of its idle window before it would die... */
export const KEEPALIVE_LEAD_FRACTION = 0.2;
/** ...and at least this long before. */
export const KEEPALIVE_MIN_LEAD_MS = DAY;
/** Used when the catalog says the access-token lifetime is undocumented. */
export const FALLBACK_ACCESS_TOKEN_LIFETIME_MS = HOUR;

function assertValidDate(name: string, d: Date): void {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new RangeError(`${name} is not a valid date`);
}

/**
 * The catalog default lifetime in milliseconds for credentials whose token response has no
 * expiry. null for "non_expiring" (nothing to schedule); the fallback for "undocumented".
 */
export function catalogDefaultLifetimeMs(
  typical: ProviderEntry["typicalAccessTokenLifetimeSeconds"],
  fallbackMs: number = FALLBACK_ACCESS_TOKEN_LIFETIME_MS,
): number | null {
  if (typical === "non_expiring") return null;
  if (typical === "undocumented") return fallbackMs;
  return typical * 1000;
}

export type NextRefreshInput = {
  issuedAt: Date;
  /** null/undefined when the token response carried no expiry. */
  expiresAt?: Date | null;
  now: Date;
  safetyMarginMs?: number;
  /** Catalog default lifetime, used only when expiresAt is unknown. */
  defaultLifetimeMs: number;
};

/**
 * When to refresh an expiring credential: at 80% of its lifetime (issuedAt → expiresAt), never
 * later than expiresAt − safetyMargin (except lifetimes under twice the margin: at half the
 * lifetime), never earlier than now. Unknown expiry: the lifetime is
 * the catalog default (so issuedAt + 80% of it). Already expired (or inside the margin): now.
 */
export function nextRefreshAt({
  issuedAt,
  expiresAt,
  now,
  safetyMarginMs = DEFAULT_SAFETY_MARGIN_MS,
  defaultLifetimeMs,
}: NextRefreshInput): Date {
  assertValidDate("issuedAt", issuedAt);
  assertValidDate("now", now);
  if (expiresAt != null) assertValidDate("expiresAt", expiresAt);
  if (!(safetyMarginMs >= 0)) throw new RangeError("safetyMarginMs must be >= 0");

  const issued = issuedAt.getTime();
  const nowMs = now.getTime();
  let expiry: number;
  if (expiresAt != null) {
    expiry = expiresAt.getTime();
  } else {
    if (!(defaultLifetimeMs > 0)) throw new RangeError("defaultLifetimeMs must be > 0 when expiresAt is unknown");
    expiry = issued + defaultLifetimeMs;
  }
  if (expiry <= nowMs) return new Date(nowMs);

  const lifetime = Math.max(0, expiry - issued);
  const atFraction = issued + Math.floor(lifetime * REFRESH_AT_FRACTION);
  const latest = expiry - safetyMarginMs;
  // Tokens shorter-lived than twice the margin (a 5-minute demo token) would be "due" the moment they are issued and
  // refresh in a loop: they refresh at half their lifetime instead.
  const earliest = issued + Math.floor(lifetime * SHORT_LIFETIME_FRACTION);
  return new Date(Math.max(nowMs, earliest > latest ? earliest : Math.min(atFraction, latest)));
}

export type KeepaliveInput = {
  lastRefreshedAt: Date;
  idleExpiryDays: ProviderEntry["refreshTokenPolicy"]["idleExpiryDays"];
  now: Date;
};

/**
 * When to refresh purely to keep a refresh token from dying of idleness: idle window minus 20%
 * (at least 1 day before the idle death), never earlier than now. null when the provider has no
 * numeric idle policy ("none", "undocumented", "configurable").
 */
export function keepaliveAt({ lastRefreshedAt, idleExpiryDays, now }: KeepaliveInput): Date | null {
  if (typeof idleExpiryDays !== "number") return null;
  assertValidDate("lastRefreshedAt", lastRefreshedAt);
  assertValidDate("now", now);
  const idleMs = idleExpiryDays * DAY;
  const lead = Math.max(idleMs * KEEPALIVE_LEAD_FRACTION, KEEPALIVE_MIN_LEAD_MS);
  const at = lastRefreshedAt.getTime() + idleMs - lead;
  return new Date(Math.max(now.getTime(), at));
}

/** The earlier of the two non-null dates; null when both are null. */
export function combineNextRun({
  refreshAt,
  keepaliveAt: keepalive,
}: {
  refreshAt: Date | null;
  keepaliveAt: Date | null;
}): Date | null {
  if (refreshAt == null) return keepalive == null ? null : new Date(keepalive);
  if (keepalive == null) return new Date(refreshAt);
  return new Date(Math.min(refreshAt.getTime(), keepalive.getTime()));
}
