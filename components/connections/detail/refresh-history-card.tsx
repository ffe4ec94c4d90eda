"use client";
import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import type { HistoryPoint } from "@/components/charts/refresh-history-chart";

const Chart = dynamic(() => import("@/components/charts/refresh-history-chart"), { ssr: false, loading: () => <div className="h-[220px] animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" aria-hidden="true" /> });

/** "Has refreshing been working?": attempts per day over 7 days, with the totals in words. */
export function RefreshHistoryCard({ days, succeeded, failed }: { days: (HistoryPoint & { maxLatencyMs: number | null })[]; succeeded: number; failed: number }) {
  const latencies = days.map((d) => d.avgLatencyMs).filter((v): v is number => v !== null);
  const avg = latencies.length ? Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length) : null;
  const summary = succeeded + failed === 0 ? "No refresh attempts in the last 7 days." : `${succeeded} succeeded, ${failed} failed in the last 7 days${avg !== null ? `; typical latency ${avg} ms` : ""}.`;
  return (
    <Card title="Refresh history" description={summary}>
      <div data-testid="refresh-history" data-succeeded={succeeded} data-failed={failed} role="img" aria-label={`Refresh attempts per day over the last 7 days: ${summary}`} className="text-zinc-500 dark:text-zinc-400">
        {succeeded + failed === 0 ? <p className="py-8 text-center text-sm">Nothing to chart yet: the first refresh will appear here.</p> : <Chart days={days} />}
      </div>
    </Card>
  );
}
