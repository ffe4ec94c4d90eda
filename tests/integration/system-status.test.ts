import { shippedMigrations } from "../helpers/migration-count";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { purgeExpired, purgeExpiredJob } from "@/lib/server/jobs/purge-expired";
import { jobs } from "@/lib/server/jobs/registry";
import { DEFAULT_JOB_SETTINGS } from "@/lib/server/jobs/define-job";
import { getSystemStatus } from "@/lib/server/status/get-system-status";
import { getDatabaseStatus, getHealthReport, getQueueStatuses, getWorkerStatuses } from "@/lib/server/status/system-status";
import { findFreePort } from "../helpers/embedded-postgres";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let database: TestDatabase;
let db: Db;
const clock = fixedClock(NOW);
const ctx = () => ({ db, clock });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});
beforeEach(async () => {
  clock.set(NOW);
  await db.workerHeartbeat.deleteMany();
});

async function heartbeat(id: string, lastSeenAt: Date, stoppedAt: Date | null = null) {
  await db.workerHeartbeat.create({
    data: { id, hostname: `host-${id}`, pid: 1000, version: "1.0.0", startedAt: ago(2 * HOUR), lastSeenAt, stoppedAt },
  });
}

describe("database status", () => {
  it("reports the server version and the migrations applied", async () => {
    const status = await getDatabaseStatus(ctx());
    expect(status.ok).toBe(true);
    if (!status.ok) return;
    expect(status.serverVersion).toMatch(/^\d+(\.\d+)?/);
    expect(status.migrations).toBe(shippedMigrations.length);
    expect(status.latestMigration).toBe(shippedMigrations.at(-1));
    expect(status.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("says the database is down, without leaking the connection string, when it cannot be reached", async () => {
    const port = await findFreePort();
    const unreachable = createDb(`postgresql://authpulse:canary-db-pw-3f1e@127.0.0.1:${port}/authpulse`, { max: 1 });
    try {
      const status = await getSystemStatus({ db: unreachable, clock }, { staleSeconds: 30 });
      expect(status).toMatchObject({ checkedAt: NOW.toISOString(), database: { ok: false }, workers: [], queues: null });
      if (status.database.ok) return;
      // The reason, not Prisma's blank first line or its "Invalid invocation" header.
      expect(status.database.error).toContain(`Can't reach database server at 127.0.0.1:${port}`);
      expect(status.database.error.length).toBeLessThanOrEqual(200);
      expect(status.database.error).not.toContain("canary-db-pw-3f1e");

      const health = await getHealthReport({ db: unreachable, clock }, { staleSeconds: 30 });
      expect(health).toEqual({
        status: "down",
        checkedAt: NOW.toISOString(),
        database: { status: "down" },
        worker: { status: "none", liveWorkers: 0, lastHeartbeatAt: null },
      });
    } finally {
      await unreachable.$disconnect();
    }
  });
});

describe("worker status", () => {
  it("calls a worker live, stale or stopped by the age of its heartbeat, newest first", async () => {
    await heartbeat("live", ago(10_000));
    await heartbeat("edge", ago(30_000));
    await heartbeat("stale", ago(31_000));
    await heartbeat("stopped", ago(5_000), ago(5_000));
    await heartbeat("yesterday", ago(DAY + 1));
    const workers = await getWorkerStatuses(ctx(), { staleSeconds: 30 });
    expect(workers.map((w) => [w.id, w.state])).toEqual([
      ["stopped", "stopped"],
      ["live", "live"],
      ["edge", "live"],
      ["stale", "stale"],
    ]);
    expect(workers[1]).toMatchObject({ hostname: "host-live", pid: 1000, version: "1.0.0", lastSeenAt: ago(10_000) });
  });

  it("turns a live worker stale when the clock moves past the threshold without a heartbeat", async () => {
    await heartbeat("w1", NOW);
    expect((await getWorkerStatuses(ctx(), { staleSeconds: 30 }))[0]?.state).toBe("live");
    clock.advance(30_001);
    expect((await getWorkerStatuses(ctx(), { staleSeconds: 30 }))[0]?.state).toBe("stale");
  });

  it("reports health ok with a live worker, degraded with only stale or no workers", async () => {
    expect(await getHealthReport(ctx(), { staleSeconds: 30 })).toMatchObject({
      status: "degraded",
      database: { status: "ok" },
      worker: { status: "none", liveWorkers: 0, lastHeartbeatAt: null },
    });
    await heartbeat("stale", ago(60_000));
    expect((await getHealthReport(ctx(), { staleSeconds: 30 })).worker).toEqual({ status: "stale", liveWorkers: 0, lastHeartbeatAt: ago(60_000).toISOString() });
    await heartbeat("a", ago(1_000));
    await heartbeat("b", ago(2_000));
    const report = await getHealthReport(ctx(), { staleSeconds: 30 });
    expect(report).toMatchObject({ status: "ok", checkedAt: NOW.toISOString(), worker: { status: "ok", liveWorkers: 2, lastHeartbeatAt: ago(1_000).toISOString() } });
    expect(JSON.stringify(report)).not.toContain("host-");
  });

  it("shows no queues before any worker has created pg-boss's tables", async () => {
    expect(await getQueueStatuses(ctx())).toBeNull();
    await heartbeat("w1", NOW);
    const status = await getSystemStatus(ctx(), { staleSeconds: 30 });
    expect(status).toMatchObject({ checkedAt: NOW.toISOString(), database: { ok: true, migrations: shippedMigrations.length }, queues: null });
    expect(status.workers.map((w) => [w.id, w.state])).toEqual([["w1", "live"]]);
  });
});

describe("purgeExpired", () => {
  it("deletes only sessions, set-up links and heartbeats that can no longer matter", async () => {
    const user = await db.user.create({ data: { email: "purge@example.com", name: "Purge" } });
    const session = (id: string, expiresAt: Date, revokedAt: Date | null = null) =>
      db.session.create({ data: { id, userId: user.id, createdAt: ago(10 * DAY), lastSeenAt: ago(10 * DAY), expiresAt, revokedAt } });
    await session("s-expired-2d", ago(2 * DAY));
    await session("s-expired-1h", ago(HOUR));
    await session("s-revoked-2d", NOW, ago(2 * DAY));
    await session("s-revoked-1h", NOW, ago(HOUR));
    await session("s-live", new Date(NOW.getTime() + DAY));

    const token = (id: string, expiresAt: Date, usedAt: Date | null = null) =>
      db.setupToken.create({ data: { id, tokenHash: `hash-${id}`, expiresAt, usedAt } });
    await token("t-expired-8d", ago(8 * DAY));
    await token("t-used-8d", new Date(NOW.getTime() + DAY), ago(8 * DAY));
    await token("t-expired-6d", ago(6 * DAY));
    await token("t-used-6d", ago(6 * DAY + HOUR), ago(6 * DAY));

    await heartbeat("h-8d", ago(8 * DAY), ago(8 * DAY));
    await heartbeat("h-6d", ago(6 * DAY));

    const summary = await purgeExpired(ctx());
    expect(summary).toEqual({ sessions: 2, setupTokens: 2, heartbeats: 1, webhookReplayKeys: 0, webhookDeliveries: 0 });
    expect((await db.session.findMany({ orderBy: { id: "asc" } })).map((s) => s.id)).toEqual(["s-expired-1h", "s-live", "s-revoked-1h"]);
    expect((await db.setupToken.findMany({ orderBy: { id: "asc" } })).map((t) => t.id)).toEqual(["t-expired-6d", "t-used-6d"]);
    expect((await db.workerHeartbeat.findMany()).map((h) => h.id)).toEqual(["h-6d"]);

    // A day later the one-hour-old ones and the six-day-old ones have aged out too.
    clock.advance(DAY + 1);
    expect(await purgeExpired(ctx())).toEqual({ sessions: 2, setupTokens: 2, heartbeats: 1, webhookReplayKeys: 0, webhookDeliveries: 0 });
    expect((await db.session.findMany()).map((s) => s.id)).toEqual(["s-live"]);
    expect(await db.setupToken.count()).toBe(0);
  });

  it("runs every 15 minutes from the worker's registry and returns its summary", async () => {
    expect(jobs.map((j) => j.name)).toContain("maintenance.purge-expired");
    expect(purgeExpiredJob.schedule).toBe("*/15 * * * *");
    const summary = await purgeExpiredJob.handle({ ...ctx(), keyring: null, settings: DEFAULT_JOB_SETTINGS, log: (await import("@/lib/server/logger")).createLogger({ level: "silent" }) }, {});
    expect(summary).toEqual({ sessions: 0, setupTokens: 0, heartbeats: 0, webhookReplayKeys: 0, webhookDeliveries: 0 });
  });
});
