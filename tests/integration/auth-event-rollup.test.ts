// The hourly rollup (auth_event_hourly) is kept by triggers on auth_events: after random inserts,
// multi-row inserts, deletes, connection deletions and prunes it equals a GROUP BY over the raw events.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DAY, HOUR, fixedClock } from "@/lib/clock";
import { pruneAuthEvents } from "@/lib/server/auth-events/prune-auth-events";
import { createDb, type Db } from "@/lib/server/db";
import type { AuthEventClass } from "@/lib/server/generated/prisma/enums";
import { createLogger } from "@/lib/server/logger";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

const CLASSES: AuthEventClass[] = ["success", "rate_limited", "unauthorized", "needs_reauth", "provider_unavailable", "permission", "network"];
const SEED = Number(process.env.ROLLUP_SEED ?? 7);

/** Small deterministic PRNG (mulberry32) so a failure can be replayed with ROLLUP_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let database: TestDatabase;
let db: Db;
const clock = fixedClock("2026-12-07T10:20:30.000Z");
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const workspaces: { id: string; connections: string[] }[] = [];
const random = prng(SEED);
const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

type Row = { workspace_id: string; hour: string; connection_id: string; provider_key: string; class: string; n: number; last_at: string };

async function rollup(): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT workspace_id, hour::text AS hour, connection_id, provider_key, class::text AS class, count AS n, last_at::text AS last_at
    FROM auth_event_hourly ORDER BY 1, 2, 3, 4, 5`;
}

async function directCount(): Promise<Row[]> {
  return db.$queryRaw<Row[]>`
    SELECT workspace_id, date_trunc('hour', occurred_at, 'UTC')::text AS hour, COALESCE(connection_id, '') AS connection_id,
           COALESCE(provider_key, '') AS provider_key, class::text AS class, count(*)::int AS n, max(occurred_at)::text AS last_at
    FROM auth_events GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}

function randomEvent() {
  const ws = pick(workspaces);
  const connectionId = random() < 0.15 ? null : pick(ws.connections);
  const occurredAt = new Date(clock.now().getTime() - Math.floor(random() * 100 * DAY));
  return {
    workspaceId: ws.id,
    connectionId,
    providerKey: connectionId ? "authpulse-demo" : random() < 0.5 ? "hubspot" : null,
    source: pick(["refresh", "proxy", "ingested"] as const),
    class: pick(CLASSES),
    httpStatus: pick([null, 401, 403, 429, 500]),
    occurredAt,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 4 });
  vi.stubEnv("DEMO_PROVIDER_URL", "http://127.0.0.1:9");
  for (let w = 0; w < 3; w++) {
    const { workspaceId, appId } = await refreshWorkspace({ db, clock, keyring }, { clientId: "c", clientSecret: "s" });
    const connections = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: ["a", "b", "c", "d", "e"].map((t) => `${t}-${w}`) });
    workspaces.push({ id: workspaceId, connections });
  }
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db?.$disconnect();
  await database?.drop();
});

describe("the hourly auth-event rollup", () => {
  it(`equals a direct GROUP BY after random inserts, deletes, connection deletions and prunes (seed ${SEED})`, async () => {
    const ctx = { db, clock, keyring, log: createLogger({ level: "silent" }) };
    for (let step = 0; step < 40; step++) {
      const op = random();
      if (op < 0.45) {
        await db.authEvent.createMany({ data: Array.from({ length: 1 + Math.floor(random() * 60) }, randomEvent) });
      } else if (op < 0.6) {
        await db.authEvent.create({ data: randomEvent() });
      } else if (op < 0.7) {
        // A session in another time zone still buckets by UTC hour.
        const e = randomEvent();
        await db.$transaction([
          db.$executeRawUnsafe("SET LOCAL TimeZone = 'Asia/Kolkata'"),
          db.$executeRaw`INSERT INTO auth_events (workspace_id, connection_id, provider_key, source, class, occurred_at)
            VALUES (${e.workspaceId}, ${e.connectionId}, ${e.providerKey}, 'ingested', ${e.class}::"AuthEventClass", ${e.occurredAt})`,
        ]);
      } else if (op < 0.8) {
        await db.authEvent.deleteMany({ where: { class: pick(CLASSES), workspaceId: pick(workspaces).id } });
      } else if (op < 0.85) {
        await db.$executeRaw`UPDATE auth_events SET class = 'unknown' WHERE id IN (SELECT id FROM auth_events ORDER BY random() LIMIT 5)`;
      } else if (op < 0.9) {
        const ws = pick(workspaces);
        if (ws.connections.length > 1) {
          const gone = ws.connections.pop()!;
          await db.connection.delete({ where: { id: gone } }); // events keep a NULL connection_id
        }
      } else {
        clock.advance(Math.floor(random() * 5 * DAY));
        const result = await pruneAuthEvents(ctx, { retentionDays: 90 });
        expect(new Date(result.cutoff).getTime() % HOUR).toBe(0);
      }
      expect(await rollup(), `after step ${step}`).toEqual(await directCount());
    }
    expect((await rollup()).length).toBeGreaterThan(50);
  });

  it("prunes whole hours: the rollup keeps no row older than the cutoff and the hour at the cutoff stays whole", async () => {
    const ws = workspaces[0]!;
    await db.authEvent.deleteMany();
    const now = clock.now().getTime();
    const cutoffHour = Math.floor((now - 90 * DAY) / HOUR) * HOUR;
    const at = [cutoffHour - 1, cutoffHour, cutoffHour + 1, cutoffHour + HOUR + 5];
    await db.authEvent.createMany({ data: at.map((t) => ({ workspaceId: ws.id, source: "refresh" as const, class: "network" as const, occurredAt: new Date(t) })) });
    const ctx = { db, clock, keyring, log: createLogger({ level: "silent" }) };
    expect(await pruneAuthEvents(ctx, { retentionDays: 90 })).toMatchObject({ deleted: 1, cutoff: new Date(cutoffHour).toISOString(), rollupRowsSwept: 0 });
    const rows = await rollup();
    expect(rows.map((r) => r.n)).toEqual([2, 1]);
    expect(rows).toEqual(await directCount());
  });

  it("truncating auth_events empties the rollup", async () => {
    await db.authEvent.create({ data: randomEvent() });
    await db.$executeRawUnsafe("TRUNCATE auth_events");
    expect(await rollup()).toEqual([]);
  });
});
