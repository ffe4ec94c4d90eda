import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { RelativeTime } from "@/components/ui/relative-time";
import { deadlineReasonLabels, healthLabels } from "@/lib/auth-event-labels";
import { HealthPill } from "./health-pill";

export type RefreshHealthProps = {
  health: string;
  healthReason: string | null;
  healthChangedAt: string | null;
  nextRefreshAt: string | null;
  lastRefreshedAt: string | null;
  refreshAttempt: number;
  refreshFailingSince: string | null;
  hardDeadline: { at: string; reason: string; note: string | null } | null;
  disconnected: boolean;
  refreshNow: ReactNode;
};

function AbsoluteDate({ value }: { value: string }) {
  return <time dateTime={value} suppressHydrationWarning>{new Date(value).toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" })}</time>;
}

/** The refresh engine's answer to "will this connection keep working?": health, schedule, and the deadline no refresh can move. */
export function RefreshHealthCard(props: RefreshHealthProps) {
  const label = healthLabels[props.health];
  const failing = ["degraded", "needs_reauth", "config_error", "exhausted"].includes(props.health);
  return (
    <Card title="Refresh" description="Authpulse refreshes tokens on its own before they expire." actions={<span data-testid="refresh-health"><HealthPill health={props.health} /></span>}>
      <div className="space-y-4">
        {props.health === "degraded" && props.healthReason && (
          <Notice kind="info" title={label?.text ?? props.health}>
            {props.healthReason} {label?.hint}
          </Notice>
        )}
        {props.health === "needs_reauth" && (
          <p className="text-sm">
            The provider no longer accepts this grant, so no refresh can fix it. <a href="#reconnect" className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">Reconnect</a> to get new tokens; the connection keeps its id and history.
          </p>
        )}
        <dl className="grid grid-cols-[10rem_1fr] gap-y-2 text-sm">
          <dt className="text-zinc-500 dark:text-zinc-400">Last refreshed</dt>
          <dd data-testid="last-refreshed"><RelativeTime value={props.lastRefreshedAt} /></dd>
          <dt className="text-zinc-500 dark:text-zinc-400">Next refresh</dt>
          <dd data-testid="next-refresh">{props.disconnected ? "none (disconnected)" : props.nextRefreshAt ? <RelativeTime value={props.nextRefreshAt} /> : failing ? "none until someone acts" : "not needed (the token does not expire)"}</dd>
          {props.refreshAttempt > 0 && (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">This refresh</dt>
              <dd>{props.refreshAttempt} of 5 calls used</dd>
            </>
          )}
          {props.refreshFailingSince && (
            <>
              <dt className="text-zinc-500 dark:text-zinc-400">Failing since</dt>
              <dd><RelativeTime value={props.refreshFailingSince} /></dd>
            </>
          )}
          <dt className="text-zinc-500 dark:text-zinc-400">Deadline</dt>
          <dd data-testid="hard-deadline">
            {props.hardDeadline ? (
              <>
                <span className="font-medium"><AbsoluteDate value={props.hardDeadline.at} /></span> <span className="text-zinc-500">(<RelativeTime value={props.hardDeadline.at} />, {deadlineReasonLabels[props.hardDeadline.reason] ?? props.hardDeadline.reason})</span>
                {props.hardDeadline.note && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{props.hardDeadline.note}</p>}
              </>
            ) : (
              "none known: refreshes can keep it alive"
            )}
          </dd>
        </dl>
        {props.refreshNow}
      </div>
    </Card>
  );
}
