"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { DeadlineList } from "@/components/dashboard/deadline-list";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { breakingHeadline, type ItemState } from "@/lib/dashboard/item-states";
import { useOverview, type OverviewJson } from "@/lib/queries/use-overview";
import { StateCounts } from "./state-counts";
import { StateList } from "./state-list";
import { TrendCard } from "./trend-card";

type Props = { initial: OverviewJson; filterSummary: string | null; query: string; filters: DashboardFilters; trend: "24h" | "7d"; state: ItemState | null; providerNames: Record<string, string>; ownerNames: Record<string, string>; filterBar: ReactNode };

/** The Overview, rendered on the server first and kept fresh by useOverview. */
export function OverviewBody({ initial, filterSummary, query, filters, trend, state, providerNames, ownerNames, filterBar }: Props) {
  const { data, error } = useOverview(query, initial);
  const o = data ?? initial;
  const keep = { trend: trend === "24h" ? undefined : trend };
  const more = o.deadlineCount - o.nextDeadlines.length;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">What breaks this week?</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50" data-testid="overview-answer">{breakingHeadline(o.breakingCount, o.brokenCount)}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {o.breakingCount === 0 ? "No token, certificate or key rotation falls due in the next 7 days, and nothing is broken." : "Each one below says when it breaks and what to do. Authpulse already refreshes everything it can; these need a person."}
        </p>
        {filterSummary && <p className="mt-2 text-sm text-indigo-700 dark:text-indigo-300" data-testid="filter-summary">Only {filterSummary}. <Link href={withFilters("/overview", { ws: filters.ws })} className="underline">Show everything</Link></p>}
      </div>
      <details open={Boolean(filterSummary)}>
        <summary className="cursor-pointer text-sm font-medium text-zinc-700 dark:text-zinc-300">Filter by environment, provider, owner or workflow</summary>
        <div className="mt-3">{filterBar}</div>
      </details>
      {error && <Notice kind="error" title="Could not refresh this page">{error.message} The figures below are from the last successful load.</Notice>}
      <Card title="Next deadlines" description="The five soonest, already-broken first." actions={<Link href={withFilters("/expiring", filters)} className="text-sm text-indigo-600 hover:underline dark:text-indigo-400">Expiring timeline{more > 0 ? ` (${more} more this week)` : ""}</Link>}>
        {o.nextDeadlines.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-deadlines">Nothing falls due in the next 7 days.</p> : <DeadlineList items={o.nextDeadlines} providerNames={providerNames} ownerNames={ownerNames} />}
      </Card>
      <Card title="Health at a glance" description="Each connection and credential counted once, in its most urgent state. Open a count for the list.">
        <StateCounts connections={o.connections} credentials={o.credentials} selected={state} hrefFor={(s) => `${withFilters("/overview", filters, { ...keep, state: s })}#state-list`} />
      </Card>
      {o.list && <StateList state={o.list.state} total={o.list.total} items={o.list.items} providerNames={providerNames} closeHref={withFilters("/overview", filters, keep)} />}
      <TrendCard trend={o.trend} rangeHref={(range) => withFilters("/overview", filters, { trend: range === "24h" ? undefined : range, state: state ?? undefined })} errorsHref={withFilters("/errors", filters)} />
    </div>
  );
}
