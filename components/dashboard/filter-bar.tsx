import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { hasFilters, withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import type { DashboardFilterOptions, FilterOption } from "@/lib/server/dashboard/filter-options";

const withCurrent = (options: FilterOption[], current: string | undefined) => (current && !options.some((o) => o.value === current) ? [...options, { value: current, label: current }] : options);

/**
 * The filters every dashboard list shares, as a plain GET form: the result is a URL that can be
 * shared, and it works without JavaScript. `keep` carries the screen's own parameters (a range).
 */
export function FilterBar({ path, filters, options, keep = {}, csvHref, workspaceSlug }: { path: string; filters: DashboardFilters; options: DashboardFilterOptions; keep?: Record<string, string | undefined>; csvHref?: string; workspaceSlug: string }) {
  const any = (label: string) => ({ value: "", label });
  return (
    <form method="get" action={path} className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Filter this view">
      <input type="hidden" name="ws" value={workspaceSlug} />
      {Object.entries(keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField id="filter-env" label="Environment" name="env" defaultValue={filters.env ?? ""} options={[any("All environments"), ...withCurrent(options.environments, filters.env)]} />
        <SelectField id="filter-provider" label="Provider" name="provider" defaultValue={filters.provider ?? ""} options={[any("All providers"), ...withCurrent(options.providers, filters.provider)]} />
        <SelectField id="filter-owner" label="Owner" name="owner" defaultValue={filters.owner ?? ""} options={[any("Anyone"), ...withCurrent(options.owners, filters.owner)]} />
        <SelectField id="filter-workflow" label="Workflow" name="workflow" defaultValue={filters.workflow ?? ""} options={[any("All workflows"), ...withCurrent(options.workflows, filters.workflow)]} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>Apply filters</button>
        {hasFilters(filters) && <Link href={withFilters(path, { ws: workspaceSlug }, keep)} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Clear filters</Link>}
        {/* A plain link (not next/link): the browser downloads the attachment. */}
        {csvHref && <a href={csvHref} className={`${buttonClass("secondary")} ml-auto`} download>Export CSV</a>}
      </div>
    </form>
  );
}
