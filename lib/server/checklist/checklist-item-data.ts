import "server-only";
import type { ChecklistItemData } from "@/components/checklist/checklist-item-card";
import type { ChecklistRunView } from "./checklist-runs";

/** A run's items as plain data for the item cards (dates as ISO strings). */
export function checklistItemData(run: ChecklistRunView): ChecklistItemData[] {
  return run.items.map((i) => ({ ...i, riskExpiresAt: i.riskExpiresAt?.toISOString() ?? null, reviewedAt: i.reviewedAt?.toISOString() ?? null }));
}
