import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { actionLabel, targetTypeLabel } from "./audit-labels";
import { auditExportHref, hasAuditFilters, type AuditQuery } from "./audit-query";

export type AuditFilterOptions = { actions: string[]; actors: { userId: string; name: string }[]; targetTypes: string[]; outcomes: string[] };

/** Filters as a plain GET form: the result is a URL that can be shared. Works without JavaScript. */
export function AuditFilters({ query, options }: { query: AuditQuery; options: AuditFilterOptions }) {
  return (
    <form method="get" action="/audit" className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Filter the audit log">
      <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <SelectField id="filter-action" label="Action" name="action" defaultValue={query.action ?? ""} options={[{ value: "", label: "Any action" }, ...options.actions.map((a) => ({ value: a, label: actionLabel(a) }))]} />
        <SelectField id="filter-actor" label="Actor" name="actor" defaultValue={query.actorId ?? ""} options={[{ value: "", label: "Anyone" }, ...options.actors.map((a) => ({ value: a.userId, label: a.name }))]} />
        <SelectField id="filter-target" label="Target" name="target" defaultValue={query.targetType ?? ""} options={[{ value: "", label: "Any target" }, ...options.targetTypes.map((t) => ({ value: t, label: targetTypeLabel(t) }))]} />
        <SelectField id="filter-outcome" label="Outcome" name="outcome" defaultValue={query.outcome ?? ""} options={[{ value: "", label: "Any outcome" }, ...options.outcomes.map((o) => ({ value: o, label: o }))]} />
        <Field id="filter-from" label="From (UTC)" name="from" type="date" defaultValue={query.from ?? ""} />
        <Field id="filter-to" label="To (UTC, inclusive)" name="to" type="date" defaultValue={query.to ?? ""} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>Apply filters</button>
        {hasAuditFilters(query) && <Link href="/audit" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Clear filters</Link>}
        {/* A plain link (not next/link): the browser downloads the attachment. */}
        <a href={auditExportHref(query)} className={`${buttonClass("secondary")} ml-auto`} download>Export CSV</a>
      </div>
    </form>
  );
}
