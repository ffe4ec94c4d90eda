import Link from "next/link";
import { HealthPill } from "@/components/connections/refresh/health-pill";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { eventClassLabels } from "@/lib/auth-event-labels";
import type { SystemStatusJson } from "@/lib/queries/use-system-status";

type Refresh = NonNullable<SystemStatusJson["refresh"]>;
const order = ["healthy", "refreshing", "degraded", "needs_reauth", "config_error", "exhausted"] as const;

/** Token refresh in this workspace: is the engine keeping up, and what did it do last? */
export function RefreshCard({ refresh, checkedAt }: { refresh: Refresh; checkedAt: string }) {
  const total = order.reduce((sum, h) => sum + refresh.byHealth[h], 0);
  return (
    <Card title="Token refresh" description="Connections in this workspace whose tokens the workers keep fresh.">
      {total === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No connection to refresh yet. <Link href="/connections/new" className="text-indigo-600 hover:underline dark:text-indigo-400">Connect one</Link>; its first refresh shows here.</p>
      ) : (
        <div className="space-y-4">
          <ul className="flex flex-wrap gap-3 text-sm" data-testid="refresh-health-counts">
            {order.filter((h) => refresh.byHealth[h] > 0 || h === "healthy").map((h) => (
              <li key={h} className="flex items-center gap-1.5" data-health={h}>
                <HealthPill health={h} /> <span className="tabular-nums">{refresh.byHealth[h]}</span>
              </li>
            ))}
          </ul>
          <dl className="grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-zinc-500 dark:text-zinc-400">Refreshed in the last hour</dt>
            <dd className="tabular-nums" data-testid="refreshed-last-hour">{refresh.refreshedLastHour}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Failed calls in the last hour</dt>
            <dd className="tabular-nums">{refresh.failedLastHour > 0 ? <StatusPill tone="warn">{refresh.failedLastHour}</StatusPill> : 0}</dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Last refresh</dt>
            <dd data-testid="last-refresh"><RelativeTime value={refresh.lastRefreshAt} now={checkedAt} /></dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Next refresh</dt>
            <dd data-testid="next-refresh"><RelativeTime value={refresh.nextRefreshAt} now={checkedAt} /></dd>
            <dt className="text-zinc-500 dark:text-zinc-400">Overdue</dt>
            <dd data-testid="refresh-overdue">{refresh.overdue > 0 ? <StatusPill tone="bad">{`${refresh.overdue} waiting over a minute`}</StatusPill> : <StatusPill tone="ok">none</StatusPill>}</dd>
          </dl>
          {refresh.recent.length > 0 && (
            <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800" data-testid="recent-refreshes">
              {refresh.recent.map((r, i) => {
                const label = eventClassLabels[r.class] ?? { tone: "neutral" as const, text: r.class };
                return (
                  <li key={`${r.occurredAt}-${i}`} className="flex flex-wrap items-center justify-between gap-2 py-2">
                    <span className="flex items-center gap-2">
                      <StatusPill tone={label.tone}>{label.text}</StatusPill>
                      {r.connectionId ? <Link href={`/connections/${r.connectionId}`} className="text-indigo-600 hover:underline dark:text-indigo-400">{r.label ?? "connection"}</Link> : <span className="text-zinc-500">deleted connection</span>}
                    </span>
                    <span className="text-zinc-600 dark:text-zinc-400"><RelativeTime value={r.occurredAt} now={checkedAt} /></span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </Card>
  );
}
