import { parseErrorRange } from "@/lib/dashboard/error-range";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { getErrorSeries } from "@/lib/server/dashboard/errors/get-error-series";

export const dynamic = "force-dynamic";

/** Auth errors per hour (or 6 h over 7 days), stacked by class, for the Errors screen. */
export const GET = dashboardRoute(({ ctx, workspaceId, filters, params }) => getErrorSeries(ctx, { workspaceId, filters, ...parseErrorRange(params) }));
