import "server-only";
import type { ServiceContext } from "../context";
import { PGBOSS_SCHEMA } from "../jobs/run-worker";

export type WorkerState = "live" | "stale" | "stopped";
export type WorkerStatus = { id: string; hostname: string; pid: number; version: string; startedAt: Date; lastSeenAt: Date; state: WorkerState };
export type QueueStatus = { name: string; queued: number; active: number; retrying: number; failed24h: number; lastCompletedAt: Date | null };
export type DatabaseStatus =
  | { ok: true; latencyMs: number; serverVersion: string; migrations: number; latestMigration: string | null }
  | { ok: false; error: string };

/** Round trip to Postgres plus what the migrator recorded. */
export async function getDatabaseStatus(ctx: ServiceContext): Promise<DatabaseStatus> {
  const started = performance.now();
  try {
    const [row] = await ctx.db.$queryRaw<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const migrations = await ctx.db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`;
    return { ok: true, latencyMs, serverVersion: row?.version ?? "unknown", migrations: migrations.length, latestMigration: migrations.at(-1)?.migration_name ?? null };
  } catch (error) {
    // Prisma's messages start with a blank line and an "Invalid invocation" header; the cause is last.
    const reason = error instanceof Error ? error.message.split("\n").map((line) => line.trim()).filter(Boolean).at(-1) : undefined;
    return { ok: false, error: reason?.slice(0, 200) ?? "unreachable" };
  }
}

/** Workers seen in the last day, newest first; live when the heartbeat is fresher than `staleSeconds`. */
export async function getWorkerStatuses(ctx: ServiceContext, input: { staleSeconds: number }): Promise<WorkerStatus[]> {
  const now = ctx.clock.now().getTime();
  const rows = await ctx.db.workerHeartbeat.findMany({
    where: { lastSeenAt: { gt: new Date(now - 24 * 3600_000) } },
    orderBy: { lastSeenAt: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    hostname: row.hostname,
    pid: row.pid,
    version: row.version,
    startedAt: row.startedAt,
    lastSeenAt: row.lastSeenAt,
    state: row.stoppedAt ? "stopped" : now - row.lastSeenAt.getTime() <= input.staleSeconds * 1000 ? "live" : "stale",
  }));
}

/** Job counts per queue from pg-boss's tables; empty when no worker has created them yet. */
export async function getQueueStatuses(ctx: ServiceContext): Promise<QueueStatus[] | null> {
  const [exists] = await ctx.db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass(${`${PGBOSS_SCHEMA}.job`}) IS NOT NULL AS present`;
  if (!exists?.present) return null;
  const rows = await ctx.db.$queryRawUnsafe<{ name: string; queued: number; active: number; retrying: number; failed24h: number; last_completed: Date | null }[]>(`
    SELECT q.name,
      count(*) FILTER (WHERE j.state = 'created' AND j.start_after <= now())::int AS queued,
      count(*) FILTER (WHERE j.state = 'active')::int AS active,
      count(*) FILTER (WHERE j.state = 'retry')::int AS retrying,
      count(*) FILTER (WHERE j.state = 'failed' AND j.completed_on > now() - interval '1 day')::int AS "failed24h",
      max(j.completed_on) FILTER (WHERE j.state = 'completed') AS last_completed
    FROM ${PGBOSS_SCHEMA}.queue q
    LEFT JOIN ${PGBOSS_SCHEMA}.job j ON j.name = q.name
    WHERE q.name NOT LIKE '\\_\\_pgboss%'
    GROUP BY q.name ORDER BY q.name`);
  return rows.map((r) => ({ name: r.name, queued: r.queued, active: r.active, retrying: r.retrying, failed24h: r.failed24h, lastCompletedAt: r.last_completed }));
}

export type HealthReport = {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  database: { status: "ok" | "down"; latencyMs?: number };
  worker: { status: "ok" | "stale" | "none"; liveWorkers: number; lastHeartbeatAt: string | null };
};

/** The body of GET /api/health: no hostnames, no errors' internals. */
export async function getHealthReport(ctx: ServiceContext, input: { staleSeconds: number }): Promise<HealthReport> {
  const database = await getDatabaseStatus(ctx);
  const checkedAt = ctx.clock.now().toISOString();
  if (!database.ok) {
    return { status: "down", checkedAt, database: { status: "down" }, worker: { status: "none", liveWorkers: 0, lastHeartbeatAt: null } };
  }
  const workers = await getWorkerStatuses(ctx, input);
  const live = workers.filter((w) => w.state === "live").length;
  const last = workers[0]?.lastSeenAt ?? null;
  const workerStatus = live > 0 ? "ok" : workers.length > 0 ? "stale" : "none";
  return {
    status: live > 0 ? "ok" : "degraded",
    checkedAt,
    database: { status: "ok", latencyMs: database.latencyMs },
    worker: { status: workerStatus, liveWorkers: live, lastHeartbeatAt: last?.toISOString() ?? null },
  };
}
