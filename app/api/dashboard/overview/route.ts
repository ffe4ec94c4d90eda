import { isItemState } from "@/lib/dashboard/item-states";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { parseTrendRange } from "@/lib/server/dashboard/error-trend";
import { getOverview } from "@/lib/server/dashboard/get-overview";

/** GET /api/dashboard/overview?trend=24h|7d&state=…: counts, next five deadlines, error trend. */
export const GET = dashboardRoute(({ ctx, workspaceId, filters, params }) => {
  const state = params.get("state");
  return getOverview(ctx, { workspaceId, filters, trendRange: parseTrendRange(params.get("trend")), state: isItemState(state) ? state : null });
});
