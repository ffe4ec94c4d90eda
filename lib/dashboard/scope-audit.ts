// Scope audit (issue 7, screen 4): per connection, what was requested, what the provider
// granted and what the provider's catalog entry says the integration needs. Pure.
//
// "Needed" has two levels in the catalog (docs/decisions/0010-rotation-age-and-scope-audit.md):
// minimumScopes is what the connection cannot work without; defaultScopes is the read-only
// set Authpulse asks for by default. A scope beyond both is one someone added (crm.write):
// that is over-privileged. A scope in the default set but not the minimum is "optional":
// shown, not flagged, so a stock connection does not raise an alarm nobody can act on.
// The catalog encodes no scope hierarchy (hubspot's `crm.objects.contacts.write` implying
// `.read`), so scopes are compared as exact strings.

export type ScopeBaseline = { minimum: string[]; recommended: string[] };

export type ScopeAuditInput = { requested: string[]; granted: string[]; grantedKnown: boolean; baseline: ScopeBaseline | null };

export type ScopeStatus = "over_and_missing" | "over_privileged" | "missing" | "ok" | "no_baseline";

export type ScopeAssessment = {
  status: ScopeStatus;
  /** Which list the flags were judged on: granted, or requested when the provider did not report grants. */
  basis: "granted" | "requested";
  /** Minimum scopes not held. */
  missing: string[];
  /** Scopes held beyond the minimum and the recommended set. */
  extra: string[];
  /** Scopes held beyond the minimum but within the recommended set. */
  optional: string[];
  /** What a reconnect should ask for: the minimum, plus the recommended scopes already held; null without a baseline. */
  suggested: string[] | null;
};

const uniqueSorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

/** Flags one connection's scopes against its provider's minimum and recommended sets. */
export function assessScopes(input: ScopeAuditInput): ScopeAssessment {
  const basis = input.grantedKnown ? "granted" : "requested";
  const held = new Set(input.grantedKnown ? input.granted : input.requested);
  const baseline = input.baseline;
  if (!baseline || (baseline.minimum.length === 0 && baseline.recommended.length === 0)) {
    return { status: "no_baseline", basis, missing: [], extra: [], optional: [], suggested: null };
  }
  const minimum = new Set(baseline.minimum);
  const allowed = new Set([...baseline.minimum, ...baseline.recommended]);
  const missing = uniqueSorted(baseline.minimum.filter((s) => !held.has(s)));
  const extra = uniqueSorted([...held].filter((s) => !allowed.has(s)));
  const optional = uniqueSorted([...held].filter((s) => allowed.has(s) && !minimum.has(s)));
  const status: ScopeStatus = extra.length && missing.length ? "over_and_missing" : extra.length ? "over_privileged" : missing.length ? "missing" : "ok";
  return { status, basis, missing, extra, optional, suggested: uniqueSorted([...baseline.minimum, ...optional]) };
}

export const isOverPrivileged = (s: ScopeStatus) => s === "over_privileged" || s === "over_and_missing";
export const isMissingScopes = (s: ScopeStatus) => s === "missing" || s === "over_and_missing";

export const scopeShows = ["all", "flagged", "over", "missing"] as const;
export type ScopeShow = (typeof scopeShows)[number];

/** The screen's own filter from the URL (`show`); anything unknown shows all (an allow-list: no zod in this browser-side module). */
export function readScopeShow(value: string | null | undefined): ScopeShow {
  return (scopeShows as readonly (string | null | undefined)[]).includes(value) ? (value as ScopeShow) : "all";
}

export function matchesShow(status: ScopeStatus, show: ScopeShow): boolean {
  if (show === "over") return isOverPrivileged(status);
  if (show === "missing") return isMissingScopes(status);
  if (show === "flagged") return isOverPrivileged(status) || isMissingScopes(status);
  return true;
}

/** Most urgent first: the list order of findings. */
export const statusRank: Record<ScopeStatus, number> = { over_and_missing: 0, missing: 1, over_privileged: 2, no_baseline: 3, ok: 4 };

/** Flagged connections first (missing scopes break things, so they lead), then by label. */
export function sortByFinding<T extends { label: string; assessment: Pick<ScopeAssessment, "status"> }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => statusRank[a.assessment.status] - statusRank[b.assessment.status] || a.label.localeCompare(b.label));
}

export type ScopeSummary = { total: number; flagged: number; overPrivileged: number; missing: number; unreported: number; noBaseline: number };

/** Counts per finding; an item with `count` stands for that many connections with the same scopes (default 1). */
export function summarizeScopes(items: readonly { grantedKnown: boolean; assessment: Pick<ScopeAssessment, "status">; count?: number }[]): ScopeSummary {
  const sum = (test: (i: (typeof items)[number]) => boolean) => items.reduce((n, i) => n + (test(i) ? (i.count ?? 1) : 0), 0);
  return {
    total: sum(() => true),
    flagged: sum((i) => matchesShow(i.assessment.status, "flagged")),
    overPrivileged: sum((i) => isOverPrivileged(i.assessment.status)),
    missing: sum((i) => isMissingScopes(i.assessment.status)),
    unreported: sum((i) => !i.grantedKnown),
    noBaseline: sum((i) => i.assessment.status === "no_baseline"),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The answer the screen leads with: "2 connections are over-privileged, 1 is missing scopes." */
export function scopeHeadline(summary: ScopeSummary): string {
  if (summary.total === 0) return "No connections match these filters.";
  if (summary.overPrivileged === 0 && summary.missing === 0) return `All ${plural(summary.total, "connection has", "connections have")} the access they need and no more.`;
  const parts: string[] = [];
  if (summary.overPrivileged) parts.push(`${plural(summary.overPrivileged, "connection is", "connections are")} over-privileged`);
  if (summary.missing) parts.push(summary.overPrivileged ? `${summary.missing} ${summary.missing === 1 ? "is" : "are"} missing scopes` : `${plural(summary.missing, "connection is", "connections are")} missing scopes`);
  return `${parts.join(", ")}.`;
}

/** The reconnect form's preselection from `?scopes=` (space-separated): only scopes the form offers, else the fallback. */
export function preselectScopes(query: string | string[] | undefined, offered: readonly string[], fallback: string[]): string[] {
  const raw = Array.isArray(query) ? query[0] : query;
  if (!raw) return fallback;
  const known = new Set(offered);
  const picked = [...new Set(raw.split(/[\s,+]+/).filter((s) => known.has(s)))];
  return picked.length ? picked : fallback;
}

/** How many connections a screen lists (most urgent first); the CSV export carries every matching one. */
export const SCOPE_LIST_LIMIT = 200;
