"use client";
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ErrorEventsPageJson } from "@/lib/queries/use-error-events";

type Event = ErrorEventsPageJson["events"][number];
const dash = <span className="text-zinc-400">—</span>;

/** Raw events with what a RevOps user checks first: when, class, HTTP status, OAuth error code, attempt, latency, quota. */
export function ErrorEventsTable({ events, pill, classText, sourceText }: { events: Event[]; pill: (c: string) => ReactNode; classText: (c: string) => string; sourceText: (s: string) => string }) {
  return (
    <div className="relative -mx-5 overflow-x-auto">
      <table className="w-full min-w-[860px] text-left text-sm" data-testid="error-events">
        <caption className="sr-only">Error events</caption>
        <thead className="border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            <th scope="col" className="px-5 py-2 font-medium">When</th>
            <th scope="col" className="px-3 py-2 font-medium">Class</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Status</th>
            <th scope="col" className="px-3 py-2 font-medium">OAuth error</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Attempt</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Latency</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">Rate limit left</th>
            <th scope="col" className="px-5 py-2 font-medium">Source / reason</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {events.map((e) => (
            <tr key={e.id} aria-label={classText(e.class)}>
              <td className="whitespace-nowrap px-5 py-2">
                <span className="block">{new Date(e.occurredAt).toLocaleString()}</span>
                <span className="text-xs text-zinc-500 dark:text-zinc-400"><RelativeTime value={e.occurredAt} /></span>
              </td>
              <td className="px-3 py-2">{pill(e.class)}</td>
              <td className="px-3 py-2 text-right font-mono tabular-nums">{e.httpStatus ?? dash}</td>
              <td className="px-3 py-2 font-mono text-xs">{e.oauthError ?? dash}</td>
              <td className="px-3 py-2 text-right tabular-nums">{e.attempt ?? dash}</td>
              <td className="px-3 py-2 text-right tabular-nums">{e.latencyMs !== null ? `${e.latencyMs.toLocaleString()} ms` : dash}</td>
              <td className="px-3 py-2 text-right tabular-nums">{e.rateLimitRemaining !== null ? `${e.rateLimitRemaining}${e.rateLimitLimit !== null ? ` / ${e.rateLimitLimit}` : ""}` : dash}</td>
              <td className="px-5 py-2">
                <span className="block text-xs text-zinc-500 dark:text-zinc-400">{sourceText(e.source)}{e.retryAfterMs ? ` · retry after ${Math.ceil(e.retryAfterMs / 1000)} s` : ""}</span>
                <span className="text-xs">{e.reason ?? ""}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
