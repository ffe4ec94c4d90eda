import "server-only";
import type { ServiceContext } from "../context";
import { getRefreshSummary, type RefreshSummary } from "../refresh/refresh-summary";
import { getDatabaseStatus, getQueueStatuses, getWorkerStatuses, type DatabaseStatus, type QueueStatus, type WorkerStatus } from "./system-status";

export type SystemStatus = { checkedAt: string; database: DatabaseStatus; workers: WorkerStatus[]; queues: QueueStatus[] | null; refresh: RefreshSummary | null };

/** Everything the Status page shows, in one read; token refresh is counted for the viewer's workspace only. */
export async function getSystemStatus(ctx: ServiceContext, input: { staleSeconds: number; workspaceId?: string }): Promise<SystemStatus> {
  const database = await getDatabaseStatus(ctx);
  if (!database.ok) return { checkedAt: ctx.clock.now().toISOString(), database, workers: [], queues: null, refresh: null };
  const [workers, queues, refresh] = await Promise.all([
    getWorkerStatuses(ctx, input),
    getQueueStatuses(ctx),
    input.workspaceId ? getRefreshSummary(ctx, { workspaceId: input.workspaceId }) : Promise.resolve(null),
  ]);
  return { checkedAt: ctx.clock.now().toISOString(), database, workers, queues, refresh };
}
