// SECURITY.md item 5 (and the rotation half of "OAuth client"): four real worker processes
// (bin/worker.ts) race over 1,000 due connections against the demo provider (oidc-provider), which
// rotates refresh tokens and revokes the whole grant when a consumed one is presented again. One
// double call would therefore show up twice: as a second call with the same refresh token, and
// as a revoked grant.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { demoClientIds, demoClients } from "@/lib/server/demo-provider/demo-clients";
import { startDemoProvider, type DemoProvider } from "@/lib/server/demo-provider/start-demo-provider";
import type { Keyring } from "@/lib/server/vault/keyring";
import { createUnboundedDemoAdapter, isGrantAlive, mintDemoGrants, type MintedDemoGrant } from "@/tests/helpers/demo-provider-grants";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { refreshWorkspace, seedConnections } from "../support/refresh-fixtures";
import { keyringOnDisk, percentile, printFigures, refreshTokenOf, startWorkers, stoppedStats, waitUntil, type GroupProcess } from "./support";

const CONNECTIONS = 1_000;
const WORKERS = 4;
const CONCURRENCY = 16;
const clientId = demoClientIds.basic; // client_secret_basic, refresh_token grant, offline_access
const clientSecret = randomBytes(32).toString("base64url");

// The slices of oidc-provider's objects read here (the library ships no types).
type TokenCtx = { oidc?: { params?: Record<string, unknown> } };
type OidcInstance = {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  RefreshToken: { find(value: string): Promise<{ consumed?: unknown; grantId?: string } | undefined> };
};

let database: TestDatabase;
let db: Db;
let keyring: Keyring;
let keyFile: string;
let keyDir: string;
let provider: DemoProvider;
let oidc: OidcInstance;
const workers: GroupProcess[] = [];

// What the provider saw, counted in-process from its own events.
const callsByToken = new Map<string, number>();
const successesByToken = new Map<string, number>();
const grantErrors: Array<{ refreshToken: string | null; detail: string }> = [];
const revokedGrantIds: string[] = [];
let tokenCalls = 0;

function presentedToken(ctx: unknown): string | null {
  const value = (ctx as TokenCtx | undefined)?.oidc?.params?.refresh_token;
  return typeof value === "string" ? value : null;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 10 });
  ({ keyring, file: keyFile, dir: keyDir } = keyringOnDisk());
  provider = await startDemoProvider({
    port: 0,
    clients: demoClients({ redirectUris: ["http://localhost:3000/api/oauth/callback"], clientSecret }),
    testing: { adapter: await createUnboundedDemoAdapter() },
  });
  vi.stubEnv("DEMO_PROVIDER_URL", provider.issuer);
  oidc = provider.testing!.provider as OidcInstance;
  oidc.on("grant.success", (ctx) => {
    tokenCalls += 1;
    const token = presentedToken(ctx);
    if (token === null) return;
    callsByToken.set(token, (callsByToken.get(token) ?? 0) + 1);
    successesByToken.set(token, (successesByToken.get(token) ?? 0) + 1);
  });
  oidc.on("grant.error", (ctx, error) => {
    tokenCalls += 1;
    const token = presentedToken(ctx);
    if (token !== null) callsByToken.set(token, (callsByToken.get(token) ?? 0) + 1);
    grantErrors.push({ refreshToken: token, detail: String((error as { error_detail?: unknown; message?: unknown })?.error_detail ?? (error as { message?: unknown })?.message) });
  });
  oidc.on("grant.revoked", (_ctx, grantId) => {
    revokedGrantIds.push(String(grantId));
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill9()));
  vi.unstubAllEnvs();
  await provider?.close();
  await db?.$disconnect();
  await database?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe("4 workers, 1,000 due connections, a provider with rotating refresh tokens that revokes the grant on reuse (oidc-provider)", () => {
  it("refreshes every connection with exactly one token call: no double call, no grant revoked, 1,000 success events", async () => {
    const { workspaceId, appId } = await refreshWorkspace({ db, clock: systemClock, keyring }, { clientId, clientSecret });

    const mintStarted = performance.now();
    const minted: MintedDemoGrant[] = await mintDemoGrants(provider, { clientId, count: CONNECTIONS });
    const mintMs = Math.round(performance.now() - mintStarted);
    const initialTokens = minted.map((grant) => grant.refreshToken);

    // Seeded not yet due, so that all four workers are up when the whole set comes due at once.
    const ids = await seedConnections({ db, clock: systemClock, keyring }, { workspaceId, appId, refreshTokens: initialTokens, dueAt: new Date(Date.now() + 3_600_000) });
    const initialById = new Map(ids.map((id, i) => [id, initialTokens[i]!]));

    const env = {
      DATABASE_URL: database.url,
      AUTHPULSE_MASTER_KEY_FILE: keyFile,
      DEMO_PROVIDER_URL: provider.issuer,
      REFRESH_CONCURRENCY: CONCURRENCY,
      REFRESH_LEASE_SECONDS: 60,
      REFRESH_TIMEOUT_SECONDS: 15,
      REFRESH_POLL_MS: 200,
      LOG_LEVEL: "info",
    };
    const { startupMs } = await startWorkers(env, WORKERS, workers);

    const dueAt = Date.now();
    await db.connection.updateMany({ where: { workspaceId }, data: { nextRefreshAt: new Date(dueAt) } });
    let samples = 0;
    const progress = await waitUntil(
      async () => {
        samples += 1;
        const [refreshed, broken] = await Promise.all([
          db.connection.count({ where: { workspaceId, health: "healthy", lastRefreshedAt: { not: null } } }),
          db.connection.count({ where: { workspaceId, health: { in: ["degraded", "needs_reauth", "config_error", "exhausted"] } } }),
        ]);
        return { refreshed, broken };
      },
      (value) => value.refreshed === CONNECTIONS || value.broken > 0,
      { timeoutMs: 240_000, intervalMs: 100, what: "every connection refreshed" },
    );
    const refreshWallMs = Date.now() - dueAt;

    const exits = await Promise.all(workers.map((worker) => worker.terminate()));
    const perWorker = workers.map((worker) => stoppedStats(worker));

    // The database side.
    const rows = await db.connection.findMany({ where: { workspaceId } });
    const healthCounts: Record<string, number> = {};
    for (const row of rows) healthCounts[row.health] = (healthCounts[row.health] ?? 0) + 1;
    const events = await db.authEvent.groupBy({ by: ["class"], where: { workspaceId }, _count: { _all: true } });
    const eventsByClass = Object.fromEntries(events.map((group) => [group.class, group._count._all]));
    const eventsPerConnection = await db.authEvent.groupBy({ by: ["connectionId"], where: { workspaceId }, _count: { _all: true } });
    const latencies = (await db.authEvent.findMany({ where: { workspaceId }, select: { latencyMs: true } })).flatMap((event) => (event.latencyMs === null ? [] : [event.latencyMs]));

    // The provider side: calls per refresh token (each initial token must have been presented once).
    const doubleCalls = initialTokens.filter((token) => (callsByToken.get(token) ?? 0) > 1).length;
    const neverCalled = initialTokens.filter((token) => (callsByToken.get(token) ?? 0) === 0).length;
    const initialSet = new Set(initialTokens);
    const otherTokensPresented = [...callsByToken.keys()].filter((token) => !initialSet.has(token)).length;
    let grantsAlive = 0;
    for (const grant of minted) if (await isGrantAlive(provider, { grantId: grant.grantId })) grantsAlive += 1;

    // Each connection holds a new, live (unconsumed) refresh token of its own grant.
    let rotatedAndLive = 0;
    const problems: string[] = [];
    const grantIdByInitial = new Map(minted.map((grant) => [grant.refreshToken, grant.grantId]));
    for (const row of rows) {
      const stored = refreshTokenOf(keyring, row);
      const initial = initialById.get(row.id)!;
      const found = await oidc.RefreshToken.find(stored);
      if (stored !== initial && found && !found.consumed && found.grantId === grantIdByInitial.get(initial)) rotatedAndLive += 1;
      else if (problems.length < 5) problems.push(`${row.id}: health ${row.health}, rotated ${stored !== initial}, live ${Boolean(found && !found.consumed)}`);
    }

    const fenced = perWorker.reduce((sum, stats) => sum + (stats?.fenced ?? 0), 0);
    printFigures("refresh-hard/race", {
      connections: CONNECTIONS,
      workers: WORKERS,
      concurrencyPerWorker: CONCURRENCY,
      mintMs,
      workerStartupMs: startupMs,
      refreshWallMs,
      refreshesPerSecond: Math.round((CONNECTIONS / refreshWallMs) * 1000),
      progressSamples: samples,
      lastProgress: progress,
      tokenCalls,
      doubleCalls,
      neverCalled,
      otherTokensPresented,
      grantErrors: grantErrors.length,
      grantErrorDetails: [...new Set(grantErrors.map((error) => error.detail))],
      grantsRevoked: revokedGrantIds.length,
      grantsAlive,
      rotatedAndLive,
      healthCounts,
      eventsByClass,
      connectionsWithEvents: eventsPerConnection.length,
      maxEventsPerConnection: Math.max(0, ...eventsPerConnection.map((group) => group._count._all)),
      tokenCallLatencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: percentile(latencies, 100) },
      perWorker,
      fenced,
      workerExits: exits.map((exit) => exit.code ?? exit.signal),
    });

    expect(progress).toEqual({ refreshed: CONNECTIONS, broken: 0 });
    expect(doubleCalls).toBe(0);
    expect(neverCalled).toBe(0);
    expect(tokenCalls).toBe(CONNECTIONS);
    expect(grantErrors).toEqual([]);
    expect(revokedGrantIds).toEqual([]);
    expect(grantsAlive).toBe(CONNECTIONS);
    expect(problems).toEqual([]);
    expect(rotatedAndLive).toBe(CONNECTIONS);
    expect(healthCounts).toEqual({ healthy: CONNECTIONS });
    expect(rows.every((row) => row.refreshLeaseOwner === null && row.refreshInFlightAt === null && row.refreshAttempt === 0)).toBe(true);
    expect(eventsByClass).toEqual({ success: CONNECTIONS });
    expect(eventsPerConnection.every((group) => group._count._all === 1)).toBe(true);
    expect(eventsPerConnection).toHaveLength(CONNECTIONS);
    // Every worker exited cleanly on SIGTERM and accounts for its share; together exactly 1,000 refreshes.
    expect(exits.map((exit) => exit.code)).toEqual(workers.map(() => 0));
    expect(perWorker.every((stats) => stats !== null)).toBe(true);
    expect(perWorker.reduce((sum, stats) => sum + (stats?.refreshed ?? 0), 0)).toBe(CONNECTIONS);
    expect(perWorker.reduce((sum, stats) => sum + (stats?.failed ?? 0) + (stats?.errors ?? 0), 0)).toBe(0);
  }, 420_000);
});
