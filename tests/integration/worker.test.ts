import { hostname } from "node:os";
import { Writable } from "node:stream";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { fixedClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { defineJob } from "@/lib/server/jobs/define-job";
import { jobs as registry } from "@/lib/server/jobs/registry";
import { PGBOSS_SCHEMA, runWorker, type RunningWorker } from "@/lib/server/jobs/run-worker";
import { createLogger } from "@/lib/server/logger";
import { getSystemStatus } from "@/lib/server/status/get-system-status";
import { getQueueStatuses, getWorkerStatuses } from "@/lib/server/status/system-status";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const START = new Date("2026-03-10T12:00:00.000Z");

let database: TestDatabase;
let db: Db;
let worker: RunningWorker | undefined;
let sender: PgBoss | undefined;
const clock = fixedClock(START);
const ctx = () => ({ db, clock });
const logLines: string[] = [];
const handled: number[] = [];

const echoJob = defineJob({
  name: "test.echo",
  payload: z.object({ n: z.number() }),
  handle: async (_ctx, payload) => {
    handled.push(payload.n);
    return { n: payload.n };
  },
});

/** Polls `read` until `accept` holds (the worker runs on real timers), or fails with the last value. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await sender?.stop({ graceful: false, timeout: 1_000 }).catch(() => undefined);
  await worker?.stop().catch(() => undefined);
  await db?.$disconnect();
  await database?.drop();
});

describe("worker", () => {
  it("has no queues to show before the first worker starts", async () => {
    expect(await getQueueStatuses(ctx())).toBeNull();
    expect(await db.workerHeartbeat.count()).toBe(0);
  });

  it("records a heartbeat on start and keeps it moving with the clock", async () => {
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(...String(chunk).split("\n").filter(Boolean));
        callback();
      },
    });
    worker = await runWorker({
      db,
      clock,
      log: createLogger({ destination, level: "info" }),
      connectionString: database.url,
      jobs: [...registry, echoJob],
      heartbeatSeconds: 0.5,
      version: "9.9.9-test",
    });
    const row = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: worker.identity.id } });
    expect(row).toMatchObject({ hostname: hostname(), pid: process.pid, version: "9.9.9-test", startedAt: START, lastSeenAt: START, stoppedAt: null });

    clock.advance(10_000);
    const moved = await eventually(
      () => db.workerHeartbeat.findUniqueOrThrow({ where: { id: worker!.identity.id } }),
      (r) => r.lastSeenAt.getTime() === START.getTime() + 10_000,
    );
    expect(moved.startedAt).toEqual(START);
    expect((await getWorkerStatuses(ctx(), { staleSeconds: 5 })).map((w) => [w.id, w.state])).toEqual([[worker.identity.id, "live"]]);
    expect(logLines.some((line) => JSON.parse(line).msg === "worker started")).toBe(true);
  });

  it("creates a queue per job and counts waiting jobs on the Status page", async () => {
    sender = new PgBoss({ connectionString: database.url, schema: PGBOSS_SCHEMA, supervise: false, schedule: false, migrate: false, max: 2 });
    await sender.start();
    await sender.createQueue("test.idle");
    await sender.send("test.idle", { i: 1 });
    await sender.send("test.idle", { i: 2 });
    await sender.send("test.idle", { i: 3 }, { startAfter: 3600 });

    const queues = await getQueueStatuses(ctx());
    expect(queues?.map((q) => q.name)).toEqual([...registry.map((j) => j.name), "test.echo", "test.idle"].sort());
    expect(queues?.find((q) => q.name === "test.idle")).toEqual({ name: "test.idle", queued: 2, active: 0, retrying: 0, failed24h: 0, lastCompletedAt: null });

    const status = await getSystemStatus(ctx(), { staleSeconds: 5 });
    expect(status.database.ok).toBe(true);
    expect(status.queues?.find((q) => q.name === "test.idle")?.queued).toBe(2);
    expect(status.workers).toHaveLength(1);
  });

  it("runs a job sent to a worker's queue and shows when it last completed", async () => {
    await sender!.send("test.echo", { n: 7 });
    await eventually(async () => handled, (list) => list.includes(7));
    const echo = await eventually(
      async () => (await getQueueStatuses(ctx()))?.find((q) => q.name === "test.echo"),
      (q) => q?.lastCompletedAt != null,
    );
    expect(echo).toMatchObject({ name: "test.echo", queued: 0, active: 0, failed24h: 0 });
    const completed = logLines.map((line) => JSON.parse(line)).find((entry) => entry.msg === "job completed" && entry.job === "test.echo");
    expect(completed).toMatchObject({ job: "test.echo", summary: { n: 7 } });
  });

  it("marks itself stopped on shutdown and stops beating", async () => {
    clock.advance(5_000);
    const stoppingAt = clock.now();
    await worker!.stop();
    const row = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: worker!.identity.id } });
    expect(row.stoppedAt).toEqual(stoppingAt);
    expect((await getWorkerStatuses(ctx(), { staleSeconds: 5 })).map((w) => w.state)).toEqual(["stopped"]);

    // No heartbeat after stop could flip it back to live.
    clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await db.workerHeartbeat.findUniqueOrThrow({ where: { id: worker!.identity.id } });
    expect(later.stoppedAt).toEqual(stoppingAt);
    expect(later.lastSeenAt.getTime()).toBeLessThanOrEqual(stoppingAt.getTime());
    expect(logLines.some((line) => JSON.parse(line).msg === "worker stopped")).toBe(true);
    worker = undefined;
  });
});
