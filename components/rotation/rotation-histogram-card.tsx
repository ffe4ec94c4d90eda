"use client";
import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import { AGE_BUCKETS, bucketAfterPolicy } from "@/lib/dashboard/rotation-age";
import type { RotationAgeJson } from "@/lib/queries/use-rotation-age";
import type { PolicyLine } from "@/components/charts/rotation-histogram-chart";

const RotationHistogramChart = dynamic(() => import("@/components/charts/rotation-histogram-chart"), {
  ssr: false,
  loading: () => <div role="status" className="h-72 w-full animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800"><span className="sr-only">Loading the chart…</span></div>,
});

const labelOf = (key: string | null) => AGE_BUCKETS.find((b) => b.key === key)?.label ?? null;

/** The histogram with its policy lines, and the same numbers as text (screen readers, no-JS, printing). */
export function RotationHistogramCard({ report }: { report: RotationAgeJson }) {
  const { standardDays, sensitiveDays } = report.policy;
  const policyLines: PolicyLine[] = [
    { at: labelOf(bucketAfterPolicy(sensitiveDays)), text: `${sensitiveDays} d (sensitive)` },
    { at: labelOf(bucketAfterPolicy(standardDays)), text: `${standardDays} d policy` },
  ].flatMap((l) => (l.at ? [{ atLabel: l.at, text: l.text }] : []));
  return (
    <Card title="Keys and secrets by days since rotation" description={`Dashed lines: the ${standardDays}-day policy, and ${sensitiveDays} days for sensitive credentials. Red: past the credential's own interval.`}>
      <RotationHistogramChart data={report.histogram} policyLines={policyLines} />
      <ul className="mt-4 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3 lg:grid-cols-6" data-testid="histogram-buckets">
        {report.histogram.map((b) => (
          <li key={b.key} data-bucket={b.key} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
            <span className="block text-xs text-zinc-500 dark:text-zinc-400">{b.label}</span>
            <span className="font-semibold tabular-nums text-zinc-900 dark:text-zinc-100">{b.total}</span>
            {b.overdue > 0 && <span className="ml-1 text-xs text-red-700 dark:text-red-400">({b.overdue} overdue)</span>}
          </li>
        ))}
      </ul>
    </Card>
  );
}
