import "server-only";
import { connectionDeadlines, countSubjects, credentialDeadlines, type DeadlineItem } from "@/lib/dashboard/deadlines";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { breakingHeadline, connectionState, credentialState, DORMANT_DAYS, emptyCounts, EXPIRING_DAYS, stateLabels, type ItemState, type StateCounts } from "@/lib/dashboard/item-states";
import { DAY } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { loadOverviewConnections } from "./attention-rows";
import { loadCredentialRows } from "./deadline-rows";
import { getErrorTrend, type ErrorTrend, type TrendRange } from "./error-trend";

export type StateListItem = { type: "connection" | "credential"; id: string; name: string; provider: string; environment: string; state: ItemState; reason: string; href: string };

export type Overview = {
  generatedAt: string;
  /** Connections and credentials with a deadline within 7 days (overdue included). */
  breakingCount: number;
  brokenCount: number;
  /** The next five deadlines, soonest (or overdue) first. */
  nextDeadlines: DeadlineItem[];
  deadlineCount: number;
  connections: StateCounts;
  credentials: StateCounts;
  trend: ErrorTrend;
  /** The items in `state`, when one was asked for (a count's link). */
  list: { state: ItemState; total: number; items: StateListItem[] } | null;
};

/** A count's list shows at most this many rows (the rest are counted). */
export const LIST_LIMIT = 200;
const ITEM_STATES_NOT_HEALTHY = ["needs_reauth", "erroring", "expiring", "dormant"] as const;

/** The sentence the Overview leads with. */
export function overviewHeadline(o: Pick<Overview, "breakingCount" | "brokenCount">): string {
  return breakingHeadline(o.breakingCount, o.brokenCount);
}

const errorsReason = (errors: number) => `${errors} auth error${errors === 1 ? "" : "s"} in the last 24 h`;

function connectionReason(state: ItemState, c: { health: string; healthReason: string | null }, errors: number, deadline: DeadlineItem | undefined): string {
  if (state === "needs_reauth") return c.healthReason ?? stateLabels.needs_reauth.hint;
  if (state === "erroring") return errors > 0 ? errorsReason(errors) : (c.healthReason ?? stateLabels.erroring.hint);
  if (state === "expiring" && deadline) return `${deadline.what}: ${deadline.why}`;
  return stateLabels[state].hint;
}

/** What the Overview shows: counts per state, the next five deadlines, the error trend and (optionally) one state's list. */
export async function getOverview(ctx: ServiceContext, input: { workspaceId: string; filters: DashboardFilters; trendRange: TrendRange; state?: ItemState | null }): Promise<Overview> {
  const now = ctx.clock.now();
  const until = now.getTime() + EXPIRING_DAYS * DAY;
  const [credentials, trend, loaded] = await Promise.all([
    loadCredentialRows(ctx, input),
    getErrorTrend(ctx, { ...input, range: input.trendRange }),
    // Only the connections that may not be healthy come back; the rest are counted as healthy, or as erroring when they had auth errors.
    loadOverviewConnections(ctx, { ...input, until: new Date(until), dormantCutoff: new Date(now.getTime() - DORMANT_DAYS * DAY), all: input.state === "healthy", errorOnlyLimit: input.state === "erroring" ? LIST_LIMIT : 0 }),
  ]);
  const soon = (items: DeadlineItem[]) => items.filter((d) => new Date(d.at).getTime() <= until);
  const counts = { connections: emptyCounts(), credentials: emptyCounts() };
  const deadlines: DeadlineItem[] = [];
  const list: StateListItem[] = [];
  for (const c of loaded.attention) {
    const items = soon(connectionDeadlines(c, now));
    deadlines.push(...items);
    const state = connectionState(c, items, now);
    counts.connections[state] += 1;
    if (state === input.state) list.push({ type: "connection", id: c.id, name: c.label, provider: c.providerKey, environment: c.environment, state, reason: connectionReason(state, c, c.errors24h, items[0]), href: items[0]?.href ?? `/connections/${c.id}` });
  }
  counts.connections.erroring += loaded.errorOnly.count;
  let listTotal = list.length + (input.state === "erroring" ? loaded.errorOnly.count : 0);
  if (input.state === "erroring") {
    for (const c of loaded.errorOnly.items) list.push({ type: "connection", id: c.id, name: c.label, provider: c.providerKey, environment: c.environment, state: "erroring", reason: errorsReason(c.errors24h), href: `/connections/${c.id}` });
  }
  for (const k of credentials) {
    const items = soon(credentialDeadlines(k, now));
    deadlines.push(...items);
    const state = credentialState(k, items, now);
    counts.credentials[state] += 1;
    if (state === input.state) {
      listTotal += 1;
      list.push({ type: "credential", id: k.id, name: k.name, provider: k.provider, environment: k.environment, state, reason: items[0] ? `${items[0].what}: ${items[0].why}` : stateLabels[state].hint, href: items[0]?.href ?? `/credentials/${k.id}` });
    }
  }
  counts.connections.healthy = loaded.total - ITEM_STATES_NOT_HEALTHY.reduce((sum, state) => sum + counts.connections[state], 0);
  deadlines.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  return {
    generatedAt: now.toISOString(),
    breakingCount: countSubjects(deadlines),
    brokenCount: countSubjects(deadlines.filter((d) => d.overdue)),
    nextDeadlines: deadlines.slice(0, 5),
    deadlineCount: deadlines.length,
    ...counts,
    trend,
    list: input.state ? { state: input.state, total: listTotal, items: list.sort((a, b) => a.name.localeCompare(b.name)).slice(0, LIST_LIMIT) } : null,
  };
}
