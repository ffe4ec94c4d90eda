import Link from "next/link";
import { AbsoluteTime } from "@/components/ui/absolute-time";
import { buttonClass } from "@/components/ui/button";
import { RelativeTime } from "@/components/ui/relative-time";
import { StatusPill } from "@/components/ui/status-pill";
import { actionLabels, kindLabels, type DeadlineItem } from "@/lib/dashboard/deadlines";
import type { Jsonified } from "@/lib/jsonify";

export type DeadlineJson = Jsonified<DeadlineItem>;

/** One deadline: when (relative and absolute), what and why, and a link to the fix. */
export function DeadlineRow({ item, providerName, ownerName }: { item: DeadlineJson; providerName: string; ownerName?: string | null }) {
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-start sm:justify-between" data-testid="deadline-item" data-kind={item.kind}>
      <div className="min-w-0 space-y-1">
        <p className="text-sm font-medium text-zinc-900 dark:text-zinc-100">
          <span className="mr-2">{item.subject.name}</span>
          <span className="text-zinc-500 dark:text-zinc-400">{providerName} · {item.subject.type === "connection" ? "connection" : "credential"}{item.environment !== "prod" ? ` · ${item.environment}` : ""}</span>
        </p>
        <p className="text-sm">
          {item.overdue ? <StatusPill tone="bad">Broken since</StatusPill> : <StatusPill tone="warn">{kindLabels[item.kind]}</StatusPill>}{" "}
          <span className="font-medium"><AbsoluteTime value={item.at} /></span> <span className="text-zinc-500 dark:text-zinc-400">(<RelativeTime value={item.at} />)</span>
        </p>
        <p className="text-sm text-zinc-700 dark:text-zinc-300"><span className="font-medium">{item.what}.</span> {item.why}</p>
        {ownerName && <p className="text-xs text-zinc-500 dark:text-zinc-400">Owner: {ownerName}</p>}
      </div>
      <Link href={item.href} className={buttonClass(item.overdue ? "primary" : "secondary", "shrink-0 self-start")} aria-label={`${actionLabels[item.action]}: ${item.subject.name}`}>
        {actionLabels[item.action]}
      </Link>
    </li>
  );
}

export function DeadlineList({ items, providerNames, ownerNames = {} }: { items: DeadlineJson[]; providerNames: Record<string, string>; ownerNames?: Record<string, string> }) {
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {items.map((item) => (
        <DeadlineRow key={item.id} item={item} providerName={providerNames[item.provider] ?? item.provider} ownerName={item.ownerId ? (ownerNames[item.ownerId] ?? null) : null} />
      ))}
    </ul>
  );
}
