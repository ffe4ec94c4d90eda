import type { Metadata } from "next";
import Link from "next/link";
import { ChecklistHistory } from "@/components/checklist/checklist-history";
import { ChecklistItemCard } from "@/components/checklist/checklist-item-card";
import { RunChecklistForm } from "@/components/checklist/run-checklist-form";
import { SignOffForm } from "@/components/checklist/sign-off-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { monthOf } from "@/lib/checklist/checklist-items";
import { systemClock } from "@/lib/clock";
import { runChecklistAction, signOffChecklistItemAction } from "@/lib/server/actions/checklist-actions";
import { requirePageContext } from "@/lib/server/auth/guards";
import { checklistItemData } from "@/lib/server/checklist/checklist-item-data";
import { DEFAULT_DORMANT_DAYS, getChecklistRun, listChecklistHistory } from "@/lib/server/checklist/checklist-runs";
import { db } from "@/lib/server/db";

export const metadata: Metadata = { title: "Checklist" };

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });

export default async function ChecklistPage() {
  const { workspace, role } = await requirePageContext();
  const ctx = { db: db(), clock: systemClock };
  const now = systemClock.now();
  const month = monthOf(now);
  const [run, history] = await Promise.all([getChecklistRun(ctx, { workspaceId: workspace.id, month }), listChecklistHistory(ctx, { workspaceId: workspace.id })]);
  const isAdmin = role === "admin";
  const failing = run?.items.filter((i) => i.failureCount > 0).length ?? 0;
  const open = run?.items.filter((i) => i.decision === null).length ?? 0;
  const answer = !run
    ? `${monthName(month)}'s review has not been run yet.`
    : run.completedAt
      ? `${monthName(month)}'s review is done: signed off by ${run.completedBy ?? "a former member"} on ${run.completedAt.toISOString().slice(0, 10)}.`
      : `${monthName(month)}: ${failing} of ${run.items.length} items fail; ${open} still to sign off.`;
  const defaultExpiry = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return (
    <>
      <PageHeader
        title="Is this month's security review done?"
        subtitle="Eight checks evaluated on live data. For each, Authpulse lists exactly what fails and how to fix it; a reviewer signs off each item, or accepts the risk with a reason until a date."
        actions={run ? (
          <div className="flex gap-2 print-hidden">
            <Link href={`/checklist/${run.month}`} className={buttonClass("secondary")}>Printable report</Link>
            <a href={`/api/checklist/${run.month}/report`} className={buttonClass("secondary")} download>Export Markdown</a>
          </div>
        ) : undefined}
      />
      <div className="space-y-6">
        <p data-testid="checklist-answer" className="text-lg font-medium">{answer}</p>
        <p className="text-sm text-zinc-600 print-hidden dark:text-zinc-400">
          Feeds for the items: <Link href="/leak-scan" className="text-indigo-600 hover:underline dark:text-indigo-400">scan a workflow export for leaked keys</Link> (item 1) and <Link href="/offboarding" className="text-indigo-600 hover:underline dark:text-indigo-400">offboarding</Link> (item 3).
        </p>
        {isAdmin ? (
          <Card title={run ? "Re-run on live data" : "Start the review"} description={run ? `Last evaluated ${run.evaluatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC. Re-running keeps accepted risks; a pass is withdrawn if its item fails again.` : "Evaluates every item against your connections, credentials, scans and team now."}>
            <RunChecklistForm action={runChecklistAction} hasRun={run !== null} dormantDays={run?.dormantDays ?? DEFAULT_DORMANT_DAYS} />
          </Card>
        ) : (
          !run && <Notice kind="info">An admin runs the checklist; you will see each item and its sign-off here.</Notice>
        )}
        {run && checklistItemData(run).map((item, i) => (
          <ChecklistItemCard key={item.key} item={item} index={i + 1} signOff={isAdmin && item.decision === null ? <SignOffForm runId={run.id} itemKey={item.key} failureCount={item.failureCount} defaultExpiry={defaultExpiry} action={signOffChecklistItemAction} /> : null} />
        ))}
        <Card title="History" description="Failing things per item, month over month (✓ signed off as passing). Open a month for its report.">
          {history.length === 0 ? <p className="text-sm text-zinc-500 dark:text-zinc-400">No month has been reviewed yet.</p> : <ChecklistHistory rows={history} />}
        </Card>
      </div>
    </>
  );
}
