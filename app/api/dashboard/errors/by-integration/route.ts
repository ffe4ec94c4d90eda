import { parseErrorRange } from "@/lib/dashboard/error-range";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { BY_INTEGRATION_CSV_LIMIT, errorsByIntegrationCsv, getErrorsByIntegration } from "@/lib/server/dashboard/errors/get-errors-by-integration";

export const dynamic = "force-dynamic";

/** Auth errors per integration (count, last seen, trend; the top 100); `?format=csv` for up to 10,000. */
export const GET = dashboardRoute(
  ({ ctx, workspaceId, filters, params }) =>
    getErrorsByIntegration(ctx, {
      workspaceId,
      filters,
      range: parseErrorRange(params).range,
      ...(params.get("format") === "csv" ? { limit: BY_INTEGRATION_CSV_LIMIT } : {}),
    }),
  errorsByIntegrationCsv,
);
