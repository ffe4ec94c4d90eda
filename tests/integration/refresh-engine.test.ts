// The refresh engine against a real Postgres and a local OAuth token endpoint (SECURITY.md 3–8).
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fixedClock, MINUTE, SECOND } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { claimConnection, claimDueConnections } from "@/lib/server/refresh/claim";
import { REFRESH_RESPONSE_LOST_REASON } from "@/lib/server/refresh/plan-outcome";
import { runClaimedRefresh, type RefreshEngineContext } from "@/lib/server/refresh/refresh-connection";
import { startRefreshLoop } from "@/lib/server/refresh/refresh-loop";
import { aadFor } from "@/lib/server/vault/aad";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { startTokenServer, type TokenServer } from "../helpers/token-server";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

const CLIENT = { clientId: "engine-client", clientSecret: "engine-secret-canary-3f9a" };
const LEASE = 30 * SECOND;
const log = pino({ level: "silent" });
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");

let database: TestDatabase;
let db: Db;
let server: TokenServer;
let clock: ReturnType<typeof fixedClock>;
let ctx: RefreshEngineContext;
let workspaceId: string;
let appId: string;

async function connection(id: string) {
  return db.connection.findUniqueOrThrow({ where: { id } });
}
function refreshTokenOf(row: { id: string; refreshTokenSealed: string | null }) {
  return open(keyring, row.refreshTokenSealed!, aadFor("connection", row.id, "refresh_token"));
}
function accessTokenOf(row: { id: string; accessTokenSealed: string | null }) {
  return open(keyring, row.accessTokenSealed!, aadFor("connection", row.id, "access_token"));
}
async function claimOne(owner = "w1") {
  const [claim] = await claimDueConnections(db, { owner, now: clock.now(), limit: 1, leaseMs: LEASE });
  if (!claim) throw new Error("nothing due");
  return claim;
}
async function seed(count = 1, options: Parameters<typeof startTokenServer>[0] = {}) {
  await server.close();
  server = await startTokenServer({ ...CLIENT, ...options });
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  const tokens = Array.from({ length: count }, () => server.issueGrant());
  const ids = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: tokens });
  return { ids, tokens };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 20 });
  server = await startTokenServer(CLIENT);
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  clock = fixedClock(new Date());
  ctx = { db, clock, keyring, log, timeoutMs: 2000 };
  ({ workspaceId, appId } = await refreshWorkspace({ db, clock, keyring }, CLIENT));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
  await db.$disconnect();
  await database.drop();
});

beforeEach(async () => {
  clock.set(new Date());
  await db.authEvent.deleteMany();
  await db.connection.deleteMany();
});

describe("a due connection", () => {
  it("is refreshed once: new sealed tokens, the rotated refresh token committed, next run at 80% of the lifetime, a success event", async () => {
    const { ids, tokens } = await seed(1, { accessTokenLifetimeSeconds: 3600 });
    const claim = await claimOne();
    expect(claim).toMatchObject({ connectionId: ids[0], fence: 1, recovering: false, refreshAttempt: 0 });
    const outcome = await runClaimedRefresh(ctx, claim);
    expect(outcome.result).toBe("refreshed");

    const row = await connection(ids[0]!);
    const grant = server.grantOf(tokens[0]!)!;
    expect(grant).toMatchObject({ calls: 1, refreshes: 1, revoked: false });
    expect(refreshTokenOf(row)).toBe(grant.currentRefreshToken);
    expect(server.isAccessTokenValid(accessTokenOf(row))).toBe(true);
    expect(row.refreshTokenSealed).not.toContain(grant.currentRefreshToken);
    expect(row).toMatchObject({ health: "healthy", refreshAttempt: 0, refreshLeaseOwner: null, refreshInFlightAt: null, refreshLeaseUntil: null, status: "active" });
    const now = clock.now().getTime();
    expect(row.accessTokenExpiresAt!.getTime()).toBe(now + 3600 * SECOND);
    expect(row.nextRefreshAt!.getTime()).toBe(now + 0.8 * 3600 * SECOND);
    expect(row.hardDeadlineAt).not.toBeNull();

    const events = await db.authEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "refresh", class: "success", httpStatus: 200, attempt: 1, healthAfter: "healthy", connectionId: ids[0] });
  });

  it("keeps the old refresh token when the response carries none (RFC 6749 §6)", async () => {
    const { ids, tokens } = await seed(1, { rotateRefreshTokens: false });
    await runClaimedRefresh(ctx, await claimOne());
    const row = await connection(ids[0]!);
    expect(refreshTokenOf(row)).toBe(tokens[0]);
    expect(server.grantOf(tokens[0]!)).toMatchObject({ calls: 1, refreshes: 1 });
  });

  it("is not due before its time, and claiming costs nothing when nothing is due", async () => {
    await seed(3);
    await db.connection.updateMany({ data: { nextRefreshAt: new Date(clock.now().getTime() + MINUTE) } });
    expect(await claimDueConnections(db, { owner: "w1", now: clock.now(), limit: 10, leaseMs: LEASE })).toEqual([]);
    clock.advance(MINUTE);
    expect(await claimDueConnections(db, { owner: "w1", now: clock.now(), limit: 10, leaseMs: LEASE })).toHaveLength(3);
  });
});

describe("failures, classified by the one taxonomy", () => {
  it("invalid_grant → needs re-auth once, nothing scheduled, no retry loop", async () => {
    const { ids, tokens } = await seed(1);
    server.failNext("invalid_grant");
    const outcome = await runClaimedRefresh(ctx, await claimOne());
    expect(outcome.result).toBe("failed");
    const row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "needs_reauth", status: "needs_reauth", nextRefreshAt: null, lastRefreshError: "needs_reauth" });
    clock.advance(7 * 24 * 60 * MINUTE);
    expect(await claimDueConnections(db, { owner: "w1", now: clock.now(), limit: 10, leaseMs: LEASE })).toEqual([]);
    expect(server.callsFor(tokens[0]!)).toBe(1);
    const events = await db.authEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ class: "needs_reauth", oauthError: "invalid_grant", httpStatus: 400, action: "stop_and_alert" });
  });

  it("invalid_client → configuration error, not needs re-auth", async () => {
    const { ids } = await seed(1);
    server.failNext("invalid_client");
    await runClaimedRefresh(ctx, await claimOne());
    expect(await connection(ids[0]!)).toMatchObject({ health: "config_error", status: "error", nextRefreshAt: null, lastRefreshError: "configuration_error" });
  });

  it("429 with Retry-After (seconds and HTTP-date) is honoured; 5xx backs off; at most 5 calls per refresh, then a cool-down", async () => {
    const { ids, tokens } = await seed(1);
    server.failNext("http_429_seconds");
    await runClaimedRefresh(ctx, await claimOne());
    let row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "degraded", refreshAttempt: 1, lastRefreshError: "rate_limited" });
    expect(row.nextRefreshAt!.getTime() - clock.now().getTime()).toBe(1000);

    server.failNext("http_429_date");
    clock.advance(1000);
    await runClaimedRefresh(ctx, await claimOne());
    row = await connection(ids[0]!);
    expect(row.refreshAttempt).toBe(2);
    const wait = row.nextRefreshAt!.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(0);
    expect(wait).toBeLessThanOrEqual(3000);

    server.failNext("http_500", 3);
    for (let i = 3; i <= 5; i++) {
      clock.set(new Date(Math.max(clock.now().getTime(), row.nextRefreshAt!.getTime())));
      await runClaimedRefresh(ctx, await claimOne());
      row = await connection(ids[0]!);
    }
    expect(server.callsFor(tokens[0]!)).toBe(5);
    // The fifth failed call ends this refresh: attempt counter reset, next refresh after a cool-down (≥ 5 min).
    expect(row).toMatchObject({ health: "degraded", refreshAttempt: 0 });
    expect(row.nextRefreshAt!.getTime() - clock.now().getTime()).toBeGreaterThanOrEqual(5 * MINUTE);
    const events = await db.authEvent.findMany({ orderBy: { id: "asc" } });
    expect(events.map((e) => e.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(events.at(-1)).toMatchObject({ action: "stop_and_alert", class: "provider_unavailable" });
    // The pre-call API waits out the cool-down too (respectBackoff), instead of spending another 5 calls.
    expect(await claimConnection(db, { connectionId: ids[0]!, owner: "api", now: clock.now(), leaseMs: LEASE, respectBackoff: true })).toBeNull();

    // Recovery: the next refresh succeeds and says so.
    clock.set(row.nextRefreshAt!);
    await runClaimedRefresh(ctx, await claimOne());
    expect(await connection(ids[0]!)).toMatchObject({ health: "healthy", refreshFailingSince: null, lastRefreshError: null });
    expect((await db.authEvent.findFirst({ orderBy: { id: "desc" } }))?.class).toBe("recovered");
  });

  it("a timeout and a reset are network errors, retried with backoff", async () => {
    const { ids } = await seed(1);
    server.failNext("timeout");
    await runClaimedRefresh({ ...ctx, timeoutMs: 300 }, await claimOne());
    let row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "degraded", lastRefreshError: "network" });
    const first = row.nextRefreshAt!.getTime() - clock.now().getTime();
    expect(first).toBeGreaterThanOrEqual(1000);
    expect(first).toBeLessThanOrEqual(1250);
    server.failNext("reset");
    clock.set(row.nextRefreshAt!);
    await runClaimedRefresh(ctx, await claimOne());
    row = await connection(ids[0]!);
    const second = row.nextRefreshAt!.getTime() - clock.now().getTime();
    expect(second).toBeGreaterThanOrEqual(2000);
    expect(second).toBeLessThanOrEqual(2500);
  });

  it("after failing for more than 4 days the connection is exhausted and no longer retried", async () => {
    const { ids } = await seed(1);
    await db.connection.update({ where: { id: ids[0]! }, data: { refreshFailingSince: new Date(clock.now().getTime() - 4 * 24 * 60 * MINUTE - 1), health: "degraded" } });
    server.failNext("http_502");
    await runClaimedRefresh(ctx, await claimOne());
    expect(await connection(ids[0]!)).toMatchObject({ health: "exhausted", status: "error", nextRefreshAt: null });
    expect((await db.authEvent.findFirst())?.class).toBe("exhausted");
  });
});

describe("races, fencing and crashes", () => {
  it("a holder paused past its lease cannot commit: its result is discarded (fencing)", async () => {
    const { ids, tokens } = await seed(1, { rotateRefreshTokens: false });
    const stale = await claimOne("paused-worker");
    clock.advance(LEASE + 1);
    const fresh = await claimOne("live-worker");
    expect(fresh.fence).toBe(stale.fence + 1);
    expect(fresh.recovering).toBe(true);
    expect((await runClaimedRefresh(ctx, fresh)).result).toBe("refreshed");
    const committed = accessTokenOf(await connection(ids[0]!));
    expect((await runClaimedRefresh(ctx, stale)).result).toBe("fenced");
    expect(accessTokenOf(await connection(ids[0]!))).toBe(committed);
    expect(server.callsFor(tokens[0]!)).toBe(1);
  });

  it("a late commit after the row was re-claimed mid-call is refused", async () => {
    const { ids } = await seed(1, { latencyMs: 400, rotateRefreshTokens: false });
    const stale = await claimOne("paused-worker");
    const pending = runClaimedRefresh(ctx, stale);
    await new Promise((r) => setTimeout(r, 100));
    clock.advance(LEASE + 1);
    const fresh = await claimOne("live-worker");
    expect(await pending).toMatchObject({ result: "fenced" });
    expect((await connection(ids[0]!)).refreshFence).toBe(fresh.fence);
    expect(await db.authEvent.count()).toBe(0);
  });

  it("a worker that died after the provider rotated the token: the next attempt tries once and flags 'refresh response lost'", async () => {
    const { ids, tokens } = await seed(1);
    await claimOne("dying-worker");
    // The provider answered (rotating the token) but the worker died before committing.
    const response = await fetch(server.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens[0]! }),
    });
    expect(response.status).toBe(200);
    clock.advance(LEASE + 1);
    const recovery = await claimOne("next-worker");
    expect(recovery.recovering).toBe(true);
    await runClaimedRefresh(ctx, recovery);
    const row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "needs_reauth", status: "needs_reauth", healthReason: REFRESH_RESPONSE_LOST_REASON, nextRefreshAt: null, lastRefreshError: "refresh_response_lost" });
    expect(server.callsFor(tokens[0]!)).toBe(2);
    expect((await db.authEvent.findFirst())?.class).toBe("refresh_response_lost");
  });

  it("a worker that died before calling: recovery simply refreshes", async () => {
    const { ids, tokens } = await seed(1);
    await claimOne("dying-worker");
    clock.advance(LEASE + 1);
    const recovery = await claimOne("next-worker");
    expect((await runClaimedRefresh(ctx, recovery)).result).toBe("refreshed");
    expect((await connection(ids[0]!)).health).toBe("healthy");
    expect(server.grantOf(tokens[0]!)).toMatchObject({ calls: 1, revoked: false });
  });

  it("a response lost on the wire (connection dropped after rotation) is flagged as lost too, not retried forever", async () => {
    const { ids, tokens } = await seed(1);
    server.failNext("lost_response");
    await runClaimedRefresh(ctx, await claimOne());
    let row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "degraded", lastRefreshError: "network" });
    clock.set(row.nextRefreshAt!);
    await runClaimedRefresh(ctx, await claimOne());
    row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "needs_reauth", lastRefreshError: "refresh_response_lost" });
    expect(server.callsFor(tokens[0]!)).toBe(2);
  });

  it("a connection deleted or disconnected mid-refresh is not resurrected", async () => {
    const { ids } = await seed(2, { latencyMs: 200 });
    const claims = await claimDueConnections(db, { owner: "w1", now: clock.now(), limit: 2, leaseMs: LEASE });
    const pending = claims.map((c) => runClaimedRefresh(ctx, c));
    await new Promise((r) => setTimeout(r, 50));
    await db.connection.delete({ where: { id: ids[0]! } });
    await db.connection.update({ where: { id: ids[1]! }, data: { status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null } });
    const results = await Promise.all(pending);
    expect(results.map((r) => r.result).sort()).toEqual(["gone", "gone"]);
    expect(await db.connection.findUnique({ where: { id: ids[0]! } })).toBeNull();
    expect(await connection(ids[1]!)).toMatchObject({ status: "disconnected", accessTokenSealed: null, refreshTokenSealed: null });
  });

  it("the inline claim (fresh-token API) never takes a row a worker holds, nor one waiting out a Retry-After", async () => {
    const { ids } = await seed(1);
    await claimOne("worker");
    expect(await claimConnection(db, { connectionId: ids[0]!, owner: "api", now: clock.now(), leaseMs: LEASE, respectBackoff: true })).toBeNull();
    await db.connection.update({ where: { id: ids[0]! }, data: { refreshLeaseUntil: null, refreshAttempt: 1, nextRefreshAt: new Date(clock.now().getTime() + 30_000) } });
    expect(await claimConnection(db, { connectionId: ids[0]!, owner: "api", now: clock.now(), leaseMs: LEASE, respectBackoff: true })).toBeNull();
    clock.advance(30_000);
    expect(await claimConnection(db, { connectionId: ids[0]!, owner: "api", now: clock.now(), leaseMs: LEASE, respectBackoff: true })).not.toBeNull();
  });
});

describe("the worker loop", () => {
  it.each([2, 4, 8])("%i loops over 300 connections with rotating tokens: exactly one token call each, no grant revoked", async (loops) => {
    const { ids, tokens } = await seed(300, { latencyMs: () => Math.floor(Math.random() * 5) });
    // Generous timeouts: this checks correctness (one call each, nothing revoked), not speed, and CI
    // machines run it while other suites load both cores. The loop ends as soon as all 300 are done.
    const liveCtx: RefreshEngineContext = { db, clock: { now: () => new Date() }, keyring, log, timeoutMs: 20_000 };
    const workers = Array.from({ length: loops }, (_, i) => startRefreshLoop({ ctx: liveCtx, owner: `w${i}`, concurrency: 16, leaseMs: LEASE, idlePollMs: 50, log }));
    const deadline = Date.now() + 100_000;
    while (Date.now() < deadline) {
      // Seeded rows start "healthy" and never refreshed: done when every one has a refresh committed.
      const pending = await db.connection.count({ where: { OR: [{ lastRefreshedAt: null }, { health: { not: "healthy" } }] } });
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(workers.map((w) => w.stop()));
    expect(await db.connection.count({ where: { id: { in: ids }, health: "healthy" } })).toBe(300);
    expect(tokens.map((t) => server.grantOf(t)!.calls)).toEqual(tokens.map(() => 1));
    expect(server.stats().grantsRevoked).toBe(0);
    const claimed = workers.reduce((sum, w) => sum + w.stats().refreshed, 0);
    expect(claimed).toBe(300);
  }, 150_000);

  it("stop() takes no new work but lets the in-flight attempt call and commit (SIGTERM)", async () => {
    const { ids, tokens } = await seed(1, { latencyMs: 500 });
    const liveCtx: RefreshEngineContext = { db, clock: { now: () => new Date() }, keyring, log, timeoutMs: 5000 };
    const loop = startRefreshLoop({ ctx: liveCtx, owner: "w", concurrency: 4, leaseMs: LEASE, idlePollMs: 50, log });
    while (server.callsFor(tokens[0]!) === 0) await new Promise((r) => setTimeout(r, 10));
    await loop.stop();
    const row = await connection(ids[0]!);
    expect(row).toMatchObject({ health: "healthy", refreshInFlightAt: null, refreshLeaseOwner: null });
    expect(loop.stats()).toMatchObject({ claimed: 1, refreshed: 1 });
  });
});
