"use client";
import { useQuery } from "@tanstack/react-query";
import type { Jsonified } from "@/lib/jsonify";
import type { Expiring } from "@/lib/server/dashboard/get-expiring";
import { fetchJson } from "./fetch-json";

export type ExpiringJson = Jsonified<Expiring>;

/** GET /api/dashboard/expiring with the page's query string; refreshed every minute. */
export function useExpiring(query: string, initial?: ExpiringJson) {
  return useQuery({ queryKey: ["dashboard-expiring", query], queryFn: () => fetchJson<ExpiringJson>(`/api/dashboard/expiring${query ? `?${query}` : ""}`), refetchInterval: 60_000, initialData: initial });
}
