import { readAlertListQuery } from "@/lib/alerts/alert-list-query";
import { alertsCsv } from "@/lib/server/alerts/alerts-csv";
import { listAlerts } from "@/lib/server/alerts/manage-alerts";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";

/** The alert history (state, severity, rule from the URL) as JSON, or CSV with ?format=csv. */
export const GET = dashboardRoute(async ({ ctx, workspaceId, params }) => listAlerts(ctx, { workspaceId, query: readAlertListQuery(Object.fromEntries(params)) }), alertsCsv);
