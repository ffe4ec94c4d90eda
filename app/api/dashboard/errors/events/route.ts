import { parseErrorRange } from "@/lib/dashboard/error-range";
import { dashboardRoute } from "@/lib/server/dashboard/dashboard-route";
import { EVENTS_CSV_CAP, errorEventsCsv, errorEventsQuerySchema, listErrorEvents } from "@/lib/server/dashboard/errors/list-error-events";

export const dynamic = "force-dynamic";

/** One integration's error events (keyset-paginated); `?format=csv` exports up to 5,000. */
export const GET = dashboardRoute(
  ({ ctx, workspaceId, filters, params }) =>
    listErrorEvents(ctx, {
      workspaceId,
      filters,
      range: parseErrorRange(params).range,
      query: errorEventsQuerySchema.parse(Object.fromEntries(["connection", "provider", "class", "cursor"].map((k) => [k, params.get(k) || undefined]))),
      ...(params.get("format") === "csv" ? { limit: EVENTS_CSV_CAP } : {}),
    }),
  errorEventsCsv,
);
