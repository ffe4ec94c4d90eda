import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { ALERT_RULES, RULE_LABELS, alertListSearch, type AlertListQuery } from "@/lib/alerts/alert-list-query";

/** State, severity and rule filters as a GET form: the result is a URL that can be shared. */
export function AlertFilters({ query, counts }: { query: AlertListQuery; counts: Record<"open" | "acknowledged" | "resolved", number> }) {
  const isDefault = alertListSearch(query) === "";
  return (
    <form method="get" action="/alerts" className="mb-4 rounded-xl border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Filter alerts">
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          id="filter-state"
          label="State"
          name="state"
          defaultValue={query.state}
          options={[
            { value: "active", label: `Needs attention (${counts.open + counts.acknowledged})` },
            { value: "open", label: `Open (${counts.open})` },
            { value: "acknowledged", label: `Acknowledged (${counts.acknowledged})` },
            { value: "resolved", label: `Resolved (${counts.resolved})` },
            { value: "all", label: "All" },
          ]}
        />
        <SelectField id="filter-severity" label="Severity" name="severity" defaultValue={query.severity ?? ""} options={[{ value: "", label: "Any severity" }, { value: "critical", label: "Critical" }, { value: "warning", label: "Warning" }, { value: "info", label: "Info" }]} />
        <SelectField id="filter-rule" label="Rule" name="rule" defaultValue={query.rule ?? ""} options={[{ value: "", label: "Any rule" }, ...ALERT_RULES.map((r) => ({ value: r, label: RULE_LABELS[r] }))]} />
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass("secondary")}>Apply filters</button>
        {!isDefault && <Link href="/alerts" className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Clear filters</Link>}
        <a href={`/api/alerts${alertListSearch(query, { format: "csv" })}`} className={`${buttonClass("secondary")} ml-auto`} download>Export CSV</a>
      </div>
    </form>
  );
}
