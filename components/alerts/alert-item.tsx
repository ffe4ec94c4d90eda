import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill, type Tone } from "@/components/ui/status-pill";
import { RULE_LABELS } from "@/lib/alerts/alert-list-query";
import type { ActionState } from "@/lib/server/actions/action-state";
import type { AlertView } from "@/lib/server/alerts/manage-alerts";
import { AbsoluteTime } from "./absolute-time";
import { AlertActions } from "./alert-actions";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const SEVERITY_TONE: Record<AlertView["severity"], Tone> = { critical: "bad", warning: "warn", info: "neutral" };
const STATE_TONE: Record<AlertView["state"], Tone> = { open: "bad", acknowledged: "warn", resolved: "ok" };
const KIND_LABEL: Record<string, string> = { opened: "Alert", escalated: "Escalation", reminder: "Reminder", digest: "Digest", recovered: "Recovered", test: "Test" };

function When({ label, value }: { label: string; value: Date | null }) {
  if (!value) return null;
  return (
    <div>
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd>
        <RelativeTime value={value.toISOString()} /> <AbsoluteTime value={value.toISOString()} className="text-zinc-500 dark:text-zinc-400" />
      </dd>
    </div>
  );
}

function Deliveries({ deliveries }: { deliveries: AlertView["deliveries"] }) {
  const ok = deliveries.filter((d) => d.ok).length;
  return (
    <details className="text-sm" data-testid="alert-deliveries">
      <summary className="cursor-pointer text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        {deliveries.length === 0 ? "No messages sent (no channel enabled, or snoozed)" : `${ok} message${ok === 1 ? "" : "s"} delivered${deliveries.length > ok ? `, ${deliveries.length - ok} failed attempt${deliveries.length - ok === 1 ? "" : "s"}` : ""}`}
      </summary>
      {deliveries.length > 0 && (
        <div className="mt-2 overflow-x-auto">
          <table className="min-w-full text-left text-xs">
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">Channel</th>
                <th scope="col" className="py-1 pr-3 font-medium">Message</th>
                <th scope="col" className="py-1 pr-3 font-medium">Result</th>
                <th scope="col" className="py-1 font-medium">Sent</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="alert-delivery" data-kind={d.kind} data-ok={d.ok} data-channel={d.channelKind}>
                  <td className="py-1 pr-3">{d.channelName} <span className="text-zinc-500">({d.channelKind})</span></td>
                  <td className="py-1 pr-3">{KIND_LABEL[d.kind] ?? d.kind}{d.attempt > 1 ? ` · try ${d.attempt}` : ""}</td>
                  <td className="py-1 pr-3">{d.ok ? <span className="text-emerald-700 dark:text-emerald-400">✓ delivered</span> : <span className="text-red-700 dark:text-red-400">✗ {d.error ?? "failed"}</span>}</td>
                  <td className="py-1"><RelativeTime value={d.sentAt.toISOString()} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** One alert: what is wrong, how bad, since when, how often, where it was sent, and the way to fix it. */
export function AlertItem({ alert, isAdmin, now, actions }: { alert: AlertView; isAdmin: boolean; now: Date; actions: { acknowledge: Action; snooze: Action } }) {
  const snoozed = alert.snoozedUntil !== null && alert.snoozedUntil > now;
  return (
    <li className="space-y-3 py-4" data-testid="alert-item" data-state={alert.state} data-severity={alert.severity} data-rule={alert.rule}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <p className="flex flex-wrap items-center gap-2 text-xs">
            <StatusPill tone={SEVERITY_TONE[alert.severity]}>{alert.severity}</StatusPill>
            <StatusPill tone={STATE_TONE[alert.state]}>{alert.state}</StatusPill>
            {snoozed && <StatusPill tone="neutral">snoozed</StatusPill>}
            <span className="text-zinc-500 dark:text-zinc-400">{RULE_LABELS[alert.rule as keyof typeof RULE_LABELS] ?? alert.rule}</span>
          </p>
          <h3 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100" data-testid="alert-title">{alert.title}</h3>
          <p className="whitespace-pre-line text-sm text-zinc-700 dark:text-zinc-300">{alert.body}</p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {alert.state !== "resolved" && (
            <Link href={alert.fixPath} className={buttonClass("primary")}>Fix it</Link>
          )}
          {isAdmin && alert.state !== "resolved" && <AlertActions alertId={alert.id} title={alert.title} state={alert.state} snoozed={snoozed} acknowledge={actions.acknowledge} snooze={actions.snooze} />}
        </div>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-xs sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Occurrences</dt>
          <dd data-testid="alert-occurrences">{alert.occurrences}</dd>
        </div>
        <When label="First seen" value={alert.firstSeenAt} />
        <When label="Last seen" value={alert.lastSeenAt} />
        {alert.state === "resolved" ? <When label="Resolved" value={alert.resolvedAt} /> : alert.clearSince ? <When label="Clear since (resolving)" value={alert.clearSince} /> : null}
        {alert.acknowledgedAt && (
          <div>
            <dt className="text-zinc-500 dark:text-zinc-400">Acknowledged</dt>
            <dd>by {alert.acknowledgedBy} <RelativeTime value={alert.acknowledgedAt.toISOString()} /></dd>
          </div>
        )}
        {snoozed && <When label="Snoozed until" value={alert.snoozedUntil} />}
      </dl>
      <Deliveries deliveries={alert.deliveries} />
    </li>
  );
}
