"use client";
import dynamic from "next/dynamic";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { ErrorBucket, ErrorRange } from "@/lib/dashboard/error-range";
import { hasFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { eventClassLabels } from "@/lib/auth-event-labels";
import { useErrorSeries } from "@/lib/queries/use-error-series";

const ErrorSeriesChart = dynamic(() => import("./error-series-chart"), { ssr: false, loading: () => <ChartSkeleton /> });

function ChartSkeleton() {
  return <div className="h-64 w-full animate-pulse rounded-lg bg-zinc-100 dark:bg-zinc-800" aria-hidden="true" />;
}

/** The stacked time series of the selected range, with its own loading, empty and error states. */
export function ErrorSeriesCard({ filters, range, bucket }: { filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket }) {
  const series = useErrorSeries({ filters, range, bucket });
  const span = range === "24h" ? "last 24 hours, per hour" : `last 7 days, per ${series.data?.bucketHours === 1 ? "hour" : "6 hours"}`;
  return (
    <Card title="Auth errors over time" description={`By error class, ${span} (bars start on the hour, UTC-aligned; times shown in your time zone).`}>
      {series.isPending ? (
        <div role="status" aria-label="Loading the error chart"><ChartSkeleton /></div>
      ) : series.isError ? (
        <Notice kind="error" title="Could not load the error chart">{series.error.message} It retries every minute.</Notice>
      ) : series.data.total === 0 ? (
        <p className="py-10 text-center text-sm text-zinc-600 dark:text-zinc-400">No auth errors in this range{hasFilters(filters) ? " for these filters" : ""}.</p>
      ) : (
        <figure role="group" aria-label={`Chart: ${series.data.total} auth errors in the range, most of them ${eventClassLabels[series.data.classes[0] ?? ""]?.text ?? "unclassified"}`}>
          <ErrorSeriesChart series={series.data} />
        </figure>
      )}
    </Card>
  );
}
