import { describe, expect, it } from "vitest";
import { DAY } from "@/lib/clock";
import { assessRotation, bucketAfterPolicy, bucketFor, readRotationSort, rotationHeadline, rotationHistogram, sortRotationItems, summarizeRotation, type RotationSubject } from "@/lib/dashboard/rotation-age";

const now = new Date("2026-12-07T12:00:00Z");
const ago = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY - extraMs);
let n = 0;
const subject = (over: Partial<RotationSubject> & { days: number }): RotationSubject => ({
  id: `c${++n}`,
  name: over.name ?? `key ${n}`,
  method: "api_key",
  provider: "HubSpot",
  environment: "prod",
  ownerId: over.ownerName ? `u-${over.ownerName}` : null,
  ownerName: over.ownerName ?? null,
  workflows: over.workflows ?? [],
  sensitive: over.sensitive ?? false,
  rotationIntervalDays: over.rotationIntervalDays ?? (over.sensitive ? 30 : 90),
  rotatedAt: ago(over.days, 60_000),
});

describe("rotation age buckets", () => {
  it("puts ages on the right side of each edge", () => {
    expect([0, 30, 31, 60, 61, 90, 91, 180, 181, 365, 366, 4000].map(bucketFor)).toEqual(["0-30", "0-30", "31-60", "31-60", "61-90", "61-90", "91-180", "91-180", "181-365", "181-365", "over-365", "over-365"]);
  });

  it("draws the 30- and 90-day policy lines where the overdue ages start", () => {
    expect(bucketAfterPolicy(30)).toBe("31-60");
    expect(bucketAfterPolicy(90)).toBe("91-180");
    expect(bucketAfterPolicy(365)).toBe("over-365");
    expect(bucketAfterPolicy(5000)).toBeNull();
  });
});

describe("overdue for rotation", () => {
  it("flags a key unrotated for 91 days against 90, not one at 90", () => {
    expect(assessRotation(subject({ days: 90 }), now)).toMatchObject({ ageDays: 90, isOverdue: false, overdueByDays: 0 });
    expect(assessRotation(subject({ days: 91 }), now)).toMatchObject({ ageDays: 91, isOverdue: true, overdueByDays: 1, bucket: "91-180" });
  });

  it("holds sensitive keys to 30 days and honours a credential's own interval", () => {
    expect(assessRotation(subject({ days: 45, sensitive: true }), now)).toMatchObject({ isOverdue: true, policyDays: 30, overdueByDays: 15 });
    expect(assessRotation(subject({ days: 120, rotationIntervalDays: 180 }), now).isOverdue).toBe(false);
  });

  it("never shows a negative age for a rotation stamped slightly ahead", () => {
    expect(assessRotation({ ...subject({ days: 0 }), rotatedAt: new Date(now.getTime() + 5_000) }, now).ageDays).toBe(0);
  });
});

describe("the histogram", () => {
  it("counts each bucket, split into overdue and within policy", () => {
    const items = [subject({ days: 3 }), subject({ days: 45, sensitive: true }), subject({ days: 45 }), subject({ days: 200 }), subject({ days: 412 })].map((s) => assessRotation(s, now));
    const histogram = rotationHistogram(items);
    expect(histogram.map((b) => [b.key, b.total, b.overdue, b.withinPolicy, b.sensitive])).toEqual([
      ["0-30", 1, 0, 1, 0],
      ["31-60", 2, 1, 1, 1],
      ["61-90", 0, 0, 0, 0],
      ["91-180", 0, 0, 0, 0],
      ["181-365", 1, 1, 0, 0],
      ["over-365", 1, 1, 0, 0],
    ]);
  });
});

describe("the overdue list order", () => {
  const items = [
    subject({ name: "b", days: 100, ownerName: "Zoe", workflows: ["Lead routing"] }),
    subject({ name: "a", days: 412, workflows: ["Billing sync", "Enrichment"] }),
    subject({ name: "c", days: 200, ownerName: "ana" }),
  ].map((s) => assessRotation(s, now));

  it("sorts oldest first by default, newest first when asked", () => {
    expect(sortRotationItems(items, "age", "desc").map((i) => i.name)).toEqual(["a", "c", "b"]);
    expect(sortRotationItems(items, "age", "asc").map((i) => i.name)).toEqual(["b", "c", "a"]);
  });

  it("sorts by owner and workflow case-insensitively, with unowned or unlabelled keys last either way", () => {
    expect(sortRotationItems(items, "owner", "asc").map((i) => i.name)).toEqual(["c", "b", "a"]);
    expect(sortRotationItems(items, "owner", "desc").map((i) => i.name)).toEqual(["b", "c", "a"]);
    expect(sortRotationItems(items, "workflow", "asc").map((i) => i.name)).toEqual(["a", "b", "c"]);
    expect(sortRotationItems(items, "workflow", "desc").map((i) => i.name)).toEqual(["b", "a", "c"]);
  });

  it("reads the sort from the URL, falling back to oldest first", () => {
    expect(readRotationSort({})).toEqual({ sort: "age", dir: "desc" });
    expect(readRotationSort({ sort: "owner" })).toEqual({ sort: "owner", dir: "asc" });
    expect(readRotationSort({ sort: "<script>", dir: "sideways" })).toEqual({ sort: "age", dir: "desc" });
    expect(readRotationSort({ sort: "workflow", dir: "desc" })).toEqual({ sort: "workflow", dir: "desc" });
  });
});

describe("the headline", () => {
  it("leads with the number overdue and the oldest of them", () => {
    const items = [subject({ days: 412 }), subject({ days: 95 }), subject({ days: 10 })].map((s) => assessRotation(s, now));
    expect(summarizeRotation(items)).toEqual({ total: 3, overdue: 2, sensitiveOverdue: 0, oldestDays: 412, oldestOverdueDays: 412 });
    expect(rotationHeadline(summarizeRotation(items))).toBe("2 keys are overdue for rotation; the oldest is 412 days.");
    expect(rotationHeadline(summarizeRotation(items.slice(0, 1)))).toBe("1 key is overdue for rotation; the oldest is 412 days.");
  });

  it("says when nothing is overdue, or nothing matches", () => {
    expect(rotationHeadline(summarizeRotation([assessRotation(subject({ days: 12 }), now)]))).toBe("No key is overdue for rotation; the oldest is 12 days old.");
    expect(rotationHeadline(summarizeRotation([]))).toBe("No keys or secrets match these filters.");
  });
});
