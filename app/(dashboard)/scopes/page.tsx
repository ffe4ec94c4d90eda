import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { WorkspaceMismatch } from "@/components/dashboard/workspace-mismatch";
import { ScopeAuditView } from "@/components/scopes/scope-audit-view";
import { sections } from "@/components/sections/section-empty-states";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { filterSearchParams, hasFilters, readDashboardFilters, withFilters } from "@/lib/dashboard/filters";
import { readScopeShow, SCOPE_LIST_LIMIT, scopeShows, type ScopeShow } from "@/lib/dashboard/scope-audit";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { getDashboardFilterOptions } from "@/lib/server/dashboard/filter-options";
import { getScopeAudit, type ScopeAuditReport } from "@/lib/server/dashboard/get-scope-audit";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Scopes" };

export default async function ScopesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace, role, memberships } = await requirePageContext();
  const params = await searchParams;
  const filters = readDashboardFilters(params);
  const show = readScopeShow(Array.isArray(params.show) ? params.show[0] : params.show);
  const ctx = { db: db(), clock: systemClock };
  const [report, options] = await Promise.all([getScopeAudit(ctx, { workspaceId: workspace.id, filters, show, limit: SCOPE_LIST_LIMIT }), getDashboardFilterOptions(ctx, { workspaceId: workspace.id })]);
  const header = <PageHeader title="Which connections have more or less access than they need?" subtitle="Requested, granted and minimum scopes of every connection made through a consent screen, judged against the provider's catalog entry." />;
  const copy = sections.scopes;
  if (report.summary.total === 0 && !hasFilters(filters)) {
    return (
      <>
        {header}
        <EmptyState icon={<Icon name={copy.icon} />} title={copy.emptyTitle} steps={copy.steps} action={role === "admin" ? <Link href="/connections/new" className={buttonClass("primary")}>Connect a provider</Link> : undefined}>
          {copy.emptyBody} {role === "admin" ? "" : copy.viewerNote}
        </EmptyState>
      </>
    );
  }
  const keep = { show: show === "all" ? undefined : show };
  const query = filterSearchParams(filters, keep).toString();
  const shared = { ...filters, ws: workspace.slug };
  const showHrefs = Object.fromEntries(scopeShows.map((s) => [s, withFilters("/scopes", shared, { show: s === "all" ? undefined : s })])) as Record<ScopeShow, string>;
  const csvHref = `/api/dashboard/scopes?${filterSearchParams(filters, { ...keep, format: "csv" }).toString()}`;
  return (
    <>
      {header}
      {filters.ws && filters.ws !== workspace.slug && <div className="mb-4"><WorkspaceMismatch linkSlug={filters.ws} current={workspace} memberships={memberships} /></div>}
      <FilterBar path="/scopes" filters={filters} options={options} keep={keep} csvHref={csvHref} workspaceSlug={workspace.slug} />
      <ScopeAuditView initial={JSON.parse(JSON.stringify(report)) as Jsonified<ScopeAuditReport>} query={query} showHrefs={showHrefs} clearHref={withFilters("/scopes", { ws: workspace.slug })} canReconnect={role === "admin"} />
    </>
  );
}
