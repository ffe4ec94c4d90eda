"use client";
import { useQuery } from "@tanstack/react-query";
import type { Jsonified } from "@/lib/jsonify";
import type { SystemStatus } from "@/lib/server/status/get-system-status";
import { fetchJson } from "./fetch-json";

export type SystemStatusJson = Jsonified<SystemStatus>;

/** GET /api/status, refreshed every 5 s so the worker heartbeat stays live on screen. */
export function useSystemStatus(initial?: SystemStatusJson) {
  return useQuery({ queryKey: ["system-status"], queryFn: () => fetchJson<SystemStatusJson>("/api/status"), refetchInterval: 5_000, initialData: initial });
}
