// The plain-JSON shape the credential screens get: metadata only, never a secret, sealed value or
// fingerprint (the page builds it from the data layer's view and passes nothing else).

export type CredentialRow = {
  id: string;
  name: string;
  method: string;
  provider: string;
  environment: string;
  ownerName: string | null;
  workflows: string[];
  prefix: string | null;
  last4: string | null;
  rotationAgeDays: number;
  rotationIntervalDays: number;
  isRotationOverdue: boolean;
  sensitive: boolean;
  expiresAt: string | null;
  isExpired: boolean;
  overlapEndsAt: string | null;
};

/** "sk_live_…4f2a", "…4f2a", or null when the secret is too short to show anything. */
export function secretHintText(prefix: string | null, last4: string | null): string | null {
  if (!last4) return null;
  return `${prefix ?? ""}…${last4}`;
}

/** "overdue (91 d / 90)" or "31 d / 90". */
export function rotationAgeText(ageDays: number, intervalDays: number, overdue: boolean): string {
  return overdue ? `overdue (${ageDays} d / ${intervalDays})` : `${ageDays} d / ${intervalDays}`;
}
