// "Run several workers for more throughput" (bin/worker.ts): several worker processes started at the
// same time against a fresh database must all come up. Found while writing race.test.ts and
// fault-injection.test.ts: a worker started alongside others sometimes exits at once with
// "worker failed to start … deadlock detected" from pg-boss's createQueue (runWorker creates every
// job's queue at start; on a fresh database concurrent create_queue calls — each inserting into
// pgboss.queue, creating a partition table with a foreign key to pgboss.queue and attaching it to
// pgboss.job — deadlock).
import { rmSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@/lib/clock";
import { createDb } from "@/lib/server/db";
import { jobs } from "@/lib/server/jobs/registry";
import { runWorker, type RunningWorker } from "@/lib/server/jobs/run-worker";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { keyringOnDisk, printFigures, sleep, spawnWorker, type GroupProcess } from "./support";

const ROUNDS = 4;
const IN_PROCESS_ROUNDS = 5;
const WORKERS = 4;

let keyFile: string;
let keyDir: string;
const databases: TestDatabase[] = [];
const workers: GroupProcess[] = [];

beforeAll(() => {
  ({ file: keyFile, dir: keyDir } = keyringOnDisk());
});

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill9()));
  for (const database of databases) await database.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

/** Waits until the worker logged "worker started" (→ ms since spawn) or exited (→ its fatal message). */
async function startOutcome(worker: GroupProcess, timeoutMs: number): Promise<{ started: true; ms: number } | { started: false; error: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.logs().some((line) => line.msg === "worker started")) return { started: true, ms: Date.now() - worker.spawnedAt };
    if (!worker.alive) {
      const fatal = worker.logs().find((line) => line.level === 60);
      const err = fatal?.err as { message?: string } | undefined;
      return { started: false, error: `${String(fatal?.msg ?? "exited")}: ${err?.message ?? worker.tail(3)}` };
    }
    await sleep(25);
  }
  return { started: false, error: `no "worker started" within ${timeoutMs} ms` };
}

describe("several bin/worker.ts processes started at once on a fresh database", () => {
  it(`all come up: ${WORKERS} workers at once, ${ROUNDS} fresh databases`, async () => {
    const rounds: Array<{ started: number; failed: string[]; startupMs: number[] }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const database = await createTestDatabase();
      databases.push(database);
      const env = {
        DATABASE_URL: database.url,
        AUTHPULSE_MASTER_KEY_FILE: keyFile,
        DEMO_PROVIDER_URL: "http://127.0.0.1:9",
        REFRESH_CONCURRENCY: 4,
        REFRESH_LEASE_SECONDS: 60,
        REFRESH_TIMEOUT_SECONDS: 15,
        REFRESH_POLL_MS: 1000,
        LOG_LEVEL: "info",
      };
      const mine = Array.from({ length: WORKERS }, () => spawnWorker(env));
      workers.push(...mine);
      const outcomes = await Promise.all(mine.map((worker) => startOutcome(worker, 90_000)));
      await Promise.all(mine.map((worker) => worker.terminate()));
      rounds.push({
        started: outcomes.filter((o) => o.started).length,
        failed: outcomes.flatMap((o) => (o.started ? [] : [o.error])),
        startupMs: outcomes.flatMap((o) => (o.started ? [o.ms] : [])),
      });
    }
    const failed = rounds.flatMap((r) => r.failed);
    printFigures("refresh-hard/worker-startup", { rounds: ROUNDS, workersPerRound: WORKERS, started: rounds.map((r) => r.started), failedToStart: failed.length, errors: [...new Set(failed)], startupMs: rounds.map((r) => r.startupMs) });
    expect(failed).toEqual([]);
  }, 300_000);

  // The same start path without tsx's ±1 s start-up jitter: runWorker (what bin/worker.ts calls) four times at once, one process.
  it(`all come up: runWorker ×${WORKERS} at once in one process, ${IN_PROCESS_ROUNDS} fresh databases`, async () => {
    const errors: string[] = [];
    const started: number[] = [];
    for (let round = 0; round < IN_PROCESS_ROUNDS; round++) {
      const database = await createTestDatabase();
      databases.push(database);
      const db = createDb(database.url, { max: 4 });
      const results = await Promise.allSettled(
        Array.from({ length: WORKERS }, () => runWorker({ db, clock: systemClock, log: pino({ level: "silent" }), connectionString: database.url, jobs, heartbeatSeconds: 5, version: "test" })),
      );
      const running = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      errors.push(...results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.message ?? r.reason)] : [])));
      started.push(running.length);
      await Promise.all(running.map((w: RunningWorker) => w.stop()));
      await db.$disconnect();
    }
    printFigures("refresh-hard/worker-startup/in-process", { rounds: IN_PROCESS_ROUNDS, workersPerRound: WORKERS, started, failedToStart: errors.length, errors: [...new Set(errors)] });
    expect(errors).toEqual([]);
  }, 300_000);
});
