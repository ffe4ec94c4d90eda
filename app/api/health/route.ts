import { systemClock } from "@/lib/clock";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { route } from "@/lib/server/http";
import { getHealthReport } from "@/lib/server/status/system-status";

export const dynamic = "force-dynamic";

/** Liveness of the database and the worker, for load balancers and uptime checks. */
export const GET = route(async () => {
  const report = await getHealthReport({ db: db(), clock: systemClock }, { staleSeconds: env().WORKER_STALE_SECONDS });
  return Response.json(report, { status: report.status === "down" ? 503 : 200, headers: { "Cache-Control": "no-store" } });
});
