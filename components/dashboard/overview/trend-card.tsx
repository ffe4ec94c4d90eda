"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import type { SparkPoint } from "@/components/charts/error-sparkline";

const ErrorSparkline = dynamic(() => import("@/components/charts/error-sparkline"), { ssr: false, loading: () => <div className="h-24 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden="true" /> });

/** Auth errors over the last 24 h or 7 days, with the total in words (the chart is not the only signal). */
export function TrendCard({ trend, rangeHref, errorsHref }: { trend: { range: "24h" | "7d"; points: SparkPoint[]; total: number }; rangeHref: (range: "24h" | "7d") => string; errorsHref: string }) {
  const span = trend.range === "24h" ? "the last 24 hours" : "the last 7 days";
  const peak = trend.points.reduce((max, p) => Math.max(max, p.errors), 0);
  return (
    <Card
      title="Auth errors"
      description={trend.total === 0 ? `No auth errors in ${span}.` : `${trend.total} auth error${trend.total === 1 ? "" : "s"} in ${span} (peak ${peak} per ${trend.range === "24h" ? "hour" : "6 hours"}).`}
      actions={
        <nav aria-label="Error trend range" className="flex gap-1 text-sm">
          {(["24h", "7d"] as const).map((range) => (
            <Link key={range} href={rangeHref(range)} scroll={false} aria-current={trend.range === range ? "true" : undefined} className={`rounded px-2 py-1 ${trend.range === range ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}>
              {range === "24h" ? "24 h" : "7 days"}
            </Link>
          ))}
        </nav>
      }
    >
      <div data-testid="error-trend" data-total={trend.total} role="img" aria-label={`Auth errors per ${trend.range === "24h" ? "hour" : "6 hours"} over ${span}: ${trend.total} in total.`}>
        <ErrorSparkline points={trend.points} hourly={trend.range === "24h"} />
      </div>
      <div className="mt-2 flex flex-wrap justify-end gap-2 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href={errorsHref} className="text-indigo-600 hover:underline dark:text-indigo-400">Open the errors screen</Link>
      </div>
    </Card>
  );
}
