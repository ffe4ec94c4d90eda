import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { eventClassLabels, eventSourceLabels } from "@/lib/auth-event-labels";

export type AuthEventRow = {
  id: string;
  occurredAt: string;
  source: string;
  class: string;
  httpStatus: number | null;
  oauthError: string | null;
  attempt: number | null;
  latencyMs: number | null;
  rateLimitRemaining: number | null;
  retryAfterMs: number | null;
  reason: string | null;
};

function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.round(ms / 1000))} s`;
}

/** The last auth events of a connection: what happened, the provider's status and OAuth code, and what Authpulse does next. */
export function AuthEventsTable({ events }: { events: AuthEventRow[] }) {
  if (events.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No refresh or API call has been recorded yet. The first scheduled refresh will appear here.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="auth-events">
        <thead className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
          <tr>
            <th className="py-2 pr-4 font-medium">When</th>
            <th className="py-2 pr-4 font-medium">What</th>
            <th className="py-2 pr-4 font-medium">Result</th>
            <th className="py-2 pr-4 font-medium">HTTP</th>
            <th className="py-2 pr-4 font-medium">Attempt</th>
            <th className="py-2 pr-4 font-medium">Took</th>
            <th className="py-2 font-medium">Next</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {events.map((e) => {
            const label = eventClassLabels[e.class] ?? { tone: "neutral" as const, text: e.class };
            return (
              <tr key={e.id} data-testid="auth-event" data-class={e.class} className="align-top">
                <td className="py-2 pr-4 whitespace-nowrap"><RelativeTime value={e.occurredAt} /></td>
                <td className="py-2 pr-4 whitespace-nowrap">{eventSourceLabels[e.source] ?? e.source}</td>
                <td className="py-2 pr-4">
                  <StatusPill tone={label.tone}>{label.text}</StatusPill>
                  {e.reason && <p className="mt-1 max-w-prose text-xs text-zinc-600 dark:text-zinc-400">{e.reason}</p>}
                </td>
                <td className="py-2 pr-4 font-mono text-xs whitespace-nowrap">
                  {e.httpStatus ?? "—"}
                  {e.oauthError && <span className="ml-1 text-zinc-500">{e.oauthError}</span>}
                  {e.rateLimitRemaining !== null && <span className="block text-zinc-500">{e.rateLimitRemaining} calls left</span>}
                </td>
                <td className="py-2 pr-4 tabular-nums">{e.attempt ?? "—"}</td>
                <td className="py-2 pr-4 tabular-nums whitespace-nowrap">{e.latencyMs !== null ? `${e.latencyMs} ms` : "—"}</td>
                <td className="py-2 text-xs text-zinc-600 dark:text-zinc-400 whitespace-nowrap">{e.retryAfterMs !== null ? `retry in ${seconds(e.retryAfterMs)}` : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
