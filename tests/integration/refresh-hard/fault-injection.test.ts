// SECURITY.md items 3–4 under load: two real worker processes (bin/worker.ts) refresh connections
// against a token endpoint that fails a share of its calls — 5xx, timeouts, 429 with Retry-After in
// seconds and as an HTTP-date, connection resets — and, in the second variant, answers
// invalid_grant / invalid_client. Every connection must end refreshed or classified by the one
// taxonomy, with at most 5 calls per refresh, one auth_events row per call, and no call after a
// terminal answer. With REFRESH_TIMEOUT_SECONDS=1 on a busy machine some 200s arrive after the client
// gave up: the provider rotated, the answer is lost, and the next call (a reuse) must be flagged
// "refresh response lost" — the figures count these (responseLost, gave_up_after_lost_answer).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MINUTE, systemClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import type { AuthEvent, Connection } from "@/lib/server/generated/prisma/client";
import { claimDueConnections } from "@/lib/server/refresh/claim";
import { REFRESH_RESPONSE_LOST_REASON } from "@/lib/server/refresh/plan-outcome";
import { runClaimedRefresh } from "@/lib/server/refresh/refresh-connection";
import type { Keyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { DEFAULT_FAULTS, startTokenServer, type FaultKind, type TokenServer } from "../../helpers/token-server";
import { refreshWorkspace, seedConnections } from "../support/refresh-fixtures";
import { keyringOnDisk, percentile, printFigures, refreshTokenOf, sleep, startWorkers, stoppedStats, waitUntil, type GroupProcess } from "./support";

const CLIENT = { clientId: "fault-client", clientSecret: "fault-secret-canary-7d1e" };
const WORKERS = 2;
const LEASE_SECONDS = 3;
const TIMEOUT_SECONDS = 1;
const POLL_MS = 100;
const MAX_CALLS_PER_REFRESH = 5;
const RETRYABLE = new Set(["rate_limited", "provider_unavailable", "network"]);

let database: TestDatabase;
let db: Db;
let keyring: Keyring;
let keyFile: string;
let keyDir: string;
const servers: TokenServer[] = [];
const workers: GroupProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 10 });
  ({ keyring, file: keyFile, dir: keyDir } = keyringOnDisk());
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.kill9()));
  await Promise.all(servers.map((server) => server.close()));
  await db?.$disconnect();
  await database?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

/** gave_up_after_lost_answer: out of its 5 calls into the cool-down, but an earlier call's 200 never arrived (the provider rotated); the engine cannot know yet. */
type Outcome = "refreshed" | "gave_up" | "gave_up_after_lost_answer" | "needs_reauth" | "response_lost" | "config_error" | "unexplained";
/**
 * lostAnswer: for response_lost, whether the provider really had rotated the token (a 200 the client
 * never saw: its timeout fired first, or the socket died after the answer) — or only answered a later
 * call with invalid_grant after a network failure of a call it never processed (the engine cannot
 * tell the two apart, so it flags both).
 */
type Verdict = { outcome: Outcome; calls: number; events: AuthEvent[]; lostAnswer?: "provider_rotated" | "not_rotated" };

/**
 * The run: seeds `count` connections (not due), starts the worker processes, makes everything due
 * at once, and waits until every connection is settled: refreshed, or in a state the taxonomy
 * explains and that schedules no call soon (cool-down after 5 calls, or terminal).
 */
async function runScenario(name: string, server: TokenServer, count: number) {
  const { workspaceId, appId } = await refreshWorkspace({ db, clock: systemClock, keyring }, { ...CLIENT, slug: name });
  const initialTokens = Array.from({ length: count }, () => server.issueGrant());
  const ids = await seedConnections({ db, clock: systemClock, keyring }, { workspaceId, appId, refreshTokens: initialTokens, dueAt: new Date(Date.now() + 3_600_000) });
  const initialById = new Map(ids.map((id, i) => [id, initialTokens[i]!]));

  const env = {
    DATABASE_URL: database.url,
    AUTHPULSE_MASTER_KEY_FILE: keyFile,
    DEMO_PROVIDER_URL: server.url,
    REFRESH_CONCURRENCY: 16,
    REFRESH_LEASE_SECONDS: LEASE_SECONDS,
    REFRESH_TIMEOUT_SECONDS: TIMEOUT_SECONDS,
    REFRESH_POLL_MS: POLL_MS,
    LOG_LEVEL: "info",
  };
  const { workers: mine, startupMs } = await startWorkers(env, WORKERS, workers);

  const dueAt = Date.now();
  await db.connection.updateMany({ where: { workspaceId }, data: { nextRefreshAt: new Date(dueAt) } });
  const settled = await waitUntil(
    async () => {
      const [refreshed, coolingDown, terminal] = await Promise.all([
        db.connection.count({ where: { workspaceId, health: "healthy", lastRefreshedAt: { not: null } } }),
        // Degraded with the attempt counter back at 0: the 5-call budget is spent, a cool-down runs (judge() checks it is ≥ 5 min).
        db.connection.count({ where: { workspaceId, health: "degraded", refreshAttempt: 0, nextRefreshAt: { not: null } } }),
        db.connection.count({ where: { workspaceId, health: { in: ["needs_reauth", "config_error", "exhausted"] } } }),
      ]);
      return { refreshed, coolingDown, terminal };
    },
    (value) => value.refreshed + value.coolingDown + value.terminal === count,
    { timeoutMs: 240_000, intervalMs: 200, what: `${name}: every connection settled` },
  ).catch(async (error: unknown) => {
    // Say which connections did not settle, and why.
    const stuck = await db.connection.findMany({
      where: { workspaceId, NOT: { OR: [{ health: "healthy", lastRefreshedAt: { not: null } }, { health: { in: ["needs_reauth", "config_error", "exhausted"] } }] } },
      take: 5,
    });
    const details = await Promise.all(
      stuck.map(async (row) => ({
        id: row.id,
        health: row.health,
        refreshAttempt: row.refreshAttempt,
        nextRefreshAt: row.nextRefreshAt,
        lease: [row.refreshLeaseOwner, row.refreshLeaseUntil, row.refreshInFlightAt],
        lastRefreshError: row.lastRefreshError,
        calls: server.callsFor(initialById.get(row.id)!),
        grant: server.grantOf(initialById.get(row.id)!),
        events: (await db.authEvent.findMany({ where: { connectionId: row.id }, orderBy: { id: "asc" } })).map((e) => [e.occurredAt.toISOString(), e.attempt, e.class, e.action, e.httpStatus, e.retryAfterMs, e.latencyMs]),
      })),
    );
    printFigures(`refresh-hard/fault-injection/${name}/unsettled`, { now: new Date().toISOString(), details, workerTails: mine.map((w) => w.tail(5)) });
    throw error;
  });
  const settleMs = Date.now() - dueAt;

  // Several poll cycles more: nothing settled may be called again.
  const callsAtSettle = server.stats().calls;
  const perTokenAtSettle = initialTokens.map((token) => server.grantOf(token)!.calls);
  await sleep(15 * POLL_MS);
  const callsAfterWait = server.stats().calls;
  const perTokenAfterWait = initialTokens.map((token) => server.grantOf(token)!.calls);

  const exits = await Promise.all(mine.map((worker) => worker.terminate()));
  const perWorker = mine.map((worker) => stoppedStats(worker));
  const rows = await db.connection.findMany({ where: { workspaceId } });
  const events = await db.authEvent.findMany({ where: { workspaceId }, orderBy: { id: "asc" } });
  const eventsByConnection = new Map<string, AuthEvent[]>();
  for (const event of events) eventsByConnection.set(event.connectionId!, [...(eventsByConnection.get(event.connectionId!) ?? []), event]);
  return {
    rows,
    events,
    eventsByConnection,
    initialById,
    startupMs,
    settleMs,
    settled,
    lateCalls: callsAfterWait - callsAtSettle,
    lateCallsPerToken: perTokenAfterWait.filter((calls, i) => calls !== perTokenAtSettle[i]).length,
    exits,
    perWorker,
  };
}

/** Checks one connection's end state and event history against the taxonomy; returns its verdict and any violations. */
function judge(server: TokenServer, row: Connection, events: AuthEvent[], initial: string, stored: string, violations: string[]): Verdict {
  const grant = server.grantOf(initial)!;
  const calls = server.callsFor(initial);
  const fail = (message: string) => violations.push(`${row.id} [${row.health}]: ${message} — events ${JSON.stringify(events.map((e) => [e.attempt, e.class, e.action, e.httpStatus, e.oauthError, e.retryAfterMs]))}`);
  // One refresh per connection in this test: only the initial token is ever presented, and only by the grant's own calls.
  if (grant.calls !== calls) fail(`grant saw ${grant.calls} calls but the initial token ${calls}`);
  if (calls > MAX_CALLS_PER_REFRESH) fail(`${calls} token calls for one refresh (max ${MAX_CALLS_PER_REFRESH})`);
  if (events.length !== calls) fail(`${events.length} auth events for ${calls} token calls`);
  const attempts = events.map((event) => event.attempt);
  if (JSON.stringify(attempts) !== JSON.stringify(events.map((_, i) => i + 1))) fail(`attempt numbers ${JSON.stringify(attempts)}, expected 1..${events.length}`);
  if (row.refreshLeaseOwner !== null || row.refreshInFlightAt !== null || row.health === "refreshing") fail("still holds a lease / in-flight marker");

  // Every call but the last: a retryable failure, retried no sooner than the wait it announced.
  for (let i = 0; i < events.length - 1; i++) {
    const event = events[i]!;
    const next = events[i + 1]!;
    if (!RETRYABLE.has(event.class) || event.action !== "retry" || event.healthAfter !== "degraded") fail(`event ${i + 1} (${event.class}/${event.action}) is not a retryable failure yet was followed by another call`);
    const gap = next.occurredAt.getTime() - event.occurredAt.getTime();
    if (event.retryAfterMs === null || gap + 5 < event.retryAfterMs) fail(`retried after ${gap} ms though event ${i + 1} said wait ${event.retryAfterMs} ms`);
  }
  for (const event of events) {
    // A 429 is retried after its Retry-After (1 s, ≤ 2 s as an HTTP-date); one that ends the 5-call budget waits out the cool-down, which is longer.
    const honoured = event.action === "stop_and_alert" ? event.retryAfterMs !== null && event.retryAfterMs >= 1000 : event.retryAfterMs !== null && event.retryAfterMs >= 0 && event.retryAfterMs <= 2000;
    if (event.class === "rate_limited" && (event.httpStatus !== 429 || !honoured)) fail(`429 handled without its Retry-After (1 s): ${event.retryAfterMs}`);
    if (event.class === "network" && event.httpStatus !== null) fail("network failure with an HTTP status");
    if (event.class === "provider_unavailable" && (event.httpStatus === null || event.httpStatus < 500)) fail(`provider_unavailable with HTTP ${event.httpStatus}`);
    if (event.action === "retry" && event.retryAfterMs !== null) {
      // Backoff 1 s, 2 s, 4 s… (+≤25% jitter), Retry-After 1 s (≤ 2 s as an HTTP-date), or a bare 503's documented 30–60 s.
      const backoffMax = 1.25 * 2 ** ((event.attempt ?? 1) - 1) * 1000;
      const bare503 = event.httpStatus === 503 && event.retryAfterMs >= 30_000 && event.retryAfterMs <= 60_000;
      if (event.retryAfterMs > Math.max(backoffMax, 2000) && !bare503) fail(`retry wait ${event.retryAfterMs} ms beyond backoff/Retry-After for attempt ${event.attempt}`);
    }
  }

  const last = events.at(-1);
  if (!last) {
    fail("no auth event at all");
    return { outcome: "unexplained", calls, events };
  }
  const terminalEvents = events.filter((event) => !RETRYABLE.has(event.class) && event.class !== "success" && event.class !== "recovered");
  if (terminalEvents.length > 1 || (terminalEvents.length === 1 && terminalEvents[0] !== last)) fail("a terminal answer was followed by further calls");

  if (row.health === "healthy") {
    const expected = events.length === 1 ? "success" : "recovered";
    if (last.class !== expected || last.httpStatus !== 200 || last.healthAfter !== "healthy") fail(`healthy but last event ${last.class}/${last.httpStatus}, expected ${expected}/200`);
    if (grant.revoked || stored !== grant.currentRefreshToken || stored === initial) fail("healthy, but the stored refresh token is not the provider's live rotated one");
    if (row.refreshAttempt !== 0 || row.refreshFailingSince !== null || row.lastRefreshError !== null) fail("healthy with failure counters left behind");
    return { outcome: "refreshed", calls, events };
  }
  if (stored !== initial) fail("not refreshed, yet the stored refresh token changed");
  // Rotated at the provider but never committed here: only a lost answer may explain that.
  if (grant.refreshes !== 0 && row.lastRefreshError !== "refresh_response_lost" && row.health !== "degraded") fail(`not refreshed, yet the provider rotated ${grant.refreshes} time(s)`);
  if (row.health === "degraded") {
    // (The event's occurredAt is taken a moment after the plan's now: allow a second.)
    const coolDown = row.nextRefreshAt ? row.nextRefreshAt.getTime() - last.occurredAt.getTime() : null;
    if (calls !== MAX_CALLS_PER_REFRESH || last.action !== "stop_and_alert" || !RETRYABLE.has(last.class) || row.refreshAttempt !== 0 || coolDown === null || coolDown < 5 * MINUTE - 1000 || (last.retryAfterMs ?? 0) < 5 * MINUTE) {
      fail(`degraded without having spent the 5-call budget into a ≥5 min cool-down (calls ${calls}, cool-down ${coolDown} ms)`);
    }
    if (grant.refreshes > 0) {
      // One of the calls that failed on the client's side (a timeout) had been answered 200: the provider rotated.
      if (grant.refreshes !== 1 || !events.some((event) => event.class === "network")) fail(`provider rotated ${grant.refreshes} time(s) without a network failure to explain it`);
      return { outcome: "gave_up_after_lost_answer", calls, events };
    }
    return { outcome: "gave_up", calls, events };
  }
  if (row.health === "needs_reauth") {
    if (row.status !== "needs_reauth" || row.nextRefreshAt !== null || last.action !== "stop_and_alert" || last.oauthError !== "invalid_grant" || last.httpStatus !== 400) fail("needs_reauth without a stop on invalid_grant");
    if (last.class === "needs_reauth" && row.lastRefreshError === "needs_reauth") return { outcome: "needs_reauth", calls, events };
    // After a network failure (anywhere in the failing streak: a 429 or a 5xx in between changes nothing) an invalid_grant
    // may be the provider rejecting a token it already rotated (the answer was lost on the wire).
    const previous = events.at(-2);
    const lastSuccess = events.findLastIndex((event) => event.class === "success" || event.class === "recovered");
    const networkInStreak = events.slice(lastSuccess + 1, -1).some((event) => event.class === "network");
    if (last.class === "refresh_response_lost" && row.lastRefreshError === "refresh_response_lost" && row.healthReason === REFRESH_RESPONSE_LOST_REASON && networkInStreak) {
      // A real loss: the provider rotated once (the answer the client never saw) and revoked the grant on the one recovery call.
      if (grant.refreshes > 0 && (grant.refreshes !== 1 || !grant.revoked || grant.currentRefreshToken !== null)) fail(`lost answer but the grant is ${JSON.stringify(grant)}`);
      return { outcome: "response_lost", calls, events, lostAnswer: grant.refreshes > 0 ? "provider_rotated" : "not_rotated" };
    }
    fail(`needs_reauth classified ${last.class} / ${row.lastRefreshError} after ${previous?.class ?? "nothing"}`);
    return { outcome: "unexplained", calls, events };
  }
  if (row.health === "config_error") {
    // (The event's oauthError is checked separately: see "invalid_client … recorded" below.)
    if (last.class !== "configuration_error" || last.httpStatus !== 401 || last.action !== "stop_and_alert" || row.status !== "error" || row.nextRefreshAt !== null || row.lastRefreshError !== "configuration_error") {
      fail(`config_error not explained by invalid_client: ${last.class}/${last.oauthError}/${last.httpStatus}`);
    }
    return { outcome: "config_error", calls, events };
  }
  fail(`unexpected health ${row.health}`);
  return { outcome: "unexplained", calls, events };
}

function summarize(server: TokenServer, run: Awaited<ReturnType<typeof runScenario>>) {
  const violations: string[] = [];
  const verdicts = run.rows.map((row) => judge(server, row, run.eventsByConnection.get(row.id) ?? [], run.initialById.get(row.id)!, refreshTokenOf(keyring, row), violations));
  const outcomes: Record<string, number> = {};
  const callsHistogram: Record<string, number> = {};
  for (const verdict of verdicts) {
    outcomes[verdict.outcome] = (outcomes[verdict.outcome] ?? 0) + 1;
    callsHistogram[verdict.calls] = (callsHistogram[verdict.calls] ?? 0) + 1;
  }
  const eventsByClass: Record<string, number> = {};
  for (const event of run.events) eventsByClass[event.class] = (eventsByClass[event.class] ?? 0) + 1;
  // How late each retry came after the wait it announced (poll interval + claim + queueing).
  const lateness: number[] = [];
  for (const verdict of verdicts) {
    for (let i = 0; i < verdict.events.length - 1; i++) {
      const event = verdict.events[i]!;
      lateness.push(verdict.events[i + 1]!.occurredAt.getTime() - event.occurredAt.getTime() - (event.retryAfterMs ?? 0));
    }
  }
  const configErrorEvents = run.events.filter((event) => event.class === "configuration_error");
  const lost = verdicts.filter((v) => v.outcome === "response_lost");
  const responseLost = {
    providerRotated: lost.filter((v) => v.lostAnswer === "provider_rotated").length,
    notRotated: lost.filter((v) => v.lostAnswer === "not_rotated").length,
    // The network failure before each loss: its reason and how long the call ran (≈ the timeout when the client gave up).
    precedingFailure: lost.map((v) => ({ lostAnswer: v.lostAnswer, reason: v.events.at(-2)?.reason, latencyMs: v.events.at(-2)?.latencyMs })),
  };
  const terminalOnFirstCall = verdicts.filter((v) => (v.outcome === "needs_reauth" || v.outcome === "config_error") && v.calls === 1).length;
  const stats = server.stats();
  const faults = Object.fromEntries(Object.entries(stats.faults).filter(([, n]) => n > 0));
  return {
    violations,
    verdicts,
    figures: {
      connections: run.rows.length,
      workers: WORKERS,
      leaseSeconds: LEASE_SECONDS,
      timeoutSeconds: TIMEOUT_SECONDS,
      pollMs: POLL_MS,
      workerStartupMs: run.startupMs,
      settleMs: run.settleMs,
      settled: run.settled,
      outcomes,
      callsPerRefreshHistogram: callsHistogram,
      maxCallsPerRefresh: Math.max(...verdicts.map((v) => v.calls)),
      tokenCalls: stats.calls,
      tokenSuccesses: stats.successes,
      faults,
      faultShare: Number((Object.values(stats.faults).reduce((a, b) => a + b, 0) / Math.max(1, stats.calls)).toFixed(3)),
      grantsRevoked: stats.grantsRevoked,
      authEvents: run.events.length,
      eventsByClass,
      terminalOnFirstCall,
      responseLost,
      configErrorEvents: configErrorEvents.length,
      configErrorEventsWithoutOauthError: configErrorEvents.filter((event) => event.oauthError !== "invalid_client").length,
      retryLatenessMs: { p50: percentile(lateness, 50), p95: percentile(lateness, 95), max: percentile(lateness, 100) },
      callsAfterSettled: run.lateCalls,
      tokensCalledAfterSettled: run.lateCallsPerToken,
      perWorker: run.perWorker,
      workerExits: run.exits.map((exit) => exit.code ?? exit.signal),
      violations: violations.length,
    },
  };
}

describe("fault injection: two worker processes against a token endpoint failing 30-40% of calls", () => {
  it("transient faults (5xx, timeouts, 429 Retry-After seconds/HTTP-date, resets): every connection refreshed, out of its 5-call budget, or lost to a 200 that came after the client's timeout and flagged so; ≤ 5 calls per refresh, one event per call", async () => {
    const faults: FaultKind[] = [...DEFAULT_FAULTS];
    const server = await startTokenServer({ ...CLIENT, faultRate: 0.3, faults, retryAfterSeconds: 1, latencyMs: () => Math.floor(Math.random() * 20) });
    servers.push(server);
    const started = Date.now();
    const run = await runScenario("faults-transient", server, 300);
    const { violations, figures } = summarize(server, run);
    printFigures("refresh-hard/fault-injection/transient", { ...figures, faultKinds: faults, runtimeMs: Date.now() - started, firstViolations: violations.slice(0, 5) });

    expect(violations).toEqual([]);
    expect(figures.maxCallsPerRefresh).toBeLessThanOrEqual(MAX_CALLS_PER_REFRESH);
    expect(figures.outcomes.refreshed ?? 0).toBeGreaterThan(0);
    // No invalid_grant is injected here: a connection may only be lost when the provider really rotated and the
    // client never saw the 200 (its 1 s timeout fired first); then the one recovery call is a reuse that revokes the grant.
    expect((figures.outcomes.refreshed ?? 0) + (figures.outcomes.gave_up ?? 0) + (figures.outcomes.gave_up_after_lost_answer ?? 0) + figures.responseLost.providerRotated).toBe(300);
    expect(figures.responseLost.notRotated).toBe(0);
    expect(figures.authEvents).toBe(figures.tokenCalls);
    expect(figures.grantsRevoked).toBe(figures.responseLost.providerRotated);
    // The mix really happened: every fault kind was served, and retries were needed.
    for (const kind of faults) expect(figures.faults[kind] ?? 0, kind).toBeGreaterThan(0);
    expect(figures.eventsByClass.recovered ?? 0).toBeGreaterThan(0);
    expect(figures.callsAfterSettled).toBe(0);
    expect(run.exits.map((exit) => exit.code)).toEqual([0, 0]);
  }, 420_000);

  it("invalid_grant and invalid_client mixed in: needs_reauth vs config_error, each from exactly one call and one event, and no call after it", async () => {
    const faults: FaultKind[] = ["invalid_grant", "invalid_client", "http_500", "http_429_seconds", "reset"];
    const server = await startTokenServer({ ...CLIENT, faultRate: 0.4, faults, retryAfterSeconds: 1, latencyMs: () => Math.floor(Math.random() * 20) });
    servers.push(server);
    const started = Date.now();
    const run = await runScenario("faults-terminal", server, 200);
    const { violations, figures, verdicts } = summarize(server, run);
    // Per terminal connection: the terminal answer cost exactly one call and wrote exactly one event (the last).
    const terminal = verdicts.filter((v) => v.outcome === "needs_reauth" || v.outcome === "config_error" || v.outcome === "response_lost");
    const terminalEventCounts = terminal.map((v) => v.events.filter((e) => ["needs_reauth", "configuration_error", "refresh_response_lost"].includes(e.class)).length);
    printFigures("refresh-hard/fault-injection/terminal", { ...figures, faultKinds: faults, runtimeMs: Date.now() - started, terminalConnections: terminal.length, firstViolations: violations.slice(0, 5) });

    expect(violations).toEqual([]);
    expect(figures.outcomes.needs_reauth ?? 0).toBeGreaterThan(0);
    expect(figures.outcomes.config_error ?? 0).toBeGreaterThan(0);
    expect(figures.outcomes.unexplained ?? 0).toBe(0);
    expect(terminalEventCounts.every((n) => n === 1)).toBe(true);
    expect(figures.terminalOnFirstCall).toBeGreaterThan(0);
    expect(figures.maxCallsPerRefresh).toBeLessThanOrEqual(MAX_CALLS_PER_REFRESH);
    expect(figures.authEvents).toBe(figures.tokenCalls);
    // Several poll cycles after everything settled: not one more call.
    expect(figures.callsAfterSettled).toBe(0);
    expect(figures.tokensCalledAfterSettled).toBe(0);
    expect(run.exits.map((exit) => exit.code)).toEqual([0, 0]);
    // Every invalid_client answer (HTTP 401 + WWW-Authenticate: Basic, code in the JSON body) keeps its code on the event.
    expect(figures.configErrorEventsWithoutOauthError).toBe(0);
  }, 420_000);
});

describe("invalid_client as RFC 6749 §5.2 sends it to a client_secret_basic client (HTTP 401 + WWW-Authenticate: Basic)", () => {
  it("is a configuration error whose auth event records oauthError invalid_client, like invalid_grant records its code", async () => {
    const server = await startTokenServer(CLIENT);
    servers.push(server);
    vi.stubEnv("DEMO_PROVIDER_URL", server.url);
    try {
      const { workspaceId, appId } = await refreshWorkspace({ db, clock: systemClock, keyring }, { ...CLIENT, slug: "invalid-client-event" });
      // Due a day ago, one after the other: claimed first and in this order, before any connection
      // an earlier scenario in this database left due (the claim orders by due time only).
      const dayAgo = Date.now() - 86_400_000;
      const ids = await seedConnections({ db, clock: systemClock, keyring }, { workspaceId, appId, refreshTokens: [server.issueGrant(), server.issueGrant()], dueAt: (i) => new Date(dayAgo + i * 1000) });
      const ctx = { db, clock: systemClock, keyring, timeoutMs: 2000 };
      const outcomes: Record<string, { health: string; event: AuthEvent }> = {};
      for (const [fault, id] of [["invalid_client", ids[0]!], ["invalid_grant", ids[1]!]] as const) {
        server.failNext(fault);
        const [claim] = await claimDueConnections(db, { owner: "focused", now: new Date(), limit: 1, leaseMs: 30_000 });
        expect(claim?.connectionId).toBe(id);
        await runClaimedRefresh(ctx, claim!);
        const row = await db.connection.findUniqueOrThrow({ where: { id } });
        outcomes[fault] = { health: row.health, event: await db.authEvent.findFirstOrThrow({ where: { connectionId: id } }) };
      }
      printFigures("refresh-hard/fault-injection/invalid-client-event", {
        invalid_client: { health: outcomes.invalid_client!.health, class: outcomes.invalid_client!.event.class, httpStatus: outcomes.invalid_client!.event.httpStatus, oauthError: outcomes.invalid_client!.event.oauthError },
        invalid_grant: { health: outcomes.invalid_grant!.health, class: outcomes.invalid_grant!.event.class, httpStatus: outcomes.invalid_grant!.event.httpStatus, oauthError: outcomes.invalid_grant!.event.oauthError },
      });
      expect(outcomes.invalid_grant).toMatchObject({ health: "needs_reauth", event: { class: "needs_reauth", httpStatus: 400, oauthError: "invalid_grant" } });
      expect(outcomes.invalid_client).toMatchObject({ health: "config_error", event: { class: "configuration_error", httpStatus: 401 } });
      expect(outcomes.invalid_client!.event.oauthError).toBe("invalid_client");
    } finally {
      vi.unstubAllEnvs();
    }
  }, 60_000);
});
