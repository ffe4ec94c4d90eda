"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ErrorRange } from "@/lib/dashboard/error-range";
import { withFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import type { Jsonified } from "@/lib/jsonify";
import type { ErrorEventsPage } from "@/lib/server/dashboard/errors/list-error-events";
import { fetchJson } from "./fetch-json";

export type ErrorEventsPageJson = Jsonified<ErrorEventsPage>;
export type ErrorEventsSelection = { connection: string; provider?: string; class?: string };

/** The drill-down's API URL (also its CSV export with `format=csv`). */
export function errorEventsUrl(filters: DashboardFilters, range: ErrorRange, selection: ErrorEventsSelection, extra: { cursor?: string; format?: "csv" } = {}): string {
  return withFilters("/api/dashboard/errors/events", filters, { range, connection: selection.connection, provider: selection.provider, class: selection.class, ...extra });
}

/** GET /api/dashboard/errors/events, one page at a time ("Load older events"). */
export function useErrorEvents(input: { filters: DashboardFilters; range: ErrorRange; selection: ErrorEventsSelection | null }) {
  const { filters, range, selection } = input;
  return useInfiniteQuery({
    queryKey: ["errors-events", filters, range, selection],
    enabled: selection !== null,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchJson<ErrorEventsPageJson>(errorEventsUrl(filters, range, selection!, { cursor: pageParam })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
