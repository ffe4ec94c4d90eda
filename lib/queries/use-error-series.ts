"use client";
import { useQuery } from "@tanstack/react-query";
import type { ErrorBucket, ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import type { Jsonified } from "@/lib/jsonify";
import type { ErrorSeries } from "@/lib/server/dashboard/errors/get-error-series";
import { fetchJson } from "./fetch-json";

export type ErrorSeriesJson = Jsonified<ErrorSeries>;

/** GET /api/dashboard/errors/series: errors per bucket stacked by class, refreshed every minute. */
export function useErrorSeries(input: { filters: DashboardFilters; range: ErrorRange; bucket?: ErrorBucket }) {
  const url = withFilters("/api/dashboard/errors/series", input.filters, { range: input.range, bucket: input.bucket });
  return useQuery({ queryKey: ["errors-series", url], queryFn: () => fetchJson<ErrorSeriesJson>(url), refetchInterval: 60_000 });
}
