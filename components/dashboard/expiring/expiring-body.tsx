"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { DeadlineList } from "@/components/dashboard/deadline-list";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icons";
import { Notice } from "@/components/ui/notice";
import { DEADLINE_WINDOWS, kindLabels, type DeadlineKind } from "@/lib/dashboard/deadlines";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { useExpiring, type ExpiringJson } from "@/lib/queries/use-expiring";
import { DayStrip } from "./day-strip";

type Props = { initial: ExpiringJson; query: string; filters: DashboardFilters; providerNames: Record<string, string>; ownerNames: Record<string, string>; filterBar: ReactNode };

const pill = (active: boolean) => `rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "border border-zinc-300 text-zinc-700 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"}`;

/** The timeline: the window switch, kind filter, a per-day strip and the deadlines grouped by provider. */
export function ExpiringBody({ initial, query, filters, providerNames, ownerNames, filterBar }: Props) {
  const { data, error } = useExpiring(query, initial);
  const e = data ?? initial;
  const days = String(e.windowDays);
  const kind = e.kind ?? undefined;
  const href = (extra: { days?: string; kind?: string }) => withFilters("/expiring", filters, { days: extra.days === "7" ? undefined : extra.days, kind: extra.kind });
  const span = `the next ${e.windowDays} days`;
  const broken = e.items.filter((d) => d.overdue).length;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm font-medium text-zinc-500 dark:text-zinc-400">What expires, and what do I do about it?</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900 dark:text-zinc-50" data-testid="expiring-answer">
          {e.items.length === 0 ? `Nothing expires in ${span}` : `${e.items.length} deadline${e.items.length === 1 ? "" : "s"} in ${span}${broken > 0 ? `, ${broken} already passed` : ""}`}
        </h1>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <nav aria-label="Time window" className="flex gap-1">
          {DEADLINE_WINDOWS.map((w) => (
            <Link key={w} href={href({ days: String(w), kind })} aria-current={days === String(w) ? "true" : undefined} className={pill(days === String(w))}>{w} days</Link>
          ))}
        </nav>
        <nav aria-label="What expires" className="flex flex-wrap gap-1">
          <Link href={href({ days })} aria-current={!kind ? "true" : undefined} className={pill(!kind)}>Everything</Link>
          {(Object.keys(kindLabels) as DeadlineKind[]).map((k) => (
            <Link key={k} href={href({ days, kind: k })} aria-current={kind === k ? "true" : undefined} className={pill(kind === k)}>{kindLabels[k]}</Link>
          ))}
        </nav>
      </div>
      {filterBar}
      {error && <Notice kind="error" title="Could not refresh the timeline">{error.message} Showing the last successful load.</Notice>}
      {e.items.length === 0 ? (
        <EmptyState icon={<Icon name="clock" className="h-6 w-6" />} title={`Nothing expires in ${span}`}>
          <p>No access token, refresh-token deadline, certificate or key rotation falls due{kind ? ` (${kindLabels[kind as DeadlineKind].toLowerCase()} only)` : ""}. {e.windowDays < 90 && <Link href={href({ days: "90", kind })} className="text-indigo-600 underline dark:text-indigo-400">Look 90 days ahead</Link>}</p>
        </EmptyState>
      ) : (
        <>
          <Card title="Per day" description="Today (with anything already passed) on the left; days in UTC.">
            <DayStrip days={e.days} />
          </Card>
          {e.groups.map((group) => (
            <Card key={group.provider} title={<span data-testid="provider-group">{providerNames[group.provider] ?? group.provider}</span>} description={`${group.items.length} deadline${group.items.length === 1 ? "" : "s"}`}>
              <DeadlineList items={group.items} providerNames={providerNames} ownerNames={ownerNames} />
            </Card>
          ))}
        </>
      )}
    </div>
  );
}
