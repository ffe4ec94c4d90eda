import "server-only";
import type { ServiceContext } from "../context";

export type WorkerIdentity = { id: string; hostname: string; pid: number; version: string; startedAt: Date };

/** Records that this worker process is alive (one row per process). */
export async function recordHeartbeat(ctx: ServiceContext, worker: WorkerIdentity): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.workerHeartbeat.upsert({
    where: { id: worker.id },
    create: { ...worker, lastSeenAt: now },
    update: { lastSeenAt: now, stoppedAt: null },
  });
}

/** Marks the worker as stopped cleanly, so the Status page says "stopped", not "stale". */
export async function recordWorkerStopped(ctx: ServiceContext, workerId: string): Promise<void> {
  await ctx.db.workerHeartbeat.updateMany({ where: { id: workerId }, data: { stoppedAt: ctx.clock.now() } });
}
