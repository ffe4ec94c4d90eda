// The Audit screen's filters, read from and written to the URL query so a filtered view (and its
// CSV export) can be shared as a link. Unknown or malformed values are ignored rather than failing.

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

export type AuditQuery = { action?: string; actorId?: string; targetType?: string; outcome?: string; from?: string; to?: string };

const DAY_MS = 24 * 60 * 60 * 1000;

function one(params: Params, key: string): string {
  const value = params instanceof URLSearchParams ? params.get(key) : params[key];
  return typeof value === "string" ? value.trim() : "";
}

const token = (value: string) => (/^[\w.:-]{1,64}$/.test(value) ? value : undefined);

/** A calendar day as YYYY-MM-DD (UTC), or undefined. */
function day(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : value;
}

export function parseAuditQuery(params: Params): AuditQuery {
  const query: AuditQuery = {};
  const entries: [keyof AuditQuery, string | undefined][] = [
    ["action", token(one(params, "action"))],
    ["actorId", token(one(params, "actor"))],
    ["targetType", token(one(params, "target"))],
    ["outcome", token(one(params, "outcome"))],
    ["from", day(one(params, "from"))],
    ["to", day(one(params, "to"))],
  ];
  for (const [key, value] of entries) if (value) query[key] = value;
  return query;
}

export const hasAuditFilters = (query: AuditQuery) => Object.values(query).some((v) => v !== undefined);

/** The service filters: `from` is the start of that UTC day, `to` includes its whole UTC day. */
export function auditFiltersOf(query: AuditQuery): { action?: string; actorId?: string; targetType?: string; outcome?: string; from?: Date; to?: Date } {
  const { from, to, ...rest } = query;
  return {
    ...rest,
    ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
    ...(to ? { to: new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS) } : {}),
  };
}

/** The query string for these filters (and an optional cursor), without the leading "?". */
export function auditSearch(query: AuditQuery, cursor?: string): string {
  const search = new URLSearchParams();
  if (query.action) search.set("action", query.action);
  if (query.actorId) search.set("actor", query.actorId);
  if (query.targetType) search.set("target", query.targetType);
  if (query.outcome) search.set("outcome", query.outcome);
  if (query.from) search.set("from", query.from);
  if (query.to) search.set("to", query.to);
  if (cursor) search.set("cursor", cursor);
  return search.toString();
}

export function auditHref(query: AuditQuery, cursor?: string): string {
  const text = auditSearch(query, cursor);
  return text ? `/audit?${text}` : "/audit";
}

export function auditExportHref(query: AuditQuery): string {
  const text = auditSearch(query);
  return text ? `/api/audit/export?${text}` : "/api/audit/export";
}
