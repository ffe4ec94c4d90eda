import { readScopeShow, SCOPE_LIST_LIMIT } from "@/lib/dashboard/scope-audit";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { getScopeAudit, scopeAuditCsv } from "@/lib/server/dashboard/get-scope-audit";

export const dynamic = "force-dynamic";

/** Scope audit: requested vs granted vs minimum per connection (`show`=all|flagged|over|missing; `format=csv`). */
export const GET = dashboardRoute(
  ({ ctx, workspaceId, filters, params }) => getScopeAudit(ctx, { workspaceId, filters, show: readScopeShow(params.get("show")), limit: params.get("format") === "csv" ? undefined : SCOPE_LIST_LIMIT }),
  scopeAuditCsv,
);
