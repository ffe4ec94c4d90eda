import { checklistItemCopy, type ChecklistFailure, type ChecklistItemKey } from "./checklist-items";

export type ReportRun = {
  month: string;
  evaluatedAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  dormantDays: number;
  items: { key: ChecklistItemKey; failureCount: number; failures: ChecklistFailure[]; decision: string | null; reason: string | null; riskExpiresAt: Date | null; reviewedBy: string | null; reviewedAt: Date | null }[];
};

// Markdown control characters in names that came from users (credential names, file names).
const escape = (text: string) => text.replace(/([\\`*_[\]<>|#])/g, "\\$1").replace(/\r?\n/g, " ");
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The auditor's report of one month's review, as Markdown: every item, what failed, and who decided what. */
export function checklistReportMarkdown(run: ReportRun, workspaceName: string, generatedAt: Date): string {
  const lines: string[] = [
    `# Security checklist — ${escape(workspaceName)}, ${run.month}`,
    "",
    `- Evaluated on live data: ${run.evaluatedAt.toISOString()}`,
    `- Status: ${run.completedAt ? `complete, signed off by ${escape(run.completedBy ?? "a former member")} on ${day(run.completedAt)}` : "in review (not every item is signed off)"}`,
    `- Dormant threshold: ${run.dormantDays} days`,
    `- Report generated: ${generatedAt.toISOString()}`,
    "",
    "| # | Item | Failing | Decision |",
    "| - | ---- | ------- | -------- |",
    ...run.items.map((item, i) => `| ${i + 1} | ${checklistItemCopy[item.key].title} | ${item.failureCount} | ${decisionText(item)} |`),
    "",
  ];
  run.items.forEach((item, i) => {
    lines.push(`## ${i + 1}. ${checklistItemCopy[item.key].title}`, "", checklistItemCopy[item.key].question, "");
    if (item.failures.length === 0) lines.push(`Passes: ${checklistItemCopy[item.key].passes}`, "");
    else for (const f of item.failures) lines.push(`- **${escape(f.name)}** (${f.subjectType.replace("_", " ")}): ${escape(f.reason)} Fix: ${f.fixLabel}.`);
    if (item.failures.length > 0) lines.push("");
    lines.push(`Decision: ${decisionText(item)}${item.decision === "accept_risk" && item.reason ? ` — “${escape(item.reason)}”` : ""}`, "");
  });
  return `${lines.join("\n").trimEnd()}\n`;
}

function decisionText(item: ReportRun["items"][number]): string {
  if (!item.decision || !item.reviewedAt) return "not reviewed";
  const who = escape(item.reviewedBy ?? "a former member");
  return item.decision === "pass" ? `passed (${who}, ${day(item.reviewedAt)})` : `risk accepted until ${item.riskExpiresAt ? day(item.riskExpiresAt) : "?"} (${who}, ${day(item.reviewedAt)})`;
}
