import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { environmentOptions, methodOptions } from "./credential-form-fields";
import { hasFilters, listHref, type ListQuery } from "./list-query";

/** Filters as a plain GET form: the result is a URL that can be shared. Works without JavaScript. */
export function CredentialFilters({ query, owners, workflows }: { query: ListQuery; owners: { userId: string; name: string }[]; workflows: string[] }) {
  const { filters, sort } = query;
  const overdue = filters.overdue === undefined ? "" : filters.overdue ? "1" : "0";
  return (
    <form method="get" action="/credentials" className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Filter credentials">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <SelectField id="filter-method" label="Method" name="method" defaultValue={filters.method ?? ""} options={[{ value: "", label: "Any method" }, ...methodOptions.map((m) => ({ value: m.value, label: m.label }))]} />
        <SelectField id="filter-environment" label="Environment" name="environment" defaultValue={filters.environment ?? ""} options={[{ value: "", label: "Any environment" }, ...environmentOptions]} />
        <SelectField id="filter-owner" label="Owner" name="owner" defaultValue={filters.ownerId ?? ""} options={[{ value: "", label: "Anyone" }, ...owners.map((o) => ({ value: o.userId, label: o.name }))]} />
        <SelectField id="filter-workflow" label="Workflow" name="workflow" defaultValue={filters.workflow ?? ""} options={[{ value: "", label: "Any workflow" }, ...workflows.map((w) => ({ value: w, label: w }))]} />
        <SelectField id="filter-overdue" label="Rotation" name="overdue" defaultValue={overdue} options={[{ value: "", label: "Any age" }, { value: "1", label: "Overdue only" }, { value: "0", label: "On schedule" }]} />
      </div>
      {sort !== "rotation_age" && <input type="hidden" name="sort" value={sort} />}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>Apply filters</button>
        {hasFilters(filters) && <Link href={listHref({ filters: {}, sort })} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Clear filters</Link>}
        <span className="ml-auto text-sm text-zinc-600 dark:text-zinc-400">
          Sort:{" "}
          {(["rotation_age", "name"] as const).map((s, i) => (
            <span key={s}>
              {i > 0 && " · "}
              {s === sort ? (
                <strong aria-current="true">{s === "name" ? "name" : "oldest rotation first"}</strong>
              ) : (
                <Link href={listHref({ filters, sort: s })} className="text-indigo-600 hover:underline dark:text-indigo-400">{s === "name" ? "name" : "oldest rotation first"}</Link>
              )}
            </span>
          ))}
        </span>
      </div>
    </form>
  );
}
