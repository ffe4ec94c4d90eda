"use client";
import { useQuery } from "@tanstack/react-query";
import type { ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import type { Jsonified } from "@/lib/jsonify";
import type { ErrorsByIntegration } from "@/lib/server/dashboard/errors/get-errors-by-integration";
import { fetchJson } from "./fetch-json";

export type ErrorsByIntegrationJson = Jsonified<ErrorsByIntegration>;

/** The by-integration table's API URL (also its CSV export with `format=csv`). */
export function errorsByIntegrationUrl(filters: DashboardFilters, range: ErrorRange, format?: "csv"): string {
  return withFilters("/api/dashboard/errors/by-integration", filters, { range, format });
}

/** GET /api/dashboard/errors/by-integration: count, last seen and trend per integration, refreshed every minute. */
export function useErrorsByIntegration(input: { filters: DashboardFilters; range: ErrorRange }) {
  const url = errorsByIntegrationUrl(input.filters, input.range);
  return useQuery({ queryKey: ["errors-by-integration", url], queryFn: () => fetchJson<ErrorsByIntegrationJson>(url), refetchInterval: 60_000 });
}
