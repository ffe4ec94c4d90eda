import { systemClock } from "@/lib/clock";
import { requireApiContext } from "@/lib/server/auth/guards";
import { db } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { route } from "@/lib/server/http";
import { getSystemStatus } from "@/lib/server/status/get-system-status";

export const dynamic = "force-dynamic";

/** Database, workers, queues and this workspace's token refresh for the Status page (any signed-in member). */
export const GET = route(async () => {
  const { workspace } = await requireApiContext();
  const status = await getSystemStatus({ db: db(), clock: systemClock }, { staleSeconds: env().WORKER_STALE_SECONDS, workspaceId: workspace.id });
  return Response.json(status, { headers: { "Cache-Control": "no-store" } });
});
