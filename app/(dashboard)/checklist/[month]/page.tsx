import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChecklistItemCard } from "@/components/checklist/checklist-item-card";
import { buttonClass } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { systemClock } from "@/lib/clock";
import { requirePageContext } from "@/lib/server/auth/guards";
import { checklistItemData } from "@/lib/server/checklist/checklist-item-data";
import { getChecklistRun } from "@/lib/server/checklist/checklist-runs";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Checklist report" };

/** One month's review as a read-only report, laid out for printing (the browser's Print → PDF). */
export default async function ChecklistReportPage({ params }: { params: Promise<{ month: string }> }) {
  const { workspace } = await requirePageContext();
  const { month } = await params;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) notFound();
  const run = await getChecklistRun({ db: db(), clock: systemClock }, { workspaceId: workspace.id, month });
  if (!run) notFound();
  return (
    <article>
      <PageHeader
        title={`Security checklist — ${workspace.name}, ${month}`}
        subtitle={`Evaluated on live data ${run.evaluatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC · ${run.completedAt ? `signed off by ${run.completedBy ?? "a former member"} on ${run.completedAt.toISOString().slice(0, 10)}` : "in review: not every item is signed off"} · dormant after ${run.dormantDays} days`}
        actions={
          <div className="flex gap-2 print-hidden">
            <Link href="/checklist" className={buttonClass("ghost")}>Back to the checklist</Link>
            <a href={`/api/checklist/${month}/report`} className={buttonClass("secondary")} download>Export Markdown</a>
          </div>
        }
      />
      <p className="mb-4 text-sm text-zinc-600 print-hidden dark:text-zinc-400">To save a PDF for auditors, print this page (the navigation is left out).</p>
      <div className="space-y-4">
        {checklistItemData(run).map((item, i) => (
          <ChecklistItemCard key={item.key} item={item} index={i + 1} signOff={null} />
        ))}
      </div>
    </article>
  );
}
