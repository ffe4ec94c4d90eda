const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

const formatter = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "5 seconds ago", "in 3 hours": the largest unit that fits, rounded toward zero. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 2) return "just now";
  for (const [unit, size] of units) {
    if (abs >= size || unit === "second") return formatter.format(Math.trunc(seconds / size), unit);
  }
  return formatter.format(seconds, "second");
}
