import type { Metadata } from "next";
import Link from "next/link";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { WorkspaceMismatch } from "@/components/dashboard/workspace-mismatch";
import { RotationView } from "@/components/rotation/rotation-view";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { filterSearchParams, hasFilters, readDashboardFilters, withFilters } from "@/lib/dashboard/filters";
import { readRotationSort, rotationSorts, type RotationSort } from "@/lib/dashboard/rotation-age";
import type { Jsonified } from "@/lib/jsonify";
import { requirePageContext } from "@/lib/server/auth/guards";
import { getDashboardFilterOptions } from "@/lib/server/dashboard/filter-options";
import { getRotationAge, type RotationAgeReport } from "@/lib/server/dashboard/get-rotation-age";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Rotation age" };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function RotationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { workspace, role, memberships } = await requirePageContext();
  const params = await searchParams;
  const filters = readDashboardFilters(params);
  const sort = readRotationSort({ sort: first(params.sort), dir: first(params.dir) });
  const ctx = { db: db(), clock: systemClock };
  const [report, options] = await Promise.all([getRotationAge(ctx, { workspaceId: workspace.id, filters, ...sort }), getDashboardFilterOptions(ctx, { workspaceId: workspace.id })]);
  const header = <PageHeader title="Which keys are overdue for rotation?" subtitle="API keys, Basic and bearer credentials, webhook secrets, certificates and tracked secrets by days since their last rotation, against a 90-day policy (30 for sensitive ones)." />;
  if (report.summary.total === 0 && !hasFilters(filters)) {
    return (
      <>
        {header}
        <EmptyState icon={<Icon name="clock" />} title="No keys or secrets to age" steps={["Register each API key or secret in Credentials, one per workflow.", "Importing an old key? Say when it was last rotated, so its age is right from day one.", "Come back here monthly: overdue keys lead the page."]} action={role === "admin" ? <Link href="/credentials/new" className={buttonClass("primary")}>Add a credential</Link> : undefined}>
          Rotation age counts the days since each credential got a new value. Nothing is registered in {workspace.name} yet.
        </EmptyState>
      </>
    );
  }
  const query = filterSearchParams(filters, { sort: sort.sort, dir: sort.dir }).toString();
  const shared = { ...filters, ws: workspace.slug };
  // a header sorts by its column, toggling the direction when it already does (age starts oldest first)
  const sortHrefs = Object.fromEntries(
    rotationSorts.map((column) => {
      const dir = sort.sort === column ? (sort.dir === "asc" ? "desc" : "asc") : column === "age" ? "desc" : "asc";
      return [column, withFilters("/rotation", shared, { sort: column, dir })];
    }),
  ) as Record<RotationSort, string>;
  const csvHref = `/api/dashboard/rotation?${filterSearchParams(filters, { sort: sort.sort, dir: sort.dir, format: "csv" }).toString()}`;
  return (
    <>
      {header}
      {filters.ws && filters.ws !== workspace.slug && <div className="mb-4"><WorkspaceMismatch linkSlug={filters.ws} current={workspace} memberships={memberships} /></div>}
      <FilterBar path="/rotation" filters={filters} options={options} keep={{ sort: sort.sort, dir: sort.dir }} csvHref={csvHref} workspaceSlug={workspace.slug} />
      <RotationView initial={JSON.parse(JSON.stringify(report)) as Jsonified<RotationAgeReport>} query={query} sortHrefs={sortHrefs} clearHref={withFilters("/rotation", { ws: workspace.slug })} canRotate={role === "admin"} />
    </>
  );
}
