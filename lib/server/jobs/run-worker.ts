import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import PgBoss from "pg-boss";
import type { Logger } from "pino";
import type { Clock } from "@/lib/clock";
import type { Db } from "../db";
import { startRefreshLoop, type RefreshLoop } from "../refresh/refresh-loop";
import { ResolveCache } from "../refresh/token-source";
import type { Keyring } from "../vault/keyring";
import { DEFAULT_JOB_SETTINGS, type JobDefinition, type JobSettings } from "./define-job";
import { withQueueSetupLock } from "./queue-setup-lock";
import { recordHeartbeat, recordWorkerStopped, type WorkerIdentity } from "./heartbeat";

export const PGBOSS_SCHEMA = "pgboss";

export type WorkerOptions = {
  db: Db;
  clock: Clock;
  log: Logger;
  connectionString: string;
  jobs: JobDefinition[];
  heartbeatSeconds: number;
  version: string;
  /** Opens sealed values for jobs that need it (alert channels); the refresh loop's keyring is used when omitted. */
  keyring?: Keyring;
  settings?: Partial<JobSettings>;
  /** The token refresh loop; omitted, the worker runs only its scheduled jobs. */
  refresh?: { keyring: Keyring; concurrency: number; leaseMs: number; pollMs: number; timeoutMs: number };
};

export type RunningWorker = { identity: WorkerIdentity; refresh: RefreshLoop | null; stop: () => Promise<void> };

/** Creates each job's queue and schedule (workers take turns: see withQueueSetupLock), then takes work. Returns the interval timers. */
async function registerJobs(boss: PgBoss, options: WorkerOptions): Promise<NodeJS.Timeout[]> {
  const { db, clock, log } = options;
  const settings: JobSettings = { ...DEFAULT_JOB_SETTINGS, ...options.settings };
  const keyring = options.keyring ?? options.refresh?.keyring ?? null;
  await withQueueSetupLock(options.connectionString, async () => {
    for (const job of options.jobs) {
      await boss.createQueue(job.name);
      if (job.schedule) await boss.schedule(job.name, job.schedule, {}, { retryLimit: job.retryLimit ?? 2, tz: "UTC" });
    }
  });
  for (const job of options.jobs) {
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: 2 }, async (batch) => {
      for (const item of batch) {
        const payload = job.payload.parse(item.data ?? {});
        const summary = await job.handle({ db, clock, log: log.child({ job: job.name }), keyring, settings }, payload);
        // Frequent jobs would flood the log at info: a run that changed nothing logs at debug.
        log[job.isQuiet?.(summary) ? "debug" : "info"]({ job: job.name, jobId: item.id, summary }, "job completed");
      }
    });
  }
  // Sub-minute jobs: every worker enqueues a tick; singletonSeconds keeps one job per interval across workers.
  return options.jobs.flatMap((job) => {
    if (!job.everySeconds) return [];
    const seconds = job.everySeconds(settings);
    const enqueue = () => void boss.send(job.name, {}, { singletonSeconds: seconds, retryLimit: 0, expireInSeconds: Math.max(60, seconds * 4) }).catch((error: Error) => log.warn({ job: job.name, err: { message: error.message } }, "could not enqueue job"));
    enqueue();
    return [setInterval(enqueue, seconds * 1000)];
  });
}

/** Starts pg-boss, registers every job and schedule, and beats the heartbeat until stopped. */
export async function runWorker(options: WorkerOptions): Promise<RunningWorker> {
  const { db, clock, log } = options;
  const ctx = { db, clock };
  const identity: WorkerIdentity = { id: randomUUID(), hostname: hostname(), pid: process.pid, version: options.version, startedAt: clock.now() };
  const boss = new PgBoss({ connectionString: options.connectionString, schema: PGBOSS_SCHEMA, max: 4 });
  boss.on("error", (error: Error) => log.error({ err: { message: error.message } }, "pg-boss error"));
  await boss.start();
  let intervals: NodeJS.Timeout[] = [];
  try {
    intervals = await registerJobs(boss, options);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw error;
  }

  await recordHeartbeat(ctx, identity);
  let beating = Promise.resolve();
  const timer = setInterval(() => {
    beating = recordHeartbeat(ctx, identity).catch((error: Error) => log.warn({ err: { message: error.message } }, "heartbeat failed"));
  }, options.heartbeatSeconds * 1000);
  const refresh = options.refresh
    ? startRefreshLoop({
        ctx: { db, clock, keyring: options.refresh.keyring, timeoutMs: options.refresh.timeoutMs, cache: new ResolveCache(), log: log.child({ loop: "refresh" }) },
        owner: identity.id,
        concurrency: options.refresh.concurrency,
        leaseMs: options.refresh.leaseMs,
        idlePollMs: options.refresh.pollMs,
        log: log.child({ loop: "refresh" }),
      })
    : null;
  log.info({ workerId: identity.id, jobs: options.jobs.map((j) => j.name), refresh: options.refresh ? { concurrency: options.refresh.concurrency } : false }, "worker started");

  return {
    identity,
    refresh,
    stop: async () => {
      // First the refresh loop: no new claims, in-flight attempts call and commit (SIGTERM finishes commits).
      if (refresh) {
        await refresh.stop();
        log.info({ refresh: refresh.stats() }, "refresh loop stopped");
      }
      clearInterval(timer);
      for (const interval of intervals) clearInterval(interval);
      await beating;
      // Finish in-flight jobs, take no new ones.
      await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
      await recordWorkerStopped(ctx, identity.id).catch(() => undefined);
      log.info({ workerId: identity.id }, "worker stopped");
    },
  };
}
