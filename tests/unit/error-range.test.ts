// The Errors screen's time windows: UTC-aligned buckets that include the current hour.
import { describe, expect, it } from "vitest";
import { errorWindow, parseErrorRange, readErrorRange } from "@/lib/dashboard/error-range";

const now = new Date("2026-12-07T10:20:30.000Z");

describe("error ranges", () => {
  it("24 h is 24 hourly buckets ending with the hour in progress, compared with the 24 h before", () => {
    const w = errorWindow("24h", now);
    expect(w).toMatchObject({ bucketHours: 1, from: new Date("2026-12-06T11:00:00.000Z"), to: new Date("2026-12-07T11:00:00.000Z"), previousFrom: new Date("2026-12-05T11:00:00.000Z") });
  });

  it("7 days defaults to 6-hour buckets aligned on 00/06/12/18 UTC, or hourly on request", () => {
    expect(errorWindow("7d", now)).toMatchObject({ bucketHours: 6, from: new Date("2026-11-30T12:00:00.000Z"), to: new Date("2026-12-07T12:00:00.000Z") });
    expect(errorWindow("7d", now, "1h")).toMatchObject({ bucketHours: 1, from: new Date("2026-11-30T11:00:00.000Z"), to: new Date("2026-12-07T11:00:00.000Z") });
    expect(errorWindow("24h", now, "6h").bucketHours).toBe(1);
  });

  it("an unknown range is a 400 for the API and falls back to 24 h on the page", () => {
    expect(parseErrorRange(new URLSearchParams("range=7d&bucket=1h"))).toEqual({ range: "7d", bucket: "1h" });
    expect(parseErrorRange(new URLSearchParams(""))).toEqual({ range: "24h" });
    expect(() => parseErrorRange(new URLSearchParams("range=30d"))).toThrow();
    expect(readErrorRange({ range: "30d", bucket: "2h" })).toEqual({ range: "24h" });
  });
});
