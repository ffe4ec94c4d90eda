import { DAY } from "@/lib/clock";

// "What breaks this week?" (issue 7): every upcoming moment at which a connection or credential
// stops working unless someone acts, with the action and the link to the fix. Pure: the caller
// passes `now` and plain rows, so the rules are unit-tested with a moved clock.

export const DEADLINE_WINDOWS = [7, 30, 90] as const;
export type DeadlineWindow = (typeof DEADLINE_WINDOWS)[number];

/** What expires. */
export type DeadlineKind = "access_token" | "refresh_token" | "certificate" | "credential_expiry" | "rotation";
/** What a person must do about it. */
export type DeadlineAction = "reconnect" | "fix_refresh" | "renew_machine" | "renew_cert" | "replace" | "rotate";

export const actionLabels: Record<DeadlineAction, string> = {
  reconnect: "Reconnect",
  fix_refresh: "Fix the refresh",
  renew_machine: "Renew the token settings",
  renew_cert: "Renew the certificate",
  replace: "Replace the credential",
  rotate: "Rotate the key",
};

export const kindLabels: Record<DeadlineKind, string> = {
  access_token: "Access token",
  refresh_token: "Refresh-token deadline",
  certificate: "Certificate expiry",
  credential_expiry: "Credential expiry",
  rotation: "Key rotation due",
};

export type ConnectionDeadlineRow = {
  id: string;
  label: string;
  providerKey: string;
  method: "authorization_code" | "client_credentials" | "jwt_bearer" | "jwt_login";
  status: "active" | "needs_reauth" | "error" | "disconnected";
  health: "healthy" | "refreshing" | "degraded" | "needs_reauth" | "config_error" | "exhausted";
  healthReason: string | null;
  accessTokenExpiresAt: Date | null;
  nextRefreshAt: Date | null;
  hasRefreshToken: boolean;
  hardDeadlineAt: Date | null;
  hardDeadlineReason: string | null;
  hardDeadlineNote: string | null;
  environment: string;
  ownerId: string | null;
  workflows: string[];
};

export type CredentialDeadlineRow = {
  id: string;
  name: string;
  provider: string;
  method: "api_key" | "basic" | "bearer" | "hmac" | "mtls" | "track_only";
  sensitive: boolean;
  rotatedAt: Date;
  rotationIntervalDays: number;
  expiresAt: Date | null;
  environment: string;
  ownerId: string | null;
  workflows: string[];
};

export type DeadlineItem = {
  /** Stable: kind + subject id. */
  id: string;
  kind: DeadlineKind;
  action: DeadlineAction;
  subject: { type: "connection" | "credential"; id: string; name: string };
  provider: string;
  environment: string;
  ownerId: string | null;
  workflows: string[];
  /** ISO time it breaks (or broke: `overdue`). */
  at: string;
  overdue: boolean;
  /** One line: what expires. */
  what: string;
  /** One line: why no automatic refresh saves it. */
  why: string;
  /** Where the fix is (a page in this app). */
  href: string;
};

const FAILING = new Set(["degraded", "needs_reauth", "config_error", "exhausted"]);

const healthWhy: Record<string, string> = {
  degraded: "Refreshes are failing and being retried; if they keep failing, the token expires.",
  needs_reauth: "The provider no longer accepts the grant: no refresh can renew it.",
  config_error: "The provider rejects the app's settings, so refreshes stop until they are fixed.",
  exhausted: "Refreshes failed for days and Authpulse stopped retrying.",
};

/** The access token expires before anything renews it, and why; null when a refresh is due in time. */
function accessTokenRisk(c: ConnectionDeadlineRow): { why: string; action: DeadlineAction } | null {
  if (!c.accessTokenExpiresAt) return null;
  const machine = c.method !== "authorization_code";
  if (FAILING.has(c.health)) {
    const action: DeadlineAction = c.health === "needs_reauth" ? (machine ? "renew_machine" : "reconnect") : machine ? "renew_machine" : "fix_refresh";
    return { why: healthWhy[c.health] ?? "Refreshes are failing.", action };
  }
  if (!machine && !c.hasRefreshToken) {
    // The forecast already carries this as the hard deadline; do not list it twice.
    if (c.hardDeadlineReason === "no_refresh_token") return null;
    return { why: "The provider issued no refresh token, so the access token cannot be renewed.", action: "reconnect" };
  }
  // While a worker holds the refresh, next_refresh_at is its lease expiry, not the next refresh.
  if (c.health === "refreshing") return null;
  if (c.nextRefreshAt === null) return { why: "No refresh is scheduled before it expires.", action: machine ? "renew_machine" : "fix_refresh" };
  if (c.nextRefreshAt.getTime() >= c.accessTokenExpiresAt.getTime()) return { why: "The next refresh is scheduled after it expires.", action: machine ? "renew_machine" : "fix_refresh" };
  return null;
}

function hardDeadlineAction(reason: string | null): { kind: DeadlineKind; action: DeadlineAction } {
  if (reason === "certificate_expiry") return { kind: "certificate", action: "renew_cert" };
  if (reason === "rotation_due") return { kind: "rotation", action: "rotate" };
  return { kind: "refresh_token", action: "reconnect" };
}

const connectionHref = (id: string, action: DeadlineAction) => `/connections/${encodeURIComponent(id)}${action === "reconnect" ? "#reconnect" : action === "renew_machine" ? "#renew" : "#refresh"}`;

/** A connection's upcoming breaks: an access token nothing will renew in time, and the refresh-token hard deadline. */
export function connectionDeadlines(c: ConnectionDeadlineRow, now: Date): DeadlineItem[] {
  if (c.status === "disconnected") return [];
  const base = { subject: { type: "connection" as const, id: c.id, name: c.label }, provider: c.providerKey, environment: c.environment, ownerId: c.ownerId, workflows: c.workflows };
  const items: DeadlineItem[] = [];
  const risk = accessTokenRisk(c);
  if (risk && c.accessTokenExpiresAt) {
    items.push({ ...base, id: `access_token:${c.id}`, kind: "access_token", action: risk.action, at: c.accessTokenExpiresAt.toISOString(), overdue: c.accessTokenExpiresAt <= now, what: "Access token expires", why: risk.why, href: connectionHref(c.id, risk.action) });
  }
  // An idle-expiry deadline moves forward with every successful refresh: it only threatens a connection whose refreshes fail.
  const idleButHealthy = c.hardDeadlineReason === "refresh_token_idle" && !FAILING.has(c.health);
  if (c.hardDeadlineAt && !idleButHealthy) {
    const { kind, action } = hardDeadlineAction(c.hardDeadlineReason);
    items.push({ ...base, id: `${kind}:${c.id}`, kind, action, at: c.hardDeadlineAt.toISOString(), overdue: c.hardDeadlineAt <= now, what: kind === "refresh_token" ? "Refresh token stops working" : kindLabels[kind], why: c.hardDeadlineNote ?? "No refresh can move this date.", href: connectionHref(c.id, action) });
  }
  return items;
}

/**
 * The rotation policy in days: the credential's own interval, which defaults to 30 days for
 * sensitive credentials and 90 for the rest (set at creation). Every screen (credentials list,
 * rotation age, checklist) judges "overdue" by this same interval, so the timeline does too.
 */
export function rotationPolicyDays(c: Pick<CredentialDeadlineRow, "rotationIntervalDays">): number {
  return c.rotationIntervalDays;
}

/** A credential's upcoming breaks: certificate notAfter / typed expiry, and the rotation due date. */
export function credentialDeadlines(c: CredentialDeadlineRow, now: Date): DeadlineItem[] {
  const base = { subject: { type: "credential" as const, id: c.id, name: c.name }, provider: c.provider, environment: c.environment, ownerId: c.ownerId, workflows: c.workflows };
  const rotateHref = `/credentials/${encodeURIComponent(c.id)}/rotate`;
  const items: DeadlineItem[] = [];
  if (c.expiresAt) {
    const cert = c.method === "mtls";
    items.push({
      ...base,
      id: `${cert ? "certificate" : "credential_expiry"}:${c.id}`,
      kind: cert ? "certificate" : "credential_expiry",
      action: cert ? "renew_cert" : "replace",
      at: c.expiresAt.toISOString(),
      overdue: c.expiresAt <= now,
      what: cert ? "Client certificate expires (notAfter)" : "Credential expires",
      why: cert ? "A certificate cannot be refreshed: a new one must be issued and uploaded." : "The issuer set an expiry date; Authpulse cannot renew an API key.",
      href: rotateHref,
    });
  }
  const days = rotationPolicyDays(c);
  const due = new Date(c.rotatedAt.getTime() + days * DAY);
  items.push({ ...base, id: `rotation:${c.id}`, kind: "rotation", action: "rotate", at: due.toISOString(), overdue: due <= now, what: "Key rotation due", why: `Policy: rotate every ${days} days${c.sensitive ? " (sensitive)" : ""}.`, href: rotateHref });
  return items;
}

/** Every deadline that falls before now + window days (overdue ones included), soonest first. */
export function upcomingDeadlines(input: { connections: ConnectionDeadlineRow[]; credentials: CredentialDeadlineRow[]; now: Date; windowDays: number }): DeadlineItem[] {
  const until = input.now.getTime() + input.windowDays * DAY;
  const all = [...input.connections.flatMap((c) => connectionDeadlines(c, input.now)), ...input.credentials.flatMap((c) => credentialDeadlines(c, input.now))];
  return all.filter((d) => new Date(d.at).getTime() <= until).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Distinct connections and credentials among the items ("3 integrations break this week"). */
export function countSubjects(items: DeadlineItem[]): number {
  return new Set(items.map((d) => `${d.subject.type}:${d.subject.id}`)).size;
}

export type ProviderGroup = { provider: string; items: DeadlineItem[] };

/** Items grouped by provider, groups ordered by their soonest item. */
export function groupByProvider(items: DeadlineItem[]): ProviderGroup[] {
  const groups = new Map<string, DeadlineItem[]>();
  for (const item of [...items].sort((a, b) => a.at.localeCompare(b.at))) {
    const list = groups.get(item.provider) ?? [];
    list.push(item);
    groups.set(item.provider, list);
  }
  return [...groups.entries()].map(([provider, list]) => ({ provider, items: list }));
}

export type DayBucket = { date: string; count: number; overdue: boolean };

/** Calendar day (YYYY-MM-DD) of a time in a time zone. */
export function dayKey(at: Date, timeZone = "UTC"): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** One bucket per day from today to today + window (overdue items count on today, flagged), for the timeline strip. */
export function bucketByDay(items: DeadlineItem[], now: Date, windowDays: number, timeZone = "UTC"): DayBucket[] {
  const buckets: DayBucket[] = [];
  const index = new Map<string, DayBucket>();
  for (let i = 0; i <= windowDays; i++) {
    const bucket = { date: dayKey(new Date(now.getTime() + i * DAY), timeZone), count: 0, overdue: false };
    if (!index.has(bucket.date)) {
      index.set(bucket.date, bucket);
      buckets.push(bucket);
    }
  }
  const today = buckets[0]!;
  for (const item of items) {
    const at = new Date(item.at);
    const bucket = item.overdue ? today : index.get(dayKey(at, timeZone));
    if (!bucket) continue;
    bucket.count += 1;
    if (item.overdue) bucket.overdue = true;
  }
  return buckets;
}

export function parseWindow(value: string | string[] | null | undefined): DeadlineWindow {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return (DEADLINE_WINDOWS as readonly number[]).includes(n) ? (n as DeadlineWindow) : 7;
}
