import "server-only";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { assessRotation, rotationHistogram, SENSITIVE_POLICY_DAYS, sortRotationItems, STANDARD_POLICY_DAYS, summarizeRotation, type HistogramBucket, type RotationItem, type RotationSort, type RotationSummary, type SortDirection } from "@/lib/dashboard/rotation-age";
import type { ServiceContext } from "../context";
import type { CsvTable } from "./dashboard-route";
import { credentialWhere } from "./filter-where";

export type RotationOverdueItem = Omit<RotationItem, "rotatedAt" | "ownerId"> & { rotatedAt: Date; rotateHref: string; detailHref: string };

export type RotationAgeReport = {
  generatedAt: Date;
  policy: { standardDays: number; sensitiveDays: number };
  summary: RotationSummary;
  histogram: HistogramBucket[];
  sort: { sort: RotationSort; dir: SortDirection };
  overdue: RotationOverdueItem[];
};

/**
 * Every API key and secret of the workspace (all credential methods; OAuth client secrets are not
 * included, see ADR 0010) by days since rotation: the histogram, the summary and the overdue list
 * in the requested order. Metadata only: no secret or hint leaves this function.
 */
export async function getRotationAge(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; sort: RotationSort; dir: SortDirection }): Promise<RotationAgeReport> {
  const now = ctx.clock.now();
  const rows = await ctx.db.credential.findMany({
    where: credentialWhere(input.workspaceId, input.filters),
    select: { id: true, name: true, method: true, provider: true, environment: true, ownerId: true, workflows: true, sensitive: true, rotationIntervalDays: true, rotatedAt: true, owner: { select: { name: true, email: true } } },
  });
  const items = rows.map((row) => assessRotation({ ...row, ownerName: row.owner ? row.owner.name || row.owner.email : null }, now));
  const overdue = sortRotationItems(items.filter((i) => i.isOverdue), input.sort, input.dir).map(({ ownerId: _owner, ...item }) => ({
    ...item,
    rotateHref: `/credentials/${item.id}/rotate`,
    detailHref: `/credentials/${item.id}`,
  }));
  return {
    generatedAt: now,
    policy: { standardDays: STANDARD_POLICY_DAYS, sensitiveDays: SENSITIVE_POLICY_DAYS },
    summary: summarizeRotation(items),
    histogram: rotationHistogram(items),
    sort: { sort: input.sort, dir: input.dir },
    overdue,
  };
}

/** The overdue list as CSV (the histogram is a view of the same rows). */
export function rotationAgeCsv(report: RotationAgeReport): CsvTable {
  return {
    filename: "rotation-overdue",
    columns: ["credential", "method", "provider", "environment", "owner", "workflows", "sensitive", "last_rotated_at", "age_days", "policy_days", "overdue_by_days"],
    rows: report.overdue.map((i) => [i.name, i.method, i.provider, i.environment, i.ownerName ?? "", i.workflows.join("; "), i.sensitive, i.rotatedAt.toISOString(), i.ageDays, i.policyDays, i.overdueByDays]),
  };
}
