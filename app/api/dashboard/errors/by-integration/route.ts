import { parseErrorRange } from "@/lib/dashboard/error-range";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { errorsByIntegrationCsv, getErrorsByIntegration } from "@/lib/server/dashboard/errors/get-errors-by-integration";

export const dynamic = "force-dynamic";

/** Auth errors per integration (count, last seen, trend); `?format=csv` for the table. */
export const GET = dashboardRoute(
  ({ ctx, workspaceId, filters, params }) => getErrorsByIntegration(ctx, { workspaceId, filters, range: parseErrorRange(params).range }),
  errorsByIntegrationCsv,
);
