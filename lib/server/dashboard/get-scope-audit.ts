import "server-only";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { assessScopes, matchesShow, sortByFinding, statusRank, summarizeScopes, type ScopeAssessment, type ScopeShow, type ScopeSummary } from "@/lib/dashboard/scope-audit";
import { Prisma } from "@/lib/server/generated/prisma/client";
import { availableProviders } from "../connect/resolve-provider";
import type { ServiceContext } from "../context";
import type { CsvTable } from "./dashboard-route";
import { connectionFilterSql } from "./filter-where";

export type ScopeAuditItem = {
  connectionId: string;
  label: string;
  providerKey: string;
  providerName: string;
  environment: string;
  ownerName: string | null;
  workflows: string[];
  requested: string[];
  granted: string[];
  grantedKnown: boolean;
  minimum: string[];
  recommended: string[];
  assessment: ScopeAssessment;
  /** The connection page's reconnect form with the suggested scopes preselected (admins only can submit it). */
  reconnectHref: string | null;
};

/** `items` is the first `limit` of the `matching` connections (most urgent first); the summary counts all of them. */
export type ScopeAuditReport = { generatedAt: Date; summary: ScopeSummary; show: ScopeShow; matching: number; items: ScopeAuditItem[] };

type ScopeSet = { provider_key: string; requested: string[]; granted: string[]; granted_known: boolean; n: number };
type ListedRow = { id: string; label: string; provider_key: string; environment: string; workflows: string[]; requested: string[]; granted: string[]; granted_known: boolean; owner_name: string | null; owner_email: string | null };

/**
 * Requested vs granted vs minimum scopes for the workspace's consent-screen connections, judged
 * against each provider's entry (catalog, demo or custom). The summary counts every connection
 * the shared filters match; `show` narrows only the list. Connections with the same provider and
 * scope lists get the same verdict, so each distinct set is judged once and counted; only the
 * listed connections (the first `limit`, most urgent first, then by label) are read in full.
 */
export async function getScopeAudit(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; show: ScopeShow; limit?: number }): Promise<ScopeAuditReport> {
  // Machine connections (client credentials, JWT) get their scopes from the provider's console, with no reconnect form to fix them.
  const where = Prisma.sql`c.workspace_id = ${input.workspaceId} AND c.status <> 'disconnected' AND c.method = 'authorization_code' ${connectionFilterSql(input.filters, "c")}`;
  const [sets, providers] = await Promise.all([
    ctx.db.$queryRaw<ScopeSet[]>`
      SELECT c.provider_key, c.requested_scopes AS requested, c.granted_scopes AS granted, c.granted_scopes_known AS granted_known, COUNT(*)::int AS n
      FROM connections c WHERE ${where} GROUP BY 1, 2, 3, 4`,
    availableProviders(ctx, { workspaceId: input.workspaceId }),
  ]);
  const entries = new Map(providers.map((p) => [p.id, p]));
  const baselineOf = (providerKey: string) => {
    const entry = entries.get(providerKey);
    return entry ? { minimum: entry.minimumScopes, recommended: entry.defaultScopes } : null;
  };
  const judged = sets.map((set) => ({ set, assessment: assessScopes({ requested: set.requested, granted: set.granted, grantedKnown: set.granted_known, baseline: baselineOf(set.provider_key) }) }));
  const summary = summarizeScopes(judged.map(({ set, assessment }) => ({ grantedKnown: set.granted_known, assessment, count: set.n })));
  const shown = judged.filter((j) => matchesShow(j.assessment.status, input.show));
  const matching = shown.reduce((sum, j) => sum + j.set.n, 0);
  const rows = shown.length === 0 ? [] : await listRows(ctx, where, shown.map((j) => ({ ...j.set, rank: statusRank[j.assessment.status] })), input.limit);
  const verdicts = new Map(shown.map((j) => [setKey(j.set.provider_key, j.set.requested, j.set.granted, j.set.granted_known), j.assessment]));
  const items = rows.map((row): ScopeAuditItem => {
    const entry = entries.get(row.provider_key);
    const baseline = baselineOf(row.provider_key);
    const assessment = verdicts.get(setKey(row.provider_key, row.requested, row.granted, row.granted_known))!;
    const needsFix = assessment.status !== "ok" && assessment.status !== "no_baseline" && assessment.suggested !== null;
    return {
      connectionId: row.id,
      label: row.label,
      providerKey: row.provider_key,
      providerName: entry?.name ?? row.provider_key,
      environment: row.environment,
      ownerName: row.owner_email ? row.owner_name || row.owner_email : null,
      workflows: row.workflows,
      requested: [...row.requested].sort(),
      granted: [...row.granted].sort(),
      grantedKnown: row.granted_known,
      minimum: baseline?.minimum ?? [],
      recommended: baseline?.recommended ?? [],
      assessment,
      reconnectHref: needsFix ? `/connections/${row.id}?${new URLSearchParams({ scopes: assessment.suggested!.join(" ") }).toString()}#reconnect` : null,
    };
  });
  return { generatedAt: ctx.clock.now(), summary, show: input.show, matching, items: sortByFinding(items) };
}

const setKey = (providerKey: string, requested: string[], granted: string[], known: boolean) => JSON.stringify([providerKey, requested, granted, known]);

/**
 * The connections of the shown scope sets, most urgent finding first, then by name, at most
 * `limit`: per finding, the first rows of the (workspace, lower(label)) index that belong to its sets.
 */
async function listRows(ctx: ServiceContext, where: Prisma.Sql, sets: (ScopeSet & { rank: number })[], limit: number | undefined): Promise<ListedRow[]> {
  const ranks = [...new Set(sets.map((s) => s.rank))].sort((a, b) => a - b);
  const perRank = ranks.map((rank) => {
    const ofRank = JSON.stringify(sets.filter((s) => s.rank === rank).map((s) => ({ provider_key: s.provider_key, requested: s.requested, granted: s.granted, granted_known: s.granted_known })));
    return Prisma.sql`(
      SELECT ${rank}::int AS rank, c.id, c.label, c.label_key, c.provider_key, c.environment, c.workflows, c.requested_scopes AS requested, c.granted_scopes AS granted,
             c.granted_scopes_known AS granted_known, c.owner_id
      FROM connections c
      WHERE ${where} AND (c.provider_key, c.requested_scopes, c.granted_scopes, c.granted_scopes_known) IN (
        SELECT s.provider_key, s.requested, s.granted, s.granted_known FROM jsonb_to_recordset(${ofRank}::jsonb) AS s(provider_key text, requested text[], granted text[], granted_known boolean))
      ORDER BY c.label_key, c.label DESC, c.id
      ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`})`;
  });
  return ctx.db.$queryRaw<ListedRow[]>`
    SELECT l.id, l.label, l.provider_key, l.environment, l.workflows, l.requested, l.granted, l.granted_known, u.name AS owner_name, u.email AS owner_email
    FROM (${Prisma.join(perRank, " UNION ALL ")}) l
    LEFT JOIN users u ON u.id = l.owner_id
    ORDER BY l.rank, l.label_key, l.label DESC, l.id
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
}

const statusText: Record<ScopeAssessment["status"], string> = { over_and_missing: "over-privileged and missing scopes", over_privileged: "over-privileged", missing: "missing scopes", ok: "ok", no_baseline: "no minimum known" };

/** One row per connection in the list, scopes space-separated. */
export function scopeAuditCsv(report: ScopeAuditReport): CsvTable {
  return {
    filename: "scope-audit",
    columns: ["connection", "provider", "environment", "owner", "workflows", "finding", "requested", "granted", "granted_reported_by_provider", "minimum", "more_than_needed", "missing", "suggested_scopes"],
    rows: report.items.map((i) => [i.label, i.providerName, i.environment, i.ownerName ?? "", i.workflows.join("; "), statusText[i.assessment.status], i.requested.join(" "), i.grantedKnown ? i.granted.join(" ") : "", i.grantedKnown, i.minimum.join(" "), i.assessment.extra.join(" "), i.assessment.missing.join(" "), i.assessment.suggested?.join(" ") ?? ""]),
  };
}

export const scopeStatusText = statusText;
