import "server-only";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { assessScopes, matchesShow, sortByFinding, summarizeScopes, type ScopeAssessment, type ScopeShow, type ScopeSummary } from "@/lib/dashboard/scope-audit";
import { availableProviders } from "../connect/resolve-provider";
import type { ServiceContext } from "../context";
import type { CsvTable } from "./dashboard-route";
import { connectionWhere } from "./filter-where";

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

/**
 * Requested vs granted vs minimum scopes for the workspace's consent-screen connections, judged
 * against each provider's entry (catalog, demo or custom). The summary counts every connection
 * the shared filters match; `show` narrows only the list.
 */
export async function getScopeAudit(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; show: ScopeShow; limit?: number }): Promise<ScopeAuditReport> {
  const [rows, providers] = await Promise.all([
    ctx.db.connection.findMany({
      // Machine connections (client credentials, JWT) get their scopes from the provider's console, with no reconnect form to fix them.
      where: { ...connectionWhere(input.workspaceId, input.filters), method: "authorization_code" },
      select: { id: true, label: true, providerKey: true, environment: true, workflows: true, requestedScopes: true, grantedScopes: true, grantedScopesKnown: true, owner: { select: { name: true, email: true } } },
    }),
    availableProviders(ctx, { workspaceId: input.workspaceId }),
  ]);
  const entries = new Map(providers.map((p) => [p.id, p]));
  const items = rows.map((row): ScopeAuditItem => {
    const entry = entries.get(row.providerKey);
    const baseline = entry ? { minimum: entry.minimumScopes, recommended: entry.defaultScopes } : null;
    const assessment = assessScopes({ requested: row.requestedScopes, granted: row.grantedScopes, grantedKnown: row.grantedScopesKnown, baseline });
    const needsFix = assessment.status !== "ok" && assessment.status !== "no_baseline" && assessment.suggested !== null;
    return {
      connectionId: row.id,
      label: row.label,
      providerKey: row.providerKey,
      providerName: entry?.name ?? row.providerKey,
      environment: row.environment,
      ownerName: row.owner ? row.owner.name || row.owner.email : null,
      workflows: row.workflows,
      requested: [...row.requestedScopes].sort(),
      granted: [...row.grantedScopes].sort(),
      grantedKnown: row.grantedScopesKnown,
      minimum: baseline?.minimum ?? [],
      recommended: baseline?.recommended ?? [],
      assessment,
      reconnectHref: needsFix ? `/connections/${row.id}?${new URLSearchParams({ scopes: assessment.suggested!.join(" ") }).toString()}#reconnect` : null,
    };
  });
  const shown = sortByFinding(items.filter((i) => matchesShow(i.assessment.status, input.show)));
  return { generatedAt: ctx.clock.now(), summary: summarizeScopes(items), show: input.show, matching: shown.length, items: input.limit === undefined ? shown : shown.slice(0, input.limit) };
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
