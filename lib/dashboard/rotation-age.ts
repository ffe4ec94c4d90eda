import { DAY } from "@/lib/clock";

// Rotation age (issue 7, screen 3): how long each API key or secret has gone without a new
// value, bucketed for the histogram, and the ones past their policy. Pure: the server query
// loads rows and the clock, the screen renders what this returns.

/** The default policies the histogram draws (a credential's own interval decides "overdue"). */
export const STANDARD_POLICY_DAYS = 90;
export const SENSITIVE_POLICY_DAYS = 30;

/** Whole days since `rotatedAt`, never negative (a rotation recorded a few ms ahead counts as 0). */
export function rotationAgeDays(rotatedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - rotatedAt.getTime()) / DAY));
}

/** Histogram buckets in whole days; the 30- and 90-day policies fall on bucket edges. */
export const AGE_BUCKETS = [
  { key: "0-30", label: "0–30 d", min: 0, max: 30 },
  { key: "31-60", label: "31–60 d", min: 31, max: 60 },
  { key: "61-90", label: "61–90 d", min: 61, max: 90 },
  { key: "91-180", label: "91–180 d", min: 91, max: 180 },
  { key: "181-365", label: "181–365 d", min: 181, max: 365 },
  { key: "over-365", label: "> 365 d", min: 366, max: null },
] as const;

export type AgeBucketKey = (typeof AGE_BUCKETS)[number]["key"];

/** The bucket an age in whole days falls in. */
export function bucketFor(ageDays: number): AgeBucketKey {
  const bucket = AGE_BUCKETS.find((b) => ageDays >= b.min && (b.max === null || ageDays <= b.max));
  return (bucket ?? AGE_BUCKETS[0]).key;
}

/** The first bucket whose ages exceed `policyDays` (where the chart draws that policy line). */
export function bucketAfterPolicy(policyDays: number): AgeBucketKey | null {
  return AGE_BUCKETS.find((b) => b.min > policyDays)?.key ?? null;
}

export type RotationSubject = {
  id: string;
  name: string;
  method: string;
  provider: string;
  environment: string;
  ownerId: string | null;
  ownerName: string | null;
  workflows: string[];
  sensitive: boolean;
  /** The credential's own policy (30 by default when sensitive, 90 otherwise; admins may set another). */
  rotationIntervalDays: number;
  rotatedAt: Date;
};

export type RotationItem = RotationSubject & { ageDays: number; policyDays: number; isOverdue: boolean; overdueByDays: number; bucket: AgeBucketKey };

/** One credential's age against its policy: overdue once the age is past the interval (day 91 of 90). */
export function assessRotation(subject: RotationSubject, now: Date): RotationItem {
  const ageDays = rotationAgeDays(subject.rotatedAt, now);
  const policyDays = subject.rotationIntervalDays;
  const isOverdue = ageDays > policyDays;
  return { ...subject, ageDays, policyDays, isOverdue, overdueByDays: isOverdue ? ageDays - policyDays : 0, bucket: bucketFor(ageDays) };
}

export type HistogramBucket = { key: AgeBucketKey; label: string; min: number; max: number | null; total: number; overdue: number; withinPolicy: number; sensitive: number };

/** Counts per bucket, split into overdue and within policy (a 45-day sensitive key is overdue in the 31–60 bar). */
export function rotationHistogram(items: readonly Pick<RotationItem, "bucket" | "isOverdue" | "sensitive">[]): HistogramBucket[] {
  return AGE_BUCKETS.map((b) => {
    const inBucket = items.filter((i) => i.bucket === b.key);
    const overdue = inBucket.filter((i) => i.isOverdue).length;
    return { key: b.key, label: b.label, min: b.min, max: b.max, total: inBucket.length, overdue, withinPolicy: inBucket.length - overdue, sensitive: inBucket.filter((i) => i.sensitive).length };
  });
}

export const rotationSorts = ["age", "owner", "workflow"] as const;
export type RotationSort = (typeof rotationSorts)[number];
export type SortDirection = "asc" | "desc";

// A closed allow-list, checked without zod: this module also runs in the browser (the headline),
// and zod would add about 25 KB gzip to the screen's first load for two enums.
const isRotationSort = (v: unknown): v is RotationSort => typeof v === "string" && (rotationSorts as readonly string[]).includes(v);
const isDirection = (v: unknown): v is SortDirection => v === "asc" || v === "desc";

/** The overdue list's order from the URL (`sort`, `dir`); unknown values fall back to oldest first. */
export function readRotationSort(params: { sort?: string | null; dir?: string | null }): { sort: RotationSort; dir: SortDirection } {
  const sort = isRotationSort(params.sort) ? params.sort : "age";
  const fallback: SortDirection = sort === "age" ? "desc" : "asc";
  return { sort, dir: isDirection(params.dir) ? params.dir : fallback };
}

const byText = (a: string | null, b: string | null, dir: SortDirection) => {
  // items without an owner or workflow go last whichever the direction: they are a finding of their own
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = a.localeCompare(b, "en", { sensitivity: "base" });
  return dir === "asc" ? order : -order;
};

const firstWorkflow = (item: Pick<RotationItem, "workflows">): string | null => [...item.workflows].sort((a, b) => a.localeCompare(b))[0] ?? null;

/** Sorts by age (ties by name), owner or first workflow label (ties oldest first). */
export function sortRotationItems<T extends RotationItem>(items: readonly T[], sort: RotationSort, dir: SortDirection): T[] {
  return [...items].sort((a, b) => {
    const primary = sort === "age" ? (dir === "asc" ? a.ageDays - b.ageDays : b.ageDays - a.ageDays) : sort === "owner" ? byText(a.ownerName, b.ownerName, dir) : byText(firstWorkflow(a), firstWorkflow(b), dir);
    if (primary !== 0) return primary;
    return sort === "age" ? a.name.localeCompare(b.name) : b.ageDays - a.ageDays || a.name.localeCompare(b.name);
  });
}

export type RotationSummary = { total: number; overdue: number; sensitiveOverdue: number; oldestDays: number | null; oldestOverdueDays: number | null };

export function summarizeRotation(items: readonly RotationItem[]): RotationSummary {
  const overdue = items.filter((i) => i.isOverdue);
  const oldest = (list: readonly RotationItem[]) => (list.length ? Math.max(...list.map((i) => i.ageDays)) : null);
  return { total: items.length, overdue: overdue.length, sensitiveOverdue: overdue.filter((i) => i.sensitive).length, oldestDays: oldest(items), oldestOverdueDays: oldest(overdue) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The answer the screen leads with: "7 keys are overdue for rotation; the oldest is 412 days." */
export function rotationHeadline(summary: RotationSummary): string {
  if (summary.total === 0) return "No keys or secrets match these filters.";
  if (summary.overdue === 0) return `No key is overdue for rotation; the oldest is ${plural(summary.oldestDays ?? 0, "day", "days")} old.`;
  return `${plural(summary.overdue, "key is", "keys are")} overdue for rotation; the oldest is ${plural(summary.oldestOverdueDays ?? 0, "day", "days")}.`;
}
