import { HOUR, MINUTE } from "@/lib/clock";

/** The pre-call check asks for at most this much remaining validity by default... */
export const DEFAULT_MIN_VALIDITY_MS = 5 * MINUTE;
/** ...and callers may ask for at most this much. */
export const MAX_MIN_VALIDITY_MS = HOUR;

type TokenTimes = { accessTokenSealed: string | null; accessTokenExpiresAt: Date | null; lastRefreshedAt: Date | null; authorizedAt: Date | null };

/**
 * How long a stored token must stay valid to be handed out: the caller's minValidityMs (0–1 h), else
 * min(5 min, half its lifetime) — lifetime from its last refresh (or the connect) to its expiry, when
 * known — so a 5-minute token is not refreshed the moment it is issued.
 */
export function requiredValidityMs(token: Pick<TokenTimes, "accessTokenExpiresAt" | "lastRefreshedAt" | "authorizedAt">, minValidityMs?: number): number {
  if (minValidityMs !== undefined && Number.isFinite(minValidityMs)) return Math.min(MAX_MIN_VALIDITY_MS, Math.max(0, minValidityMs));
  const issuedAt = token.lastRefreshedAt ?? token.authorizedAt;
  const expiresAt = token.accessTokenExpiresAt;
  const lifetime = issuedAt && expiresAt ? expiresAt.getTime() - issuedAt.getTime() : null;
  return lifetime !== null && lifetime > 0 ? Math.min(DEFAULT_MIN_VALIDITY_MS, lifetime / 2) : DEFAULT_MIN_VALIDITY_MS;
}

/** Whether the stored token can be handed out now: it exists, and it does not expire or stays valid long enough. */
export function isFreshEnough(token: TokenTimes, now: Date, minValidityMs?: number): boolean {
  if (!token.accessTokenSealed) return false;
  if (token.accessTokenExpiresAt === null) return true;
  return token.accessTokenExpiresAt.getTime() - now.getTime() >= requiredValidityMs(token, minValidityMs);
}
