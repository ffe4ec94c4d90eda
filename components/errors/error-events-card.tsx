"use client";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { StatusPill } from "@/components/ui/status-pill";
import { eventClassLabels, eventSourceLabels } from "@/lib/auth-event-labels";
import type { ErrorBucket, ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { errorEventsUrl, useErrorEvents, type ErrorEventsSelection } from "@/lib/queries/use-error-events";
import { useErrorsByIntegration } from "@/lib/queries/use-errors-by-integration";
import { ErrorEventsTable } from "./error-events-table";

/** The drill-down: one integration's raw error events in the range, newest first, with class links. */
export function ErrorEventsCard({ filters, range, bucket, selection }: { filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket; selection: ErrorEventsSelection }) {
  const events = useErrorEvents({ filters, range, selection });
  const table = useErrorsByIntegration({ filters, range });
  const row = table.data?.rows.find((r) => (selection.connection === "none" ? !r.connectionId && r.providerKey === selection.provider : r.connectionId === selection.connection));
  const href = (cls?: string) => `${withFilters("/errors", filters, { range, bucket, connection: selection.connection, provider: selection.provider, class: cls })}#events`;
  const pages = events.data?.pages ?? [];
  const rows = pages.flatMap((p) => p.events);
  const classLabel = selection.class ? (eventClassLabels[selection.class]?.text ?? selection.class) : "all error classes";
  return (
    <div id="events" className="scroll-mt-4">
      <Card
        title={`Events: ${row?.label ?? (selection.connection === "none" ? `${selection.provider} (no connection)` : "this connection")}`}
        description={`${classLabel}, ${range === "24h" ? "last 24 hours" : "last 7 days"}, newest first.`}
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <a href={errorEventsUrl(filters, range, selection, { format: "csv" })} download className="text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300">Export CSV (up to 5,000)</a>
            <Link href={withFilters("/errors", filters, { range, bucket })} scroll={false} className="text-sm text-zinc-600 hover:underline dark:text-zinc-400">Close</Link>
          </div>
        }
      >
        {row && (
          <nav aria-label="Filter events by class" className="mb-4 flex flex-wrap gap-2 text-sm">
            <Link href={href()} scroll={false} aria-current={!selection.class ? "page" : undefined} className={chip(!selection.class)}>All ({row.count})</Link>
            {Object.entries(row.classes).map(([cls, n]) => (
              <Link key={cls} href={href(cls)} scroll={false} aria-current={selection.class === cls ? "page" : undefined} className={chip(selection.class === cls)}>
                {eventClassLabels[cls]?.text ?? cls} ({n})
              </Link>
            ))}
          </nav>
        )}
        {events.isPending ? (
          <div role="status" aria-label="Loading events" className="space-y-2">{[0, 1, 2, 3].map((i) => <div key={i} className="h-8 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />)}</div>
        ) : events.isError ? (
          <Notice kind="error" title="Could not load the events">{events.error.message}</Notice>
        ) : rows.length === 0 ? (
          <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No error events for this integration in the range.</p>
        ) : (
          <>
            <ErrorEventsTable events={rows} classText={(c) => eventClassLabels[c]?.text ?? c} sourceText={(s) => eventSourceLabels[s] ?? s} pill={(c) => <StatusPill tone={eventClassLabels[c]?.tone ?? "bad"}>{eventClassLabels[c]?.text ?? c}</StatusPill>} />
            {events.hasNextPage && (
              <button type="button" className={`${buttonClass("secondary")} mt-4`} disabled={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                {events.isFetchingNextPage ? "Loading…" : "Load older events"}
              </button>
            )}
          </>
        )}
      </Card>
    </div>
  );
}

function chip(active: boolean): string {
  return `rounded-full px-3 py-1 ring-1 ring-inset ${active ? "bg-indigo-600 text-white ring-indigo-600" : "text-zinc-700 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"}`;
}
