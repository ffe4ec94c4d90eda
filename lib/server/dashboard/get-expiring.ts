import "server-only";
import { bucketByDay, groupByProvider, kindLabels, actionLabels, upcomingDeadlines, type DayBucket, type DeadlineItem, type DeadlineKind, type DeadlineWindow, type ProviderGroup } from "@/lib/dashboard/deadlines";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { DAY } from "@/lib/clock";
import type { ServiceContext } from "../context";
import type { CsvTable } from "./dashboard-route";
import { loadAttentionConnections } from "./attention-rows";
import { loadCredentialRows } from "./deadline-rows";

export type Expiring = { generatedAt: string; windowDays: DeadlineWindow; kind: DeadlineKind | null; items: DeadlineItem[]; groups: ProviderGroup[]; days: DayBucket[] };

export const DEADLINE_KINDS = Object.keys(kindLabels) as DeadlineKind[];

export function parseKind(value: string | string[] | null | undefined): DeadlineKind | null {
  const v = Array.isArray(value) ? value[0] : value;
  return (DEADLINE_KINDS as string[]).includes(v ?? "") ? (v as DeadlineKind) : null;
}

/** Every deadline in the next 7/30/90 days (overdue included), grouped by provider and bucketed by day (UTC). */
export async function getExpiring(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; windowDays: DeadlineWindow; kind?: DeadlineKind | null }): Promise<Expiring> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + input.windowDays * DAY);
  const [connections, credentials] = await Promise.all([loadAttentionConnections(ctx, { ...input, until }), loadCredentialRows(ctx, input)]);
  const all = upcomingDeadlines({ connections, credentials, now, windowDays: input.windowDays });
  const items = input.kind ? all.filter((d) => d.kind === input.kind) : all;
  return { generatedAt: now.toISOString(), windowDays: input.windowDays, kind: input.kind ?? null, items, groups: groupByProvider(items), days: bucketByDay(items, now, input.windowDays) };
}

/** The timeline as CSV: one row per deadline, with the absolute link to its fix. */
export function expiringCsv(result: Expiring, baseUrl: string): CsvTable {
  return {
    filename: `expiring-${result.windowDays}d`,
    columns: ["breaks_at", "overdue", "provider", "type", "name", "what", "why", "action", "fix_url", "environment", "workflows"],
    rows: result.items.map((d) => [d.at, d.overdue, d.provider, d.subject.type, d.subject.name, d.what, d.why, actionLabels[d.action], new URL(d.href, baseUrl).toString(), d.environment, d.workflows.join("; ")]),
  };
}
