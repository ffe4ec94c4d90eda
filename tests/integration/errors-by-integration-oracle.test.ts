// Errors by integration against a direct count over the raw events: random events (with and without
// a connection, every class, 15 days back) must give, for every row returned, the same count, per-class
// counts, previous-period count, last seen and first hour, in the screen's order, with the same totals,
// whatever the range, filter or limit.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HOUR, fixedClock } from "@/lib/clock";
import { ERROR_CLASSES, errorWindow, type ErrorRange } from "@/lib/dashboard/error-range";
import type { DashboardFilters } from "@/lib/dashboard/filters";
import { createDb, type Db } from "@/lib/server/db";
import { getErrorsByIntegration, type IntegrationErrors } from "@/lib/server/dashboard/errors/get-errors-by-integration";
import type { AuthEventClass } from "@/lib/server/generated/prisma/enums";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

let database: TestDatabase;
let db: Db;
const clock = fixedClock("2026-12-07T10:20:00.000Z");
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const CLASSES: AuthEventClass[] = [...ERROR_CLASSES, "success", "recovered"];
const ERRORS = new Set<string>(ERROR_CLASSES);

type RawEvent = { connectionId: string | null; providerKey: string; class: AuthEventClass; occurredAt: Date };
let ws: string;
let events: RawEvent[] = [];
const environments = new Map<string, string>();

// A small deterministic generator so a failure can be replayed.
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 4 });
  vi.stubEnv("DEMO_PROVIDER_URL", "http://127.0.0.1:9");
  const a = await refreshWorkspace({ db, clock, keyring }, { clientId: "c", clientSecret: "s" });
  const other = await refreshWorkspace({ db, clock, keyring }, { clientId: "c", clientSecret: "s" });
  ws = a.workspaceId;
  const ids = await seedConnections({ db, clock, keyring }, { workspaceId: ws, appId: a.appId, refreshTokens: Array.from({ length: 12 }, (_, i) => `r${i}`) });
  const [foreign] = await seedConnections({ db, clock, keyring }, { workspaceId: other.workspaceId, appId: other.appId, refreshTokens: ["x"] });
  for (const [i, id] of ids.entries()) {
    const environment = i % 3 === 0 ? "staging" : "prod";
    environments.set(id, environment);
    await db.connection.update({ where: { id }, data: { environment } });
  }
  const next = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const now = clock.now().getTime();
  events = Array.from({ length: 1500 }, (): RawEvent => {
    const withConnection = next() < 0.8;
    // Skewed towards a few connections, so counts differ and the limit cuts through them.
    const connectionId = withConnection ? ids[Math.floor(next() ** 2 * ids.length)]! : null;
    return {
      connectionId,
      providerKey: connectionId ? "authpulse-demo" : pick(["hubspot", "stripe"]),
      class: next() < 0.3 ? pick(["success", "recovered"] as const) : pick(CLASSES),
      occurredAt: new Date(now - Math.floor(next() * 15 * 24 * HOUR)),
    };
  });
  await db.authEvent.createMany({ data: events.map((e) => ({ workspaceId: ws, source: e.connectionId ? "refresh" : "ingested", ...e })) });
  // Another workspace's errors on the same hours never count.
  await db.authEvent.createMany({ data: events.slice(0, 200).map((e) => ({ workspaceId: other.workspaceId, connectionId: foreign!, providerKey: "authpulse-demo", source: "refresh", class: e.class, occurredAt: e.occurredAt })) });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db?.$disconnect();
  await database?.drop();
});

type Expected = { key: string; count: number; previousCount: number; lastSeenAt: Date; firstHourAt: Date; classes: Record<string, number>; recent: boolean };

/** The by-integration rows computed from the raw events, in the screen's order (ties in any order). */
function oracle(range: ErrorRange, filters: DashboardFilters): Expected[] {
  const now = clock.now();
  const window = errorWindow(range, now, "1h");
  const dayAgo = now.getTime() - 24 * HOUR;
  const groups = new Map<string, Expected>();
  for (const e of events) {
    if (!ERRORS.has(e.class)) continue;
    if (filters.env && (!e.connectionId || environments.get(e.connectionId) !== filters.env)) continue;
    if (filters.provider && e.providerKey !== filters.provider) continue;
    const key = `${e.connectionId ?? ""}|${e.providerKey}`;
    const t = e.occurredAt.getTime();
    if (t < window.previousFrom.getTime() || t >= window.to.getTime()) continue;
    const g = groups.get(key) ?? { key, count: 0, previousCount: 0, lastSeenAt: new Date(0), firstHourAt: new Date(8.64e15), classes: {}, recent: false };
    groups.set(key, g);
    if (t < window.from.getTime()) {
      g.previousCount += 1;
      continue;
    }
    g.count += 1;
    g.classes[e.class] = (g.classes[e.class] ?? 0) + 1;
    if (t > g.lastSeenAt.getTime()) g.lastSeenAt = e.occurredAt;
    const hour = new Date(Math.floor(t / HOUR) * HOUR);
    if (hour < g.firstHourAt) g.firstHourAt = hour;
    g.recent = g.lastSeenAt.getTime() >= dayAgo;
  }
  return [...groups.values()].filter((g) => g.count > 0).sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
}

const sortKey = (row: { recent: boolean; count: number; lastSeenAt: Date }) => `${row.recent ? 1 : 0}|${String(row.count).padStart(6, "0")}|${row.lastSeenAt.toISOString()}`;
const keyOf = (row: IntegrationErrors) => `${row.connectionId ?? ""}|${row.providerKey ?? ""}`;

describe("errors by integration equals a direct count over the raw events", () => {
  const cases: { range: ErrorRange; filters: DashboardFilters; limit?: number }[] = [
    { range: "24h", filters: {} },
    { range: "7d", filters: {} },
    { range: "7d", filters: {}, limit: 5 },
    { range: "7d", filters: { env: "staging" } },
    { range: "7d", filters: { env: "prod" }, limit: 3 },
    { range: "24h", filters: { provider: "hubspot" } },
  ];
  it.each(cases)("range $range, filters $filters, limit $limit", async ({ range, filters, limit }) => {
    const expected = oracle(range, filters);
    expect(expected.length).toBeGreaterThan(limit ?? 0); // the data exercises the case
    const result = await getErrorsByIntegration({ db, clock }, { workspaceId: ws, filters, range, ...(limit ? { limit } : {}) });
    expect(result.summary.integrations).toBe(expected.length);
    expect(result.summary.totalErrors).toBe(expected.reduce((sum, g) => sum + g.count, 0));
    expect(result.rows).toHaveLength(Math.min(limit ?? Infinity, expected.length));
    expect(result.truncated).toBe(result.rows.length < expected.length);
    // The rows shown are the first ones in the screen's order (any order among equal keys at the cut).
    expect(result.rows.map((r) => sortKey({ recent: r.erroringLast24h, count: r.count, lastSeenAt: r.lastSeenAt }))).toEqual(expected.slice(0, result.rows.length).map(sortKey));
    const byKey = new Map(expected.map((g) => [g.key, g]));
    for (const row of result.rows) {
      const g = byKey.get(keyOf(row));
      expect(g, keyOf(row)).toBeDefined();
      expect({ count: row.count, previousCount: row.previousCount, lastSeenAt: row.lastSeenAt, firstHourAt: row.firstHourAt, classes: row.classes }).toEqual({
        count: g!.count,
        previousCount: g!.previousCount,
        lastSeenAt: g!.lastSeenAt,
        firstHourAt: g!.firstHourAt,
        classes: g!.classes,
      });
      if (row.connectionId) expect(row.environment).toBe(environments.get(row.connectionId));
    }
  });
});
