"use client";
import { useQuery } from "@tanstack/react-query";
import type { Jsonified } from "@/lib/jsonify";
import type { RotationAgeReport } from "@/lib/server/dashboard/get-rotation-age";
import { fetchJson } from "./fetch-json";

export type RotationAgeJson = Jsonified<RotationAgeReport>;

/** GET /api/dashboard/rotation with the page's filters and sort (`query`, without `?`); the server-rendered report seeds it. */
export function useRotationAge(query: string, initial?: RotationAgeJson) {
  const url = query ? `/api/dashboard/rotation?${query}` : "/api/dashboard/rotation";
  return useQuery({ queryKey: ["dashboard", "rotation", query], queryFn: () => fetchJson<RotationAgeJson>(url), initialData: initial, staleTime: 60_000 });
}
