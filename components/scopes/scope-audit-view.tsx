"use client";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { scopeHeadline, type ScopeShow } from "@/lib/dashboard/scope-audit";
import { useScopeAudit, type ScopeAuditJson } from "@/lib/queries/use-scope-audit";
import { ScopeAuditItem } from "./scope-audit-item";

const showLabels: Record<ScopeShow, string> = { all: "All", flagged: "Flagged", over: "Over-privileged", missing: "Missing scopes" };

/** The finding filter (`show`), as links so it lives in the URL with the shared filters. */
function ShowFilter({ current, hrefs, counts }: { current: ScopeShow; hrefs: Record<ScopeShow, string>; counts: Record<ScopeShow, number> }) {
  return (
    <nav aria-label="Show connections" className="flex flex-wrap gap-2">
      {(Object.keys(showLabels) as ScopeShow[]).map((show) => (
        <Link key={show} href={hrefs[show]} aria-current={current === show ? "page" : undefined} className={`rounded-full px-3 py-1 text-sm ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-500 ${current === show ? "bg-indigo-600 text-white ring-indigo-600" : "text-zinc-700 ring-zinc-300 hover:bg-zinc-100 dark:text-zinc-300 dark:ring-zinc-700 dark:hover:bg-zinc-800"}`}>
          {showLabels[show]} <span className="tabular-nums">({counts[show]})</span>
        </Link>
      ))}
    </nav>
  );
}

/** The Scopes screen below the filters: the answer, then each connection's finding and fix. */
export function ScopeAuditView({ initial, query, showHrefs, clearHref, canReconnect }: { initial: ScopeAuditJson; query: string; showHrefs: Record<ScopeShow, string>; clearHref: string; canReconnect: boolean }) {
  const { data, error } = useScopeAudit(query, initial);
  const report = data ?? initial;
  const { summary } = report;
  if (summary.total === 0) {
    return (
      <Notice kind="info" title="No connection matches these filters">
        <Link href={clearHref} className="underline">Show every connection</Link>
      </Notice>
    );
  }
  const notes = [summary.unreported ? `${summary.unreported} ${summary.unreported === 1 ? "provider did" : "providers did"} not report granted scopes; those are judged on what was requested.` : "", summary.noBaseline ? `${summary.noBaseline} with no minimum known.` : ""].filter(Boolean).join(" ");
  const counts: Record<ScopeShow, number> = { all: summary.total, flagged: summary.flagged, over: summary.overPrivileged, missing: summary.missing };
  return (
    <div className="space-y-6">
      <div data-testid="scopes-headline">
        <Notice kind={summary.missing > 0 ? "error" : summary.flagged > 0 ? "info" : "success"} title={scopeHeadline(summary)}>
          {`Out of ${summary.total} connection${summary.total === 1 ? "" : "s"} made through a consent screen. Over-privileged: holds a scope beyond the provider's minimum and default set. Missing: lacks a minimum scope, so part of it will fail.`} {notes}
        </Notice>
      </div>
      {error && <Notice kind="error" title="Could not refresh this view">{error.message}. Showing the data loaded with the page.</Notice>}
      <Card title="Connections" actions={<ShowFilter current={report.show} hrefs={showHrefs} counts={counts} />}>
        {report.items.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No connection has this finding.</p>
        ) : (
          <ul className="-my-4 divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="scope-list">
            {report.items.map((item) => <ScopeAuditItem key={item.connectionId} item={item} canReconnect={canReconnect} />)}
          </ul>
        )}
        {report.matching > report.items.length && <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400" data-testid="scope-list-limit">Showing the {report.items.length} most urgent of {report.matching}. Narrow the filters, or export the CSV for all of them.</p>}
      </Card>
    </div>
  );
}

