// SECURITY.md item 6: "Worker killed between the provider's response and the commit: the loss is
// detected and flagged within one cycle, with a reason, never retried blindly with a revoked token."
// 50 trials of kill -9 against a token endpoint that rotates refresh tokens and revokes the grant on
// reuse. Each trial: 5 due connections, one refresh-loop process (refresh-loop-child.ts: a separate OS
// process running startRefreshLoop with bin/worker.ts's settings, spawned ahead of time so that 100
// spawns fit the time budget) is SIGKILLed (its whole process group), then a fresh one runs for at
// least one lease + poll cycle. Odd trials kill at a uniformly random time 0–1.5 s after the loop
// started; even trials kill 0–4 ms after the provider rotated the k-th token (k random 1..5), i.e. in
// the window between the provider's answer and the commit, which a uniform kill rarely hits. Then a
// few trials with the real worker process (bin/worker.ts).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { REFRESH_RESPONSE_LOST_REASON } from "@/lib/server/refresh/plan-outcome";
import type { Keyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { startTokenServer, type TokenServer } from "../../helpers/token-server";
import { refreshWorkspace, seedConnections } from "../support/refresh-fixtures";
import { keyringOnDisk, percentile, printFigures, refreshTokenOf, sleep, spawnLoopChild, spawnWorker, workerStarted, type GroupProcess, type LoopChild, type WorkerEnv } from "./support";

const CLIENT = { clientId: "crash-client", clientSecret: "crash-secret-canary-0b8e" };
const TRIALS = 50;
/** Extra trials with the real worker process (bin/worker.ts: tsx, pg-boss, heartbeat), killed right after a rotation. */
const REAL_WORKER_TRIALS = 3;
const CONNECTIONS_PER_TRIAL = 5;
const CONCURRENCY = 2;
const LEASE_MS = 2000;
const TIMEOUT_MS = 1000;
const POLL_MS = 100;
const MAX_KILL_DELAY_MS = 1500;
/** Detection bound after the kill: the dead claim's lease runs out, the next poll claims it, one call (≤ timeout) and the commit. */
const FLAG_BOUND_MS = LEASE_MS + POLL_MS + TIMEOUT_MS + 500;

let database: TestDatabase;
let db: Db;
let keyring: Keyring;
let keyFile: string;
let keyDir: string;
let server: TokenServer;
let env: WorkerEnv;
const children: GroupProcess[] = [];
const warm: LoopChild[] = [];

const warmChildren: LoopChild[] = [];
function spawnWarm(): void {
  const child = spawnLoopChild(env);
  children.push(child);
  warmChildren.push(child);
  warm.push(child);
}
/** A child that has loaded its modules and connected (spawned ahead), topping the pool up again. */
async function takeChild(): Promise<LoopChild> {
  if (warm.length === 0) spawnWarm();
  const child = warm.shift()!;
  while (warm.length < 2) spawnWarm();
  await child.ready;
  return child;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 5 });
  ({ keyring, file: keyFile, dir: keyDir } = keyringOnDisk());
  server = await startTokenServer({ ...CLIENT, latencyMs: () => 50 + Math.floor(Math.random() * 251), rotateRefreshTokens: true, revokeOnReuse: true });
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  env = {
    DATABASE_URL: database.url,
    AUTHPULSE_MASTER_KEY_FILE: keyFile,
    DEMO_PROVIDER_URL: server.url,
    REFRESH_CONCURRENCY: CONCURRENCY,
    REFRESH_LEASE_SECONDS: LEASE_MS / 1000,
    REFRESH_TIMEOUT_SECONDS: TIMEOUT_MS / 1000,
    REFRESH_POLL_MS: POLL_MS,
    LOG_LEVEL: "warn",
  };
  spawnWarm();
  spawnWarm();
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill9()));
  vi.unstubAllEnvs();
  await server?.close();
  await db?.$disconnect();
  await database?.drop();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

type Mode = "random" | "after_rotation" | "real_worker";
type AtKill = "committed" | "in_flight_rotated" | "in_flight" | "unclaimed";
type Tally = {
  trials: number;
  kills: number;
  killedWhileIdle: number;
  connections: number;
  atKill: Partial<Record<AtKill, number>>;
  healthy: number;
  lost: number;
  lostProviderRotated: number;
  lostUnexplained: number;
  recoveredAfterCrash: number;
  callsWithoutEffect: number;
};
const newTally = (): Tally => ({ trials: 0, kills: 0, killedWhileIdle: 0, connections: 0, atKill: {}, healthy: 0, lost: 0, lostProviderRotated: 0, lostUnexplained: 0, recoveredAfterCrash: 0, callsWithoutEffect: 0 });
const summary = (values: number[]) => ({ n: values.length, min: percentile(values, 0), p50: percentile(values, 50), p95: percentile(values, 95), max: percentile(values, 100) });

async function rowsOf(workspaceId: string) {
  return db.connection.findMany({ where: { workspaceId }, orderBy: { label: "asc" } });
}

/** A trial's fresh due (or not yet due) connections with new grants. */
async function seedTrial(workspace: { workspaceId: string; appId: string }, dueAt?: Date) {
  await db.authEvent.deleteMany({ where: { workspaceId: workspace.workspaceId } });
  await db.connection.deleteMany({ where: { workspaceId: workspace.workspaceId } });
  const tokens = Array.from({ length: CONNECTIONS_PER_TRIAL }, () => server.issueGrant());
  const ids = await seedConnections({ db, clock: systemClock, keyring }, { ...workspace, refreshTokens: tokens, ...(dueAt ? { dueAt } : {}) });
  return { tokens, initialById: new Map(ids.map((id, i) => [id, tokens[i]!])) };
}

/** Waits until the k-th rotation of this trial's tokens happened at the provider (k random 1..5), then 0..maxJitterMs ms more. */
async function afterRotation(tokens: string[], maxJitterMs = 4): Promise<void> {
  const k = 1 + Math.floor(Math.random() * CONNECTIONS_PER_TRIAL);
  const giveUpAt = Date.now() + 5000;
  while (tokens.reduce((sum, token) => sum + server.grantOf(token)!.refreshes, 0) < k && Date.now() < giveUpAt) await sleep(1);
  const jitter = Math.floor(Math.random() * (maxJitterMs + 1));
  if (jitter > 0) await sleep(jitter);
}

/** What the kill left behind, per connection. */
async function snapshotAtKill(workspaceId: string, initialById: Map<string, string>, t: Tally): Promise<Map<string, AtKill>> {
  const atKill = new Map<string, AtKill>();
  for (const row of await rowsOf(workspaceId)) {
    const initial = initialById.get(row.id)!;
    const stored = refreshTokenOf(keyring, row);
    const state: AtKill = stored !== initial ? "committed" : row.refreshInFlightAt !== null ? (server.grantOf(initial)!.refreshes > 0 ? "in_flight_rotated" : "in_flight") : "unclaimed";
    atKill.set(row.id, state);
    t.atKill[state] = (t.atKill[state] ?? 0) + 1;
  }
  return atKill;
}

/** Lets the fresh worker run at least one lease + poll cycle, and until every connection settled (or the deadline). */
async function waitSettled(workspaceId: string, initialById: Map<string, string>, restartAt: number, deadline: number): Promise<void> {
  for (;;) {
    const rows = await rowsOf(workspaceId);
    const settled = rows.every((row) => row.refreshInFlightAt === null && row.refreshLeaseOwner === null && (row.health === "needs_reauth" || (row.health === "healthy" && refreshTokenOf(keyring, row) !== initialById.get(row.id))));
    if (settled && Date.now() - restartAt >= LEASE_MS + POLL_MS) return;
    if (Date.now() > deadline) return;
    await sleep(50);
  }
}

/** The end state of one trial, per connection, against SECURITY.md item 6. */
async function judgeTrial(input: {
  label: string;
  workspaceId: string;
  initialById: Map<string, string>;
  atKill: Map<string, AtKill>;
  killAt: number;
  restartAt: number;
  /** Bound on the time to flag a lost answer, from the kill or from the restart. */
  bound: { from: "kill" | "restart"; ms: number };
  t: Tally;
  flagFromKillMs: number[];
  flagFromRestartMs: number[];
  violations: string[];
}): Promise<void> {
  const { t, initialById, atKill } = input;
  const rows = await rowsOf(input.workspaceId);
  const events = await db.authEvent.findMany({ where: { workspaceId: input.workspaceId }, orderBy: { id: "asc" } });
  for (const row of rows) {
    t.connections += 1;
    const initial = initialById.get(row.id)!;
    const stored = refreshTokenOf(keyring, row);
    const grant = server.grantOf(initial)!;
    const mine = events.filter((event) => event.connectionId === row.id);
    const fail = (message: string) =>
      input.violations.push(
        `${input.label} (${atKill.get(row.id)} at kill) ${row.id}: ${message}; row ${JSON.stringify({ health: row.health, lastRefreshError: row.lastRefreshError, inFlight: row.refreshInFlightAt, lease: row.refreshLeaseOwner })}, grant ${JSON.stringify({ calls: grant.calls, refreshes: grant.refreshes, revoked: grant.revoked })}, events ${JSON.stringify(mine.map((e) => [e.class, e.attempt, e.httpStatus, e.occurredAt.getTime() - input.killAt]))}`,
      );
    if (row.refreshInFlightAt !== null || row.refreshLeaseOwner !== null || row.health === "refreshing") fail("stuck in refreshing (lease or in-flight marker left)");

    if (row.health === "healthy") {
      t.healthy += 1;
      if (grant.revoked) fail("healthy-looking, but the provider revoked its grant");
      if (stored === initial || stored !== grant.currentRefreshToken) fail("healthy, but its refresh token is not the provider's live one");
      if (mine.length !== 1 || mine[0]!.healthAfter !== "healthy") fail("healthy without exactly one success event");
      if (atKill.get(row.id) === "committed" && grant.calls !== 1) fail(`committed before the kill, yet ${grant.calls} token calls`);
      if (atKill.get(row.id) === "in_flight" || atKill.get(row.id) === "in_flight_rotated") t.recoveredAfterCrash += 1;
      // The dead worker's request reached the provider but was never processed (its socket died with the process).
      if (grant.calls > 1) t.callsWithoutEffect += grant.calls - 1;
      if (grant.calls > 2) fail(`${grant.calls} token calls for one refresh`);
    } else if (row.health === "needs_reauth") {
      t.lost += 1;
      const last = mine.at(-1);
      if (row.lastRefreshError !== "refresh_response_lost" || row.healthReason !== REFRESH_RESPONSE_LOST_REASON || row.status !== "needs_reauth" || row.nextRefreshAt !== null) fail("needs_reauth without the 'refresh response lost' flag and reason");
      if (mine.length !== 1 || last?.class !== "refresh_response_lost" || last.oauthError !== "invalid_grant") fail("not exactly one refresh_response_lost event");
      if (stored !== initial) fail("lost, yet a new refresh token was committed");
      // Why: the provider rotated (the dead worker's call went through) and the commit never happened.
      if (grant.refreshes > 0) t.lostProviderRotated += 1;
      else {
        t.lostUnexplained += 1;
        fail("flagged lost, but the provider never rotated its token");
      }
      // Never retried blindly: the dead worker's call and exactly one recovery call with the (consumed) token.
      if (server.callsFor(initial) !== 2) fail(`${server.callsFor(initial)} calls with the lost token (expected the dead worker's and one recovery call)`);
      if (last) {
        const fromKill = last.occurredAt.getTime() - input.killAt;
        const fromRestart = last.occurredAt.getTime() - input.restartAt;
        input.flagFromKillMs.push(fromKill);
        input.flagFromRestartMs.push(fromRestart);
        const measured = input.bound.from === "kill" ? fromKill : fromRestart;
        if (measured > input.bound.ms) fail(`flagged ${measured} ms after the ${input.bound.from} (bound ${input.bound.ms} ms: lease + poll + call)`);
      }
    } else {
      fail(`ended ${row.health}`);
    }
  }
}

describe("kill -9 the worker at random points in 50 trials", () => {
  it("every connection ends healthy with a live grant, or needs_reauth 'refresh response lost' flagged within one cycle; never healthy-looking with a revoked grant, never stuck refreshing", async () => {
    const workspace = await refreshWorkspace({ db, clock: systemClock, keyring }, { ...CLIENT, slug: "crash-loop" });
    const violations: string[] = [];
    const tally: Record<"random" | "after_rotation", Tally> = { random: newTally(), after_rotation: newTally() };
    const flagFromKillMs: number[] = [];
    const flagFromRestartMs: number[] = [];
    const killDelays: number[] = [];
    const restartGapMs: number[] = [];
    const trialMs: number[] = [];
    const runStarted = Date.now();

    for (let trial = 1; trial <= TRIALS; trial++) {
      const trialStarted = Date.now();
      const mode = trial % 2 === 1 ? "random" : "after_rotation";
      const t = tally[mode];
      t.trials += 1;
      const { tokens, initialById } = await seedTrial(workspace);

      // Worker A: started, then SIGKILLed (its process group).
      const a = await takeChild();
      a.go();
      const startedAt = await a.started;
      if (mode === "random") await sleep(Math.max(0, startedAt + Math.floor(Math.random() * (MAX_KILL_DELAY_MS + 1)) - Date.now()));
      else await afterRotation(tokens);
      const killAt = Date.now();
      killDelays.push(killAt - startedAt);
      if (a.outcomes.length === CONNECTIONS_PER_TRIAL) t.killedWhileIdle += 1;
      await a.kill9();
      t.kills += 1;
      const atKill = await snapshotAtKill(workspace.workspaceId, initialById, t);

      // Worker B: a fresh process, for at least one lease + poll cycle and until everything settled.
      const b = await takeChild();
      b.go();
      const restartAt = await b.started;
      restartGapMs.push(restartAt - killAt);
      await waitSettled(workspace.workspaceId, initialById, restartAt, restartAt + FLAG_BOUND_MS + 4000);
      const exit = await b.terminate(10_000);
      if (exit.code !== 0) violations.push(`trial ${trial}: the fresh worker did not stop cleanly on SIGTERM (${exit.code ?? exit.signal})`);
      await judgeTrial({ label: `trial ${trial} (${mode}, killed ${killAt - startedAt} ms after start)`, workspaceId: workspace.workspaceId, initialById, atKill, killAt, restartAt, bound: { from: "kill", ms: FLAG_BOUND_MS }, t, flagFromKillMs, flagFromRestartMs, violations });
      trialMs.push(Date.now() - trialStarted);
    }

    const total = (key: keyof Omit<Tally, "atKill">) => tally.random[key] + tally.after_rotation[key];
    printFigures("refresh-hard/crash", {
      trials: TRIALS,
      connectionsPerTrial: CONNECTIONS_PER_TRIAL,
      process: "refresh-loop-child.ts (startRefreshLoop in its own OS process, pre-spawned), SIGKILL of its process group",
      settings: { concurrency: CONCURRENCY, leaseMs: LEASE_MS, timeoutMs: TIMEOUT_MS, pollMs: POLL_MS, providerLatencyMs: "50-300" },
      tally,
      totals: {
        kills: total("kills"),
        connections: total("connections"),
        healthy: total("healthy"),
        lost: total("lost"),
        lostBecauseProviderRotatedButCommitNeverHappened: total("lostProviderRotated"),
        lostUnexplained: total("lostUnexplained"),
        recoveredAfterCrash: total("recoveredAfterCrash"),
      },
      timeToFlagFromKillMs: summary(flagFromKillMs),
      timeToFlagFromRestartMs: summary(flagFromRestartMs),
      flagBoundFromKillMs: FLAG_BOUND_MS,
      killDelayAfterStartMs: summary(killDelays),
      restartGapMs: summary(restartGapMs),
      trialMs: summary(trialMs),
      runtimeMs: Date.now() - runStarted,
      violations: violations.length,
      firstViolations: violations.slice(0, 5),
    });

    expect(violations).toEqual([]);
    // The trials did hit the window that matters: answers lost between the provider and the commit, all flagged.
    expect(tally.after_rotation.lostProviderRotated).toBeGreaterThan(0);
  }, 600_000);

  it(`the real worker process (bin/worker.ts), killed -9 right after a rotation, ${REAL_WORKER_TRIALS} trials: the restarted worker flags the loss within one cycle of starting`, async () => {
    // The pre-spawned loop children are not needed any more.
    await Promise.all(warmChildren.map((child) => child.terminate(5_000)));
    warm.length = 0;
    const workspace = await refreshWorkspace({ db, clock: systemClock, keyring }, { ...CLIENT, slug: "crash-worker" });
    // Info level: the worker says "worker started" at info.
    const workerEnv: WorkerEnv = { ...env, LOG_LEVEL: "info" };
    const violations: string[] = [];
    const t = newTally();
    const flagFromKillMs: number[] = [];
    const flagFromRestartMs: number[] = [];
    const startupMs: number[] = [];
    const runStarted = Date.now();
    for (let trial = 1; trial <= REAL_WORKER_TRIALS; trial++) {
      t.trials += 1;
      // Not due until worker A is up, so that the kill lands in its refresh work and not in its start-up.
      const { tokens, initialById } = await seedTrial(workspace, new Date(Date.now() + 3_600_000));
      const a = spawnWorker(workerEnv);
      children.push(a);
      startupMs.push(await workerStarted(a, 90_000));
      await db.connection.updateMany({ where: { workspaceId: workspace.workspaceId }, data: { nextRefreshAt: new Date() } });
      await afterRotation(tokens, 0);
      const killAt = Date.now();
      await a.kill9();
      t.kills += 1;
      const atKill = await snapshotAtKill(workspace.workspaceId, initialById, t);

      const b = spawnWorker(workerEnv);
      children.push(b);
      const bStartup = await workerStarted(b, 90_000);
      startupMs.push(bStartup);
      const restartAt = b.spawnedAt + bStartup;
      await waitSettled(workspace.workspaceId, initialById, restartAt, restartAt + FLAG_BOUND_MS + 4000);
      const exit = await b.terminate();
      if (exit.code !== 0) violations.push(`real-worker trial ${trial}: the restarted worker did not stop cleanly on SIGTERM (${exit.code ?? exit.signal})`);
      // Measured from the new worker's start (its start-up takes seconds): one lease + poll + call.
      await judgeTrial({ label: `real-worker trial ${trial}`, workspaceId: workspace.workspaceId, initialById, atKill, killAt, restartAt, bound: { from: "restart", ms: FLAG_BOUND_MS }, t, flagFromKillMs, flagFromRestartMs, violations });
    }
    printFigures("refresh-hard/crash/real-worker", {
      trials: REAL_WORKER_TRIALS,
      connectionsPerTrial: CONNECTIONS_PER_TRIAL,
      process: "bin/worker.ts, SIGKILL of its process group right after the k-th rotation (k random 1..5)",
      tally: t,
      workerStartupMs: startupMs,
      timeToFlagFromKillMs: summary(flagFromKillMs),
      timeToFlagFromRestartMs: summary(flagFromRestartMs),
      runtimeMs: Date.now() - runStarted,
      violations: violations.length,
      firstViolations: violations.slice(0, 5),
    });
    expect(violations).toEqual([]);
    expect(t.lostProviderRotated).toBeGreaterThan(0);
  }, 300_000);
});
