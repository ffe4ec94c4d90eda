import type { DayBucket } from "@/lib/dashboard/deadlines";

/** How the deadlines spread over the window: one bar per day (UTC days), its count in the label. */
export function DayStrip({ days }: { days: DayBucket[] }) {
  const max = Math.max(1, ...days.map((d) => d.count));
  return (
    <div>
    <ol className="flex h-16 items-end gap-px" aria-label="Deadlines per day">
      {days.map((day, i) => (
        <li key={day.date} className="flex h-full min-w-0 flex-1 flex-col justify-end" title={`${day.date}: ${day.count}${day.overdue ? " (including overdue)" : ""}`}>
          <span className="sr-only">{`${i === 0 ? "Today" : day.date}: ${day.count} deadline${day.count === 1 ? "" : "s"}`}</span>
          <span aria-hidden="true" className={`block w-full rounded-t ${day.count === 0 ? "bg-zinc-200 dark:bg-zinc-800" : day.overdue ? "bg-red-500" : "bg-amber-500"}`} style={{ height: day.count === 0 ? 2 : `${Math.max(12, (day.count / max) * 100)}%` }} />
        </li>
      ))}
    </ol>
    <div className="mt-1 flex justify-between text-xs text-zinc-500 dark:text-zinc-400" aria-hidden="true">
      <span>Today</span>
      <span>{days.at(-1)?.date}</span>
    </div>
    </div>
  );
}
