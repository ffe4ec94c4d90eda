import Link from "next/link";
import { AbsoluteTime } from "@/components/ui/absolute-time";
import { buttonClass } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { actionLabels, type DeadlineItem } from "@/lib/dashboard/deadlines";
import type { Jsonified } from "@/lib/jsonify";

const verb: Record<string, string> = { reconnect: "reconnect", fix_refresh: "fix the refresh", renew_machine: "renew the token settings", renew_cert: "renew the certificate", replace: "replace it", rotate: "rotate the key" };

/**
 * The forecast, stated as a sentence at the top of the page: when this connection breaks with no
 * refresh able to save it, and what to do before then — or that nothing is known to break it.
 */
export function DeadlineForecast({ deadlines, disconnected }: { deadlines: Jsonified<DeadlineItem>[]; disconnected: boolean }) {
  if (disconnected) return null;
  const next = deadlines[0];
  if (!next) {
    return (
      <div role="status" data-testid="deadline-forecast" className="rounded-xl border border-emerald-200 bg-emerald-50 px-5 py-4 text-sm text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950/50 dark:text-emerald-200">
        <p className="font-semibold"><span aria-hidden="true">● </span>No known deadline.</p>
        <p className="mt-1">Authpulse refreshes the tokens before they expire, and the provider sets no date after which a refresh stops working.</p>
      </div>
    );
  }
  const tone = next.overdue ? "border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200" : "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-100";
  return (
    <div role="status" data-testid="deadline-forecast" className={`flex flex-col gap-3 rounded-xl border px-5 py-4 sm:flex-row sm:items-start sm:justify-between ${tone}`}>
      <div className="space-y-1 text-sm">
        <p className="text-base font-semibold">
          <span aria-hidden="true">{next.overdue ? "✕ " : "▲ "}</span>
          {next.overdue ? "Broke on " : "Breaks on "}<AbsoluteTime value={next.at} dateOnly /> (<RelativeTime value={next.at} />){next.overdue ? ": " : " and no refresh can save it: "}
          {verb[next.action]}{next.overdue ? " to restore it." : " before then."}
        </p>
        <p>{next.what}. {next.why}</p>
        {deadlines.slice(1).map((d) => (
          <p key={d.id} className="text-xs opacity-80">Also: {d.what.toLowerCase()} on <AbsoluteTime value={d.at} dateOnly /> ({d.why})</p>
        ))}
      </div>
      <Link href={next.href} className={buttonClass("primary", "shrink-0 self-start")}>{actionLabels[next.action]}</Link>
    </div>
  );
}
