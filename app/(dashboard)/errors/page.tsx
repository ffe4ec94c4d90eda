import type { Metadata } from "next";
import { FilterBar } from "@/components/dashboard/filter-bar";
import { WorkspaceMismatch } from "@/components/dashboard/workspace-mismatch";
import { ErrorEventsCard } from "@/components/errors/error-events-card";
import { ErrorSeriesCard } from "@/components/errors/error-series-card";
import { ErrorsByIntegrationCard } from "@/components/errors/errors-by-integration-card";
import { ErrorsHeadline } from "@/components/errors/errors-headline";
import { RangeSwitch } from "@/components/errors/range-switch";
import { sections } from "@/components/sections/section-empty-states";
import { SectionPage } from "@/components/sections/section-page";
import { PageHeader } from "@/components/ui/page-header";
import { errorClassSchema, readErrorRange } from "@/lib/dashboard/error-range";
import { readDashboardFilters } from "@/lib/dashboard/filters";
import { requirePageContext } from "@/lib/server/auth/guards";
import { getDashboardFilterOptions } from "@/lib/server/dashboard/filter-options";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Errors" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The drill-down chosen in the URL: `connection=<id>` or `connection=none&provider=<key>`, optional `class`. */
function readSelection(params: SearchParams) {
  const connection = one(params.connection);
  if (!connection || !/^[A-Za-z0-9_-]{1,64}$/.test(connection)) return null;
  const provider = one(params.provider);
  if (connection === "none" && !provider) return null;
  const cls = errorClassSchema.safeParse(one(params.class));
  return { connection, ...(provider ? { provider } : {}), ...(cls.success ? { class: cls.data } : {}) };
}

export default async function ErrorsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const context = await requirePageContext();
  const params = await searchParams;
  const filters = { ...readDashboardFilters(params), ws: context.workspace.slug };
  const { range, bucket } = readErrorRange(params);
  const selection = readSelection(params);
  const options = await getDashboardFilterOptions({ db: db() }, { workspaceId: context.workspace.id });
  if (options.providers.length === 0) return <SectionPage copy={sections.errors} role={context.role} />;

  return (
    <>
      <PageHeader title={sections.errors.question} subtitle="Failed refreshes, API-proxy errors and errors your workflows report, by class. Open an integration to see the status and OAuth error codes." actions={<RangeSwitch filters={filters} range={range} bucket={bucket} />} />
      <WorkspaceMismatch linkSlug={readDashboardFilters(params).ws} current={context.workspace} memberships={context.memberships} />
      <ErrorsHeadline filters={filters} />
      <FilterBar path="/errors" filters={filters} options={options} keep={{ range, bucket }} workspaceSlug={context.workspace.slug} />
      <div className="space-y-6">
        <ErrorSeriesCard filters={filters} range={range} bucket={bucket} />
        <ErrorsByIntegrationCard filters={filters} range={range} bucket={bucket} selected={selection ? (selection.connection === "none" ? `none:${selection.provider}` : selection.connection) : null} />
        {selection && <ErrorEventsCard key={JSON.stringify(selection)} filters={filters} range={range} bucket={bucket} selection={selection} />}
      </div>
    </>
  );
}
