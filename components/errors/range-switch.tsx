import Link from "next/link";
import type { ErrorBucket, ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";

const option = (active: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500 ${active ? "bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50" : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"}`;

/** 24 h / 7 days (and, for 7 days, hourly or 6-hourly bars) as links: the choice lives in the URL. */
export function RangeSwitch({ filters, range, bucket }: { filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <nav aria-label="Time range" className="inline-flex rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800">
        <Link href={withFilters("/errors", filters, { range: "24h" })} aria-current={range === "24h" ? "page" : undefined} className={option(range === "24h")}>Last 24 h</Link>
        <Link href={withFilters("/errors", filters, { range: "7d" })} aria-current={range === "7d" ? "page" : undefined} className={option(range === "7d")}>Last 7 days</Link>
      </nav>
      {range === "7d" && (
        <nav aria-label="Bar size" className="inline-flex rounded-lg bg-zinc-100 p-1 dark:bg-zinc-800">
          <Link href={withFilters("/errors", filters, { range, bucket: "6h" })} aria-current={bucket !== "1h" ? "page" : undefined} className={option(bucket !== "1h")}>6-hourly</Link>
          <Link href={withFilters("/errors", filters, { range, bucket: "1h" })} aria-current={bucket === "1h" ? "page" : undefined} className={option(bucket === "1h")}>Hourly</Link>
        </nav>
      )}
    </div>
  );
}
