import { readRotationSort } from "@/lib/dashboard/rotation-age";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { getRotationAge, rotationAgeCsv } from "@/lib/server/dashboard/get-rotation-age";

export const dynamic = "force-dynamic";

/** Rotation age: histogram, summary and the overdue list (`sort`=age|owner|workflow, `dir`; `format=csv`). */
export const GET = dashboardRoute(({ ctx, workspaceId, filters, params }) => getRotationAge(ctx, { workspaceId, filters, ...readRotationSort({ sort: params.get("sort"), dir: params.get("dir") }) }), rotationAgeCsv);
