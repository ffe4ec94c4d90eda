import { parseWindow } from "@/lib/dashboard/deadlines";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { expiringCsv, getExpiring, parseKind } from "@/lib/server/dashboard/get-expiring";
import { env } from "@/lib/server/env";

/** GET /api/dashboard/expiring?days=7|30|90&kind=…(&format=csv): the expiring timeline. */
export const GET = dashboardRoute(
  ({ ctx, workspaceId, filters, params }) => getExpiring(ctx, { workspaceId, filters, windowDays: parseWindow(params.get("days")), kind: parseKind(params.get("kind")) }),
  (result) => expiringCsv(result, env().NEXTAUTH_URL),
);
