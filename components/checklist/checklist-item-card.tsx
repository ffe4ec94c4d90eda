import Link from "next/link";
import type { ReactNode } from "react";
import { StatusPill } from "@/components/ui/status-pill";
import { checklistItemCopy, type ChecklistFailure, type ChecklistItemKey } from "@/lib/checklist/checklist-items";

export type ChecklistItemData = { key: ChecklistItemKey; failureCount: number; failures: ChecklistFailure[]; decision: string | null; reason: string | null; riskExpiresAt: string | null; reviewedBy: string | null; reviewedAt: string | null };

const day = (iso: string) => iso.slice(0, 10);

/** One checklist item: the question, what fails with the fix for each, and the reviewer's decision. */
export function ChecklistItemCard({ item, index, signOff }: { item: ChecklistItemData; index: number; signOff: ReactNode }) {
  const copy = checklistItemCopy[item.key];
  const status = item.decision === "pass" ? { tone: "ok" as const, text: "Signed off: passes" } : item.decision === "accept_risk" ? { tone: "warn" as const, text: "Risk accepted" } : item.failureCount > 0 ? { tone: "bad" as const, text: `${item.failureCount} failing` } : { tone: "neutral" as const, text: "Passes: awaiting sign-off" };
  return (
    <section id={`item-${item.key}`} data-testid="checklist-item" data-key={item.key} className="scroll-mt-6 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{index}. {copy.title}</h2>
          <p className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{item.failureCount === 0 ? copy.passes : copy.question}</p>
        </div>
        <StatusPill tone={status.tone}>{status.text}</StatusPill>
      </div>
      {item.failures.length > 0 && (
        <ul className="mt-3 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {item.failures.map((f) => (
            <li key={`${f.subjectType}-${f.subjectId}-${f.reason}`} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
              <span>
                <span className="font-medium">{f.name}</span> <span className="text-zinc-600 dark:text-zinc-400">— {f.reason}</span>
              </span>
              <Link href={f.fixPath} className="shrink-0 text-indigo-600 hover:underline dark:text-indigo-400">{f.fixLabel}</Link>
            </li>
          ))}
        </ul>
      )}
      {item.decision && item.reviewedAt && (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400" data-testid="checklist-decision">
          {item.decision === "pass" ? "Passed" : "Risk accepted"} by {item.reviewedBy ?? "a former member"} on {day(item.reviewedAt)}
          {item.decision === "accept_risk" && item.riskExpiresAt ? ` until ${day(item.riskExpiresAt)}: “${item.reason}”` : "."}
        </p>
      )}
      {signOff && <div className="mt-4 border-t border-zinc-100 pt-4 dark:border-zinc-800">{signOff}</div>}
    </section>
  );
}
