import Link from "next/link";
import { checklistItemCopy, checklistItemKeys } from "@/lib/checklist/checklist-items";
import type { ChecklistHistoryRow } from "@/lib/server/checklist/checklist-runs";

const cell = (failureCount: number, decision: string | null) => (decision === "pass" ? "✓" : decision === "accept_risk" ? `${failureCount} (accepted)` : failureCount === 0 ? "0" : String(failureCount));

/** Month-over-month: failing count per item per month, with a link to each month's report. */
export function ChecklistHistory({ rows }: { rows: ChecklistHistoryRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[48rem] text-left text-sm" data-testid="checklist-history">
        <caption className="sr-only">Checklist runs by month</caption>
        <thead className="text-xs text-zinc-500 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">Month</th>
            <th scope="col" className="py-2 pr-3 font-medium">Items failing</th>
            {checklistItemKeys.map((key, i) => (
              <th key={key} scope="col" className="py-2 pr-3 font-medium" title={checklistItemCopy[key].title}>#{i + 1}</th>
            ))}
            <th scope="col" className="py-2 font-medium">Review</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map((row) => (
            <tr key={row.id} data-testid="checklist-history-row" data-month={row.month}>
              <th scope="row" className="py-2 pr-3 font-medium"><Link href={`/checklist/${row.month}`} className="text-indigo-600 hover:underline dark:text-indigo-400">{row.month}</Link></th>
              <td className="py-2 pr-3">{row.failing} of {row.items.length}</td>
              {row.items.map((item) => (
                <td key={item.key} className={`py-2 pr-3 ${item.failureCount > 0 && item.decision !== "accept_risk" ? "text-red-700 dark:text-red-300" : ""}`}>{cell(item.failureCount, item.decision)}</td>
              ))}
              <td className="py-2">{row.completedAt ? `signed off ${row.completedAt.toISOString().slice(0, 10)}` : "open"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
