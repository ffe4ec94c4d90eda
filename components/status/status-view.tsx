"use client";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import { useSystemStatus, type SystemStatusJson } from "@/lib/queries/use-system-status";
import { RefreshCard } from "./refresh-card";

const workerTone: Record<string, Tone> = { live: "ok", stale: "bad", stopped: "neutral" };

function Headline({ status }: { status: SystemStatusJson }) {
  const live = status.workers.filter((w) => w.state === "live").length;
  if (!status.database.ok) return <Notice kind="error" title="The database is unreachable">Authpulse cannot read or refresh anything until it is back.</Notice>;
  if (live === 0) return <Notice kind="error" title="No worker is running">Tokens will not be refreshed and alerts will not go out. Start one with <code>npm run worker</code> (or restart <code>npm start</code>).</Notice>;
  if (status.refresh && status.refresh.overdue > 0) return <Notice kind="error" title="Token refresh is falling behind">{`${status.refresh.overdue} connection${status.refresh.overdue > 1 ? "s have" : " has"} waited over a minute for a refresh. Add workers or check the database.`}</Notice>;
  return <Notice kind="success" title="All systems running">{`Database reachable, ${live} worker${live > 1 ? "s" : ""} live.`}</Notice>;
}

export function StatusView({ initial }: { initial: SystemStatusJson }) {
  const { data, error, isFetching } = useSystemStatus(initial);
  const status = data ?? initial;
  return (
    <div className="space-y-6">
      <Headline status={status} />
      {error && <Notice kind="error" title="Could not refresh this page">{error.message}. Showing the last known state.</Notice>}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Database" description="PostgreSQL that holds every credential and event.">
          {status.database.ok ? (
            <dl className="grid grid-cols-2 gap-y-2 text-sm">
              <dt className="text-zinc-500 dark:text-zinc-400">State</dt>
              <dd><StatusPill tone="ok">Reachable</StatusPill></dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Round trip</dt>
              <dd data-testid="db-latency">{status.database.latencyMs} ms</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">PostgreSQL</dt>
              <dd>{status.database.serverVersion}</dd>
              <dt className="text-zinc-500 dark:text-zinc-400">Migrations</dt>
              <dd>{status.database.migrations} applied <span className="text-zinc-500">({status.database.latestMigration ?? "none"})</span></dd>
            </dl>
          ) : (
            <p className="text-sm"><StatusPill tone="bad">Unreachable</StatusPill> <span className="ml-2 text-zinc-600 dark:text-zinc-400">{status.database.error}</span></p>
          )}
        </Card>
        <Card title="Workers" description="Background processes that refresh tokens and send alerts. Each beats every few seconds.">
          {status.workers.length === 0 ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">No worker has reported in the last 24 hours.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="worker-list">
              {status.workers.map((w) => (
                <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="worker-row" data-state={w.state}>
                  <span>
                    <StatusPill tone={workerTone[w.state] ?? "neutral"}>{w.state}</StatusPill>
                    <span className="ml-2 font-mono text-xs text-zinc-600 dark:text-zinc-400">{w.hostname} · pid {w.pid}</span>
                  </span>
                  <span className="text-zinc-600 dark:text-zinc-400">
                    last heartbeat <span data-testid="worker-heartbeat"><RelativeTime value={w.lastSeenAt} now={status.checkedAt} /></span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      {status.refresh && <RefreshCard refresh={status.refresh} checkedAt={status.checkedAt} />}
      <Card title="Job queues" description="Jobs waiting, running and retrying, per queue." actions={<span className="text-xs text-zinc-500" aria-live="polite">{isFetching ? "Refreshing…" : <>Updated <RelativeTime value={status.checkedAt} /></>}</span>}>
        {status.queues === null ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">The job queue has not been created yet: it appears when the first worker starts.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="queue-table">
              <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
                <tr><th className="py-2 pr-4 font-medium">Queue</th><th className="py-2 pr-4 font-medium">Waiting</th><th className="py-2 pr-4 font-medium">Running</th><th className="py-2 pr-4 font-medium">Retrying</th><th className="py-2 pr-4 font-medium">Failed (24 h)</th><th className="py-2 font-medium">Last completed</th></tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {status.queues.map((q) => (
                  <tr key={q.name}>
                    <td className="py-2 pr-4 font-mono text-xs">{q.name}</td>
                    <td className="py-2 pr-4 tabular-nums">{q.queued}</td>
                    <td className="py-2 pr-4 tabular-nums">{q.active}</td>
                    <td className="py-2 pr-4 tabular-nums">{q.retrying}</td>
                    <td className="py-2 pr-4 tabular-nums">{q.failed24h > 0 ? <StatusPill tone="bad">{q.failed24h}</StatusPill> : 0}</td>
                    <td className="py-2"><RelativeTime value={q.lastCompletedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
