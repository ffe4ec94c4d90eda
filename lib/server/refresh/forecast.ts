import "server-only";
import { DAY } from "@/lib/clock";
import type { ProviderEntry } from "@/lib/server/providers/provider-entry-schema";

/**
 * Forecast of a connection's hard deadline (issue 6): the moment no refresh can save it and the
 * user must reconnect (or an operator must renew a certificate or rotate a key). Pure.
 */

export type RefreshTokenPolicy = ProviderEntry["refreshTokenPolicy"];
type SpecialCase = RefreshTokenPolicy["specialCases"][number];

export type HardDeadlineReason =
  | "refresh_token_absolute_max"
  | "special_case"
  | "refresh_token_idle"
  | "no_refresh_token"
  | "certificate_expiry"
  | "rotation_due";

export type HardDeadline = { at: Date; reason: HardDeadlineReason; note: string };

/**
 * Short keys for catalog special cases (the catalog's conditions are free text). A caller may
 * also pass the condition text itself (case-insensitive exact match).
 */
export const specialCaseKeys = {
  google_testing: { label: "Google apps in testing", matches: /publishing status testing/i },
  microsoft_spa: { label: "Microsoft single-page-application redirect URIs", matches: /single-page application/i },
  outreach_development_credentials: {
    label: "Outreach apps on development credentials",
    matches: /development credentials/i,
  },
} as const satisfies Record<string, { label: string; matches: RegExp }>;

export type SpecialCaseKey = keyof typeof specialCaseKeys;

export type ForecastInput = {
  refreshTokenIssuedAt: Date;
  /** The original consent; the absolute maximum counts from here. */
  connectedAt: Date;
  policy: RefreshTokenPolicy;
  /** A key of specialCaseKeys (e.g. "google_testing") or a catalog condition verbatim. */
  specialCase?: SpecialCaseKey | (string & {}) | null;
  certificateNotAfter?: Date | null;
  rotationDueAt?: Date | null;
  /** Last successful refresh: with a numeric idle policy the refresh token dies idleExpiryDays later unless refreshed again. */
  lastRefreshedAt?: Date | null;
  /** Set when the connection holds no refresh token: its access token expiring is the end. */
  accessTokenExpiresAtWithoutRefresh?: Date | null;
};

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * DAY);
}

function findSpecialCase(
  policy: RefreshTokenPolicy,
  specialCase: string,
): { entry: SpecialCase; label: string | null } | null {
  const known = (specialCaseKeys as Record<string, { label: string; matches: RegExp }>)[specialCase];
  if (known) {
    const entry = policy.specialCases.find((c) => known.matches.test(c.condition));
    return entry ? { entry, label: known.label } : null;
  }
  const wanted = specialCase.trim().toLowerCase();
  const entry = policy.specialCases.find((c) => c.condition.trim().toLowerCase() === wanted);
  return entry ? { entry, label: null } : null;
}

function isDate(d: Date | null | undefined): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/**
 * The earliest of: refresh-token absolute maximum (connectedAt + absoluteMaxDays, numeric only;
 * "none", "undocumented" and "configurable" are ignored), the matching special case
 * (refreshTokenIssuedAt + lifetimeDays), certificate notAfter, key rotation due date.
 * null when none applies. On a tie the first in that order wins.
 */
export function forecastHardDeadline(input: ForecastInput): HardDeadline | null {
  const { refreshTokenIssuedAt, connectedAt, policy, specialCase, certificateNotAfter, rotationDueAt } = input;
  const candidates: HardDeadline[] = [];

  if (typeof policy.absoluteMaxDays === "number" && isDate(connectedAt)) {
    candidates.push({
      at: addDays(connectedAt, policy.absoluteMaxDays),
      reason: "refresh_token_absolute_max",
      note: `Refresh tokens for this provider expire ${days(policy.absoluteMaxDays)} after consent, however often they are used: reconnect before then.`,
    });
  }

  if (specialCase && isDate(refreshTokenIssuedAt)) {
    const found = findSpecialCase(policy, specialCase);
    if (found) {
      const { entry, label } = found;
      const who = label ? `Refresh tokens of ${label}` : `Refresh tokens (${entry.condition})`;
      const when = entry.lifetimeDays === 0 ? "die at once" : `die after ${days(entry.lifetimeDays)}`;
      candidates.push({
        at: addDays(refreshTokenIssuedAt, entry.lifetimeDays),
        reason: "special_case",
        note: `${who} ${when}: reconnect before then.`,
      });
    }
  }

  if (typeof policy.idleExpiryDays === "number" && isDate(input.lastRefreshedAt)) {
    candidates.push({
      at: addDays(input.lastRefreshedAt, policy.idleExpiryDays),
      reason: "refresh_token_idle",
      note: `Refresh tokens for this provider die after ${days(policy.idleExpiryDays)} unused: Authpulse refreshes before then, but if refreshes keep failing, reconnect before then.`,
    });
  }

  if (isDate(input.accessTokenExpiresAtWithoutRefresh)) {
    candidates.push({
      at: new Date(input.accessTokenExpiresAtWithoutRefresh),
      reason: "no_refresh_token",
      note: "The provider issued no refresh token, so the access token cannot be renewed: reconnect before it expires.",
    });
  }

  if (isDate(certificateNotAfter)) {
    candidates.push({
      at: new Date(certificateNotAfter),
      reason: "certificate_expiry",
      note: "The client certificate expires then: renew it and update the connection before then.",
    });
  }

  if (isDate(rotationDueAt)) {
    candidates.push({
      at: new Date(rotationDueAt),
      reason: "rotation_due",
      note: "The signing key is due for rotation then: rotate it before then.",
    });
  }

  let earliest: HardDeadline | null = null;
  for (const c of candidates) {
    if (earliest === null || c.at.getTime() < earliest.at.getTime()) earliest = c;
  }
  return earliest;
}
