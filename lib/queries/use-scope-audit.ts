"use client";
import { useQuery } from "@tanstack/react-query";
import type { Jsonified } from "@/lib/jsonify";
import type { ScopeAuditReport } from "@/lib/server/dashboard/get-scope-audit";
import { fetchJson } from "./fetch-json";

export type ScopeAuditJson = Jsonified<ScopeAuditReport>;

/** GET /api/dashboard/scopes with the page's filters and `show` (`query`, without `?`); the server-rendered report seeds it. */
export function useScopeAudit(query: string, initial?: ScopeAuditJson) {
  const url = query ? `/api/dashboard/scopes?${query}` : "/api/dashboard/scopes";
  return useQuery({ queryKey: ["dashboard", "scopes", query], queryFn: () => fetchJson<ScopeAuditJson>(url), initialData: initial, staleTime: 60_000 });
}
