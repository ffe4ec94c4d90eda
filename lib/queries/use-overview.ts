"use client";
import { useQuery } from "@tanstack/react-query";
import type { Jsonified } from "@/lib/jsonify";
import type { Overview } from "@/lib/server/dashboard/get-overview";
import { fetchJson } from "./fetch-json";

export type OverviewJson = Jsonified<Overview>;

/** GET /api/dashboard/overview with the page's query string; refreshed every minute. */
export function useOverview(query: string, initial?: OverviewJson) {
  return useQuery({ queryKey: ["dashboard-overview", query], queryFn: () => fetchJson<OverviewJson>(`/api/dashboard/overview${query ? `?${query}` : ""}`), refetchInterval: 60_000, initialData: initial });
}
