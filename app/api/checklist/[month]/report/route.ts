import { systemClock } from "@/lib/clock";
import { checklistReportMarkdown } from "@/lib/checklist/report-markdown";
import { requireApiContext } from "@/lib/server/auth/guards";
import { getChecklistRun } from "@/lib/server/checklist/checklist-runs";
import { db } from "@/lib/server/db";
import { notFound } from "@/lib/server/errors";
import { route } from "@/lib/server/http";

export const dynamic = "force-dynamic";

/** One month's checklist as a Markdown report for auditors (any member). */
export const GET = route<{ month: string }>(async (_request, context) => {
  const { workspace } = await requireApiContext();
  const { month } = await context.params;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw notFound("No checklist run for that month.");
  const run = await getChecklistRun({ db: db(), clock: systemClock }, { workspaceId: workspace.id, month });
  if (!run) throw notFound("No checklist run for that month.");
  const body = checklistReportMarkdown(run, workspace.name, systemClock.now());
  return new Response(body, {
    headers: { "Content-Type": "text/markdown; charset=utf-8", "Content-Disposition": `attachment; filename="authpulse-checklist-${workspace.slug}-${month}.md"`, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
});
