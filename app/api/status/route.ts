import { systemClock } from "@/lib/clock";
import { requireApiContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { route } from "@/lib/server/http";
import { getSystemStatus } from "@/lib/server/status/get-system-status";

export const dynamic = "force-dynamic";

/** Database, workers and queues for the Status page (any signed-in member). */
export const GET = route(async () => {
  await requireApiContext();
  const status = await getSystemStatus({ db: db(), clock: systemClock }, { staleSeconds: env().WORKER_STALE_SECONDS });
  return Response.json(status, { headers: { "Cache-Control": "no-store" } });
});
