import "server-only";
import { parseDashboardFilters, type DashboardFilters } from "@/lib/dashboard/filters";
import { systemClock, type Clock } from "@/lib/clock";
import { requireApiContext } from "../auth/guards";
import { csvRow } from "../audit/audit-csv";
import { db, type Db } from "../db";
import { route } from "../http";
import type { WorkspaceContext } from "../workspaces/workspace-context";

export type DashboardRequest = {
  ctx: { db: Db; clock: Clock };
  context: WorkspaceContext;
  workspaceId: string;
  filters: DashboardFilters;
  params: URLSearchParams;
};

/** A table a dashboard endpoint can also serve as CSV (`?format=csv`). */
export type CsvTable = { filename: string; columns: readonly string[]; rows: (string | number | boolean | null | undefined)[][] };

/**
 * A read-only dashboard endpoint: any member of the workspace, the shared URL filters parsed
 * (a malformed one is a 400), JSON with no-store. Handlers stay one call to a query function.
 */
export function dashboardRoute<T>(handler: (request: DashboardRequest) => Promise<T>, toCsv?: (result: T, request: DashboardRequest) => CsvTable) {
  return route(async (request) => {
    const context = await requireApiContext();
    const params = new URL(request.url).searchParams;
    const dashboard: DashboardRequest = { ctx: { db: db(), clock: systemClock }, context, workspaceId: context.workspace.id, filters: parseDashboardFilters(params), params };
    const result = await handler(dashboard);
    if (toCsv && params.get("format") === "csv") return csvResponse(toCsv(result, dashboard), context.workspace.slug, systemClock.now());
    return Response.json(result, { headers: { "Cache-Control": "no-store" } });
  });
}

/** A CSV download (RFC 4180, formula cells neutralised by csvRow). */
export function csvResponse(table: CsvTable, workspaceSlug: string, now: Date): Response {
  const body = csvRow([...table.columns]) + table.rows.map((row) => csvRow(row)).join("");
  const filename = `authpulse-${table.filename}-${workspaceSlug}-${now.toISOString().slice(0, 10)}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
