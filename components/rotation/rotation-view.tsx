"use client";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { rotationHeadline, type RotationSort } from "@/lib/dashboard/rotation-age";
import { useRotationAge, type RotationAgeJson } from "@/lib/queries/use-rotation-age";
import { OverdueTable } from "./overdue-table";
import { RotationHistogramCard } from "./rotation-histogram-card";

/** The Rotation age screen below the filters: the answer, the histogram, the overdue list. */
export function RotationView({ initial, query, sortHrefs, clearHref, canRotate }: { initial: RotationAgeJson; query: string; sortHrefs: Record<RotationSort, string>; clearHref: string; canRotate: boolean }) {
  const { data, error } = useRotationAge(query, initial);
  const report = data ?? initial;
  const { summary } = report;
  if (summary.total === 0) {
    return (
      <Notice kind="info" title="No key or secret matches these filters">
        <Link href={clearHref} className="underline">Show every credential</Link>
      </Notice>
    );
  }
  const sensitiveNote = summary.sensitiveOverdue > 0 ? ` ${summary.sensitiveOverdue} of them ${summary.sensitiveOverdue === 1 ? "is" : "are"} sensitive (30-day policy).` : "";
  return (
    <div className="space-y-6">
      <div data-testid="rotation-headline">
        <Notice kind={summary.overdue > 0 ? "error" : "success"} title={rotationHeadline(summary)}>
          {summary.overdue > 0 ? `Out of ${summary.total} keys and secrets.${sensitiveNote} Rotate them with an overlap window so nothing breaks mid-rotation.` : `All ${summary.total} keys and secrets are within their rotation policy.`}
        </Notice>
      </div>
      {error && <Notice kind="error" title="Could not refresh this view">{error.message}. Showing the data loaded with the page.</Notice>}
      <RotationHistogramCard report={report} />
      <Card title={`Overdue for rotation (${report.overdue.length})`} description="Past the credential's own interval. Sort by age, owner or workflow; the order is part of the link.">
        {report.overdue.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing is overdue: every key is within its interval.</p> : <OverdueTable items={report.overdue} sort={report.sort} sortHrefs={sortHrefs} canRotate={canRotate} />}
      </Card>
    </div>
  );
}
