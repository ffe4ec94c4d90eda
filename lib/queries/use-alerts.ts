"use client";
import { useQuery } from "@tanstack/react-query";
import { alertListSearch, type AlertListQuery } from "@/lib/alerts/alert-list-query";
import type { Jsonified } from "@/lib/jsonify";
import type { AlertList } from "@/lib/server/alerts/manage-alerts";
import { fetchJson } from "./fetch-json";

export type AlertListJson = Jsonified<AlertList>;

/** GET /api/alerts (state, severity, rule), refreshed every 30 s — the alert engine's default interval. */
export function useAlerts(query: AlertListQuery, initial?: AlertListJson) {
  return useQuery({ queryKey: ["alerts", query], queryFn: () => fetchJson<AlertListJson>(`/api/alerts${alertListSearch(query)}`), refetchInterval: 30_000, initialData: initial });
}
