import "server-only";
import type { ServiceContext } from "../context";
import { getDatabaseStatus, getQueueStatuses, getWorkerStatuses, type DatabaseStatus, type QueueStatus, type WorkerStatus } from "./system-status";

export type SystemStatus = { checkedAt: string; database: DatabaseStatus; workers: WorkerStatus[]; queues: QueueStatus[] | null };

/** Everything the Status page shows, in one read. */
export async function getSystemStatus(ctx: ServiceContext, input: { staleSeconds: number }): Promise<SystemStatus> {
  const database = await getDatabaseStatus(ctx);
  if (!database.ok) return { checkedAt: ctx.clock.now().toISOString(), database, workers: [], queues: null };
  const [workers, queues] = await Promise.all([getWorkerStatuses(ctx, input), getQueueStatuses(ctx)]);
  return { checkedAt: ctx.clock.now().toISOString(), database, workers, queues };
}
