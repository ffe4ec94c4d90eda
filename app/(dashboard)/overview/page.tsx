import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { WorkspaceMismatch } from "@/components/dashboard/workspace-mismatch";
import { OverviewBody } from "@/components/dashboard/overview/overview-body";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { buttonClass } from "@/components/ui/button";
import { systemClock } from "@/lib/clock";
import { filterSearchParams, readDashboardFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { isItemState } from "@/lib/dashboard/item-states";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { providerNamesFor } from "@/lib/server/connect/resolve-provider";
import { parseTrendRange } from "@/lib/server/dashboard/error-trend";
import { getDashboardFilterOptions, type DashboardFilterOptions } from "@/lib/server/dashboard/filter-options";
import { getOverview, type Overview } from "@/lib/server/dashboard/get-overview";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Overview" };

/** "provider HubSpot, owner Rae" for the active filters, null when none. */
function describeFilters(filters: DashboardFilters, options: DashboardFilterOptions): string | null {
  const name = (list: { value: string; label: string }[], value: string) => list.find((o) => o.value === value)?.label ?? value;
  const parts = [filters.env && `environment ${filters.env}`, filters.provider && `provider ${filters.provider}`, filters.owner && `owner ${name(options.owners, filters.owner)}`, filters.workflow && `workflow ${filters.workflow}`].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { role, workspace, memberships } = await requirePageContext();
  const params = await searchParams;
  const ctx = { db: db(), clock: systemClock };
  const filters = readDashboardFilters(params);
  const trend = parseTrendRange(params.trend);
  const state = isItemState(params.state) ? params.state : null;
  const [overview, options, providerNames] = await Promise.all([getOverview(ctx, { workspaceId: workspace.id, filters, trendRange: trend, state }), getDashboardFilterOptions(ctx, { workspaceId: workspace.id }), providerNamesFor(ctx, { workspaceId: workspace.id })]);
  const total = Object.values(overview.connections).reduce((a, b) => a + b, 0) + Object.values(overview.credentials).reduce((a, b) => a + b, 0);
  if (total === 0 && options.providers.length === 0) {
    return <SectionPage copy={sections.overview} role={role} action={role === "admin" ? <Link href="/connections/new" className={buttonClass("primary")}>Connect a provider</Link> : undefined} />;
  }
  const query = filterSearchParams(filters, { trend: trend === "24h" ? undefined : trend, state: state ?? undefined }).toString();
  const ownerNames = Object.fromEntries(options.owners.map((o) => [o.value, o.label]));
  return (
    <>
      <WorkspaceMismatch linkSlug={filters.ws} current={workspace} memberships={memberships} />
      <OverviewBody initial={JSON.parse(JSON.stringify(overview)) as Jsonified<Overview>} filterSummary={describeFilters(filters, options)} query={query} filters={{ ...filters, ws: workspace.slug }} trend={trend} state={state} providerNames={providerNames} ownerNames={ownerNames} filterBar={<FilterBar path="/overview" filters={filters} options={options} keep={{ trend: trend === "24h" ? undefined : trend }} workspaceSlug={workspace.slug} />} />
    </>
  );
}
