import type { Metadata } from "next";
import { ExpiringBody } from "@/components/dashboard/expiring/expiring-body";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { WorkspaceMismatch } from "@/components/dashboard/workspace-mismatch";
import { systemClock } from "@/lib/clock";
import { parseWindow } from "@/lib/dashboard/deadlines";
import { filterSearchParams, readDashboardFilters, withFilters } from "@/lib/dashboard/filters";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { providerNamesFor } from "@/lib/server/connect/resolve-provider";
import { getDashboardFilterOptions } from "@/lib/server/dashboard/filter-options";
import { getExpiring, parseKind, type Expiring } from "@/lib/server/dashboard/get-expiring";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Expiring" };

export default async function ExpiringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace, memberships } = await requirePageContext();
  const params = await searchParams;
  const ctx = { db: db(), clock: systemClock };
  const filters = readDashboardFilters(params);
  const windowDays = parseWindow(params.days);
  const kind = parseKind(params.kind);
  const [expiring, options, providerNames] = await Promise.all([getExpiring(ctx, { workspaceId: workspace.id, filters, windowDays, kind }), getDashboardFilterOptions(ctx, { workspaceId: workspace.id }), providerNamesFor(ctx, { workspaceId: workspace.id })]);
  const keep = { days: windowDays === 7 ? undefined : String(windowDays), kind: kind ?? undefined };
  const query = filterSearchParams(filters, keep).toString();
  return (
    <>
      <WorkspaceMismatch linkSlug={filters.ws} current={workspace} memberships={memberships} />
      <ExpiringBody initial={JSON.parse(JSON.stringify(expiring)) as Jsonified<Expiring>} query={query} filters={{ ...filters, ws: workspace.slug }} providerNames={providerNames} ownerNames={Object.fromEntries(options.owners.map((o) => [o.value, o.label]))} filterBar={
        <FilterBar path="/expiring" filters={filters} options={options} keep={keep} csvHref={withFilters("/api/dashboard/expiring", filters, { days: String(windowDays), kind: kind ?? undefined, format: "csv" })} workspaceSlug={workspace.slug} />
      } />
    </>
  );
}
