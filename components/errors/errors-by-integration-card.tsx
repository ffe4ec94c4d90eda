"use client";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { eventClassLabels } from "@/lib/auth-event-labels";
import type { ErrorBucket, ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { errorsByIntegrationUrl, useErrorsByIntegration, type ErrorsByIntegrationJson } from "@/lib/queries/use-errors-by-integration";
import { TrendCell } from "./trend-cell";

type Row = ErrorsByIntegrationJson["rows"][number];

/** The selection a row opens in the drill-down (connection id, or `none` + provider). */
export function rowSelection(row: Row): { connection: string; provider?: string } {
  return row.connectionId ? { connection: row.connectionId } : { connection: "none", provider: row.providerKey ?? "" };
}

/** Errors per integration for the range; integrations erroring in the last 24 h are highlighted and listed first. */
export function ErrorsByIntegrationCard({ filters, range, bucket, selected }: { filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket; selected: string | null }) {
  const table = useErrorsByIntegration({ filters, range });
  const drillHref = (row: Row) => `${withFilters("/errors", filters, { range, bucket, ...rowSelection(row) })}#events`;
  return (
    <Card
      title="By integration"
      description={`Errors ${range === "24h" ? "in the last 24 hours" : "in the last 7 days"}, with the trend against the ${range === "24h" ? "24 hours" : "7 days"} before.`}
      actions={<a href={errorsByIntegrationUrl(filters, range, "csv")} download className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">Export CSV</a>}
    >
      {table.isPending ? (
        <div role="status" aria-label="Loading integrations" className="space-y-2">
          {[0, 1, 2].map((i) => <div key={i} className="h-10 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />)}
        </div>
      ) : table.isError ? (
        <Notice kind="error" title="Could not load the integrations">{table.error.message}</Notice>
      ) : table.data.rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No integration had an auth error in this range.</p>
      ) : (
        <div className="relative -mx-5 overflow-x-auto">
          <table className="w-full min-w-[720px] text-left text-sm" data-testid="errors-by-integration">
            <caption className="sr-only">Auth errors by integration</caption>
            <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-5 py-2 font-medium">Integration</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">Errors</th>
                <th scope="col" className="px-3 py-2 font-medium">Trend</th>
                <th scope="col" className="px-3 py-2 font-medium">Last seen</th>
                <th scope="col" className="px-3 py-2 font-medium">Mostly</th>
                <th scope="col" className="px-5 py-2 font-medium"><span className="sr-only">Events</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {table.data.rows.map((row) => {
                const key = row.connectionId ?? `none:${row.providerKey}`;
                const isSelected = selected === key;
                return (
                  <tr key={key} data-erroring={row.erroringLast24h} aria-current={isSelected ? "true" : undefined} className={`${row.erroringLast24h ? "bg-red-50/70 dark:bg-red-950/30" : ""} ${isSelected ? "outline outline-2 -outline-offset-2 outline-indigo-500" : ""}`}>
                    <td className="px-5 py-3">
                      {row.connectionId && row.health ? (
                        <Link href={`/connections/${row.connectionId}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">{row.label}</Link>
                      ) : (
                        <span className="font-medium text-zinc-900 dark:text-zinc-100">{row.label}</span>
                      )}
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">
                        {row.providerName}{row.environment ? ` · ${row.environment}` : ""}
                        {row.erroringLast24h && <span className="ml-2 font-semibold text-red-700 dark:text-red-300">Erroring in the last 24 h</span>}
                      </p>
                    </td>
                    <td className="px-3 py-3 text-right font-semibold tabular-nums">{row.count.toLocaleString()}</td>
                    <td className="px-3 py-3"><TrendCell trend={row.trend} changePercent={row.changePercent} previous={row.previousCount} /></td>
                    <td className="px-3 py-3">
                      <RelativeTime value={row.lastSeenAt} />
                      <p className="text-xs text-zinc-500 dark:text-zinc-400">{new Date(row.lastSeenAt).toLocaleString()}</p>
                    </td>
                    <td className="px-3 py-3"><StatusPill tone={eventClassLabels[row.topClass]?.tone ?? "bad"}>{eventClassLabels[row.topClass]?.text ?? row.topClass}</StatusPill></td>
                    <td className="px-5 py-3 text-right">
                      <Link href={drillHref(row)} scroll={false} className="whitespace-nowrap font-medium text-indigo-700 hover:underline dark:text-indigo-300" aria-label={`Show the events of ${row.label}`}>
                        Events →
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {table.data.truncated && (
            <p className="px-5 pt-3 text-sm text-zinc-600 dark:text-zinc-400">
              Showing the {table.data.rows.length} that need attention first, of {table.data.summary.integrations.toLocaleString()} integrations with errors. Narrow the filters, or export the CSV for all of them.
            </p>
          )}
        </div>
      )}
    </Card>
  );
}
