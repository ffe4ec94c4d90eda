import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "@/lib/clock";
import { formatRelative } from "@/lib/format-time";

const now = new Date("2026-03-10T12:00:00.000Z");
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

describe("formatRelative", () => {
  it("says just now within a second either way", () => {
    expect(formatRelative(now, now)).toBe("just now");
    expect(formatRelative(at(1_000), now)).toBe("just now");
    expect(formatRelative(at(-1_400), now)).toBe("just now");
  });

  it("counts seconds below a minute", () => {
    expect(formatRelative(at(-5_000), now)).toBe("5 seconds ago");
    expect(formatRelative(at(59_000), now)).toBe("in 59 seconds");
  });

  it("uses the largest unit that fits and rounds toward zero", () => {
    expect(formatRelative(at(-90_000), now)).toBe("1 minute ago");
    expect(formatRelative(at(59 * MINUTE + 59_000), now)).toBe("in 59 minutes");
    expect(formatRelative(at(3 * HOUR), now)).toBe("in 3 hours");
    expect(formatRelative(at(-(2 * HOUR + 59 * MINUTE)), now)).toBe("2 hours ago");
    expect(formatRelative(at(-3 * DAY), now)).toBe("3 days ago");
    expect(formatRelative(at(20 * DAY), now)).toBe("in 2 weeks");
    expect(formatRelative(at(-65 * DAY), now)).toBe("2 months ago");
    expect(formatRelative(at(800 * DAY), now)).toBe("in 2 years");
  });

  it("says yesterday, tomorrow and next week for a single unit", () => {
    expect(formatRelative(at(-DAY), now)).toBe("yesterday");
    expect(formatRelative(at(DAY + HOUR), now)).toBe("tomorrow");
    expect(formatRelative(at(7 * DAY), now)).toBe("next week");
  });
});
