// npm run bench:refresh — the refresh engine's throughput against a bare HTTP client, and whether
// any access token expires before the engine refreshes it. Prints one JSON object on stdout.
//
// 1. Engine vs bare client, per provider latency (default 0 ms and 100 ms), at the same concurrency:
//    first a bare fetch client (no database) refreshes BENCH_REFRESH_CONNECTIONS (10,000) fresh
//    grants in BENCH_REFRESH_WORKERS (2) processes × BENCH_REFRESH_CONCURRENCY (16) loops; then as
//    many real worker processes (bin/worker.ts, REFRESH_CONCURRENCY=16 each) refresh as many due
//    connections (rotating refresh tokens), timed from the moment they become due until the last is
//    committed healthy. The token endpoint (tests/helpers/token-server.ts) runs in its own process
//    for both. CPU used by each party (from /proc) and pg_stat_statements are reported with it.
// 2. Expiry: 2 workers (product defaults but the concurrency) over BENCH_EXPIRY_CONNECTIONS (10,000)
//    connections whose access tokens live 60 s–2 h (uniform, per connection), seeded in steady state
//    (each at a random point of the refresh interval the engine schedules), watched for
//    BENCH_REFRESH_WINDOW_SECONDS (180). A trigger on connections records, at every refresh commit,
//    the expiry of the token being replaced (and, at every claim, how late it came).
//
// Other knobs: BENCH_REFRESH_LATENCIES_MS ("0,100"), BENCH_REFRESH_POLL_MS (100; throughput part
// only, the expiry part keeps the product default), BENCH_REFRESH_TIMEOUT_SECONDS (300 per engine
// run), BENCH_EXPIRY_LATENCY_MS (100), BENCH_EXPIRY_PREP_SECONDS (30: seeding time before the
// window), BENCH_PG_FAST=1 (fsync off like the test suite; default: npm start's durable settings),
// BENCH_WORKER_CPU_PROF=<dir> (V8 CPU profiles of the workers).
import pg from "pg";
import { systemClock } from "../../lib/clock";
import { createDb } from "../../lib/server/db";
import { nextRefreshAt } from "../../lib/server/refresh/schedule";
import { refreshWorkspace, seedConnections } from "../integration/support/refresh-fixtures";
import { runBareClient } from "./support/bare-client";
import {
  cleanupStack,
  codeVersion,
  cpuSeconds,
  envInt,
  envList,
  loadAverage,
  log,
  machine,
  machineCpuSeconds,
  postgresCpuSeconds,
  round,
  sleep,
  startBenchPostgres,
  topStatements,
  writeMasterKey,
  type BenchPostgres,
} from "./support/bench-kit";
import { startTokenServerProcess, type TokenServerProcess } from "./support/token-server-process";
import { startWorkers, stopWorkers, type WorkerProcess } from "./support/worker-processes";

const CLIENT = { clientId: "bench-client", clientSecret: "bench-secret" };
const TARGET_RATIO = 0.8;

type CpuSnapshot = { workers: number; postgres: number; tokenServer: number; bench: number; machine: { busy: number; total: number } };

function snapshot(workers: WorkerProcess[], postgres: BenchPostgres, tokenServer: TokenServerProcess): CpuSnapshot {
  return {
    workers: workers.reduce((s, w) => s + w.cpuSeconds(), 0),
    postgres: postgresCpuSeconds(postgres.pid),
    tokenServer: tokenServer.cpuSeconds(),
    bench: cpuSeconds(process.pid),
    machine: machineCpuSeconds(),
  };
}

/** CPU seconds used between two snapshots, and how much of the machine's capacity everyone (us and others) used. */
function cpuBetween(a: CpuSnapshot, b: CpuSnapshot, ours: Array<keyof Omit<CpuSnapshot, "machine">>, extra: Record<string, number> = {}) {
  const used = { ...Object.fromEntries(ours.map((k) => [k, round(b[k] - a[k], 2)])), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, round(v, 2)])) } as Record<string, number>;
  const oursTotal = ours.reduce((s, k) => s + (b[k] - a[k]), 0) + Object.values(extra).reduce((s, v) => s + v, 0);
  const busy = b.machine.busy - a.machine.busy;
  const total = b.machine.total - a.machine.total;
  const others = Math.max(0, busy - oursTotal);
  // Other users of this shared machine: above ~20% of its capacity, rates measured here are depressed.
  return { seconds: used, machineBusyPct: round((100 * busy) / Math.max(1e-9, total)), otherProcessesCpuSeconds: round(others, 2), otherProcessesPctOfMachine: round((100 * others) / Math.max(1e-9, total)) };
}

async function main() {
  const benchStarted = performance.now();
  const machineAtStart = machine();
  const connections = envInt("BENCH_REFRESH_CONNECTIONS", 10_000);
  const latencies = envList("BENCH_REFRESH_LATENCIES_MS", [0, 100]);
  const workerCount = envInt("BENCH_REFRESH_WORKERS", 2);
  const perWorker = envInt("BENCH_REFRESH_CONCURRENCY", 16);
  const pollMs = envInt("BENCH_REFRESH_POLL_MS", 100);
  const runTimeoutMs = envInt("BENCH_REFRESH_TIMEOUT_SECONDS", 300) * 1000;
  const windowSeconds = envInt("BENCH_REFRESH_WINDOW_SECONDS", 180);
  const expiryConnections = envInt("BENCH_EXPIRY_CONNECTIONS", 10_000);
  const expiryLatencyMs = envInt("BENCH_EXPIRY_LATENCY_MS", 100);
  const prepSeconds = envInt("BENCH_EXPIRY_PREP_SECONDS", 30);
  const concurrency = workerCount * perWorker;
  const cleanup = cleanupStack();

  try {
    log("starting PostgreSQL");
    const postgres = await startBenchPostgres();
    cleanup.add(() => postgres.stop());
    const url = await postgres.createDatabase("bench_refresh");
    const key = writeMasterKey();
    cleanup.add(() => key.cleanup());
    const tokenServer = await startTokenServerProcess({ ...CLIENT, latencyMs: 0, defaultLifetimeSeconds: 3600 });
    cleanup.add(() => tokenServer.stop());
    // The demo provider's catalog entry points at the token server (read by the fixtures and the workers).
    process.env.DEMO_PROVIDER_URL = tokenServer.url;
    const db = createDb(url, { max: 4 });
    cleanup.add(() => db.$disconnect());
    const ctx = { db, clock: systemClock, keyring: key.keyring };
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    cleanup.add(() => sql.end());
    const { workspaceId, appId } = await refreshWorkspace(ctx, CLIENT);
    const workerEnv = {
      DATABASE_URL: url,
      AUTHPULSE_MASTER_KEY_FILE: key.file,
      DEMO_PROVIDER_URL: tokenServer.url,
      LOG_LEVEL: "info",
      REFRESH_CONCURRENCY: String(perWorker),
    };
    let workers: WorkerProcess[] = [];
    cleanup.add(() => stopWorkers(workers));

    // ---- 1. engine vs bare client ------------------------------------------------------------
    log(`seeding ${connections} connections (not yet due)`);
    const engineTokens = await tokenServer.issue(connections);
    const farFuture = new Date(Date.now() + 24 * 3600_000);
    await seedConnections(ctx, { workspaceId, appId, refreshTokens: engineTokens, dueAt: farFuture, expiresAt: new Date(Date.now() + 3600_000) });
    await sql.query("VACUUM ANALYZE connections");

    const engineVsBare = [];
    for (const [run, latencyMs] of latencies.entries()) {
      await tokenServer.setLatency(latencyMs);

      log(`latency ${latencyMs} ms: bare client, ${workerCount} processes × ${perWorker} loops, ${connections} refreshes`);
      const bareTokens = await tokenServer.issue(connections);
      const bareStatsBefore = await tokenServer.stats();
      const bareCpuBefore = snapshot([], postgres, tokenServer);
      const bare = await runBareClient({ ...CLIENT, tokenUrl: tokenServer.tokenUrl, processes: workerCount, concurrencyPerProcess: perWorker, refreshTokens: bareTokens });
      const bareCpu = cpuBetween(bareCpuBefore, snapshot([], postgres, tokenServer), ["tokenServer"], { bareClient: bare.clientCpuSeconds });
      const bareStatsAfter = await tokenServer.stats();
      if (bare.errors > 0 || bare.refreshes !== connections) throw new Error(`bare client: ${bare.refreshes} refreshes, ${bare.errors} errors`);
      const bareRate = connections / (bare.wallMs / 1000);
      log(`  bare: ${round(bareRate)} refreshes/s (${bare.wallMs} ms)`);

      log(`latency ${latencyMs} ms: engine, ${workerCount} × bin/worker.ts with REFRESH_CONCURRENCY=${perWorker}`);
      workers = await startWorkers(workerCount, { ...workerEnv, REFRESH_POLL_MS: String(pollMs) });
      await sleep(2000); // let pg-boss finish its start-up work
      // What the idle workers burn (pg-boss polling, heartbeats, empty claims), for comparison.
      const idleBefore = workers.reduce((s, w) => s + w.cpuSeconds(), 0);
      await sleep(3000);
      const workersIdleCpuPerSec = (workers.reduce((s, w) => s + w.cpuSeconds(), 0) - idleBefore) / 3;
      await sql.query("SELECT pg_stat_statements_reset()");
      const statsBefore = await tokenServer.stats();
      const cpuBefore = snapshot(workers, postgres, tokenServer);
      const t0 = new Date();
      const made = await sql.query("UPDATE connections SET next_refresh_at = $1 WHERE workspace_id = $2", [t0, workspaceId]);
      if (made.rowCount !== connections) throw new Error(`expected ${connections} rows made due, got ${made.rowCount}`);
      let done = 0;
      let last: Date | null = null;
      let pollCount = 0;
      for (;;) {
        await sleep(500);
        pollCount++;
        // Cheap progress check (auth_events.occurred_at index): the commit writes the event in the same statement.
        const progress = await sql.query<{ n: string }>("SELECT count(*) AS n FROM auth_events WHERE occurred_at >= $1", [t0]);
        if (Number(progress.rows[0]!.n) >= connections) {
          const { rows } = await sql.query<{ done: string; last: Date | null }>(
            `SELECT count(*) FILTER (WHERE last_refreshed_at >= $1 AND health = 'healthy' AND refresh_in_flight_at IS NULL) AS done, max(last_refreshed_at) AS last
               FROM connections WHERE workspace_id = $2`,
            [t0, workspaceId],
          );
          done = Number(rows[0]!.done);
          last = rows[0]!.last;
          if (done === connections) break;
        }
        if (Date.now() - t0.getTime() > runTimeoutMs) throw new Error(`engine run timed out: ${progress.rows[0]!.n} events for ${connections} connections`);
        if (pollCount % 10 === 0) log(`  engine: ${progress.rows[0]!.n}/${connections} after ${round((Date.now() - t0.getTime()) / 1000)} s`);
      }
      const observedDoneMs = Date.now() - t0.getTime();
      const cpuAfter = snapshot(workers, postgres, tokenServer);
      const engineCpu = cpuBetween(cpuBefore, cpuAfter, ["workers", "postgres", "tokenServer", "bench"]);
      const statsAfter = await tokenServer.stats();
      const top = await topStatements(sql, 8);
      const events = await sql.query<{ class: string; n: string; latency: number | null }>(
        "SELECT class, count(*) AS n, avg(latency_ms) AS latency FROM auth_events WHERE occurred_at >= $1 GROUP BY class",
        [t0],
      );
      const grants = await tokenServer.grants(engineTokens, run + 1);
      await stopWorkers(workers);
      const loopStats = workers.map((w) => w.loopStats());
      const problems = workers.reduce((s, w) => s + w.problems(), 0);
      workers = [];

      const engineWallMs = last!.getTime() - t0.getTime();
      const engineRate = connections / (engineWallMs / 1000);
      const success = events.rows.find((r) => r.class === "success");
      log(`  engine: ${round(engineRate)} refreshes/s (${engineWallMs} ms); ratio ${round(engineRate / bareRate, 3)}`);
      engineVsBare.push({
        latencyMs,
        concurrency,
        connections,
        engineRefreshesPerSec: round(engineRate),
        bareRefreshesPerSec: round(bareRate),
        ratio: round(engineRate / bareRate, 3),
        target: TARGET_RATIO,
        engine: `${workerCount} worker processes (node --conditions=react-server --import tsx bin/worker.ts), REFRESH_CONCURRENCY=${perWorker} each, REFRESH_POLL_MS=${pollMs}; token endpoint in its own process; bare client: ${workerCount} processes × ${perWorker} fetch loops against the same endpoint process`,
        detail: {
          engineWallMs,
          engineObservedDoneMs: observedDoneMs,
          bareWallMs: bare.wallMs,
          bareMeanCallMs: round(bare.meanLatencyMs, 2),
          engineMeanProviderCallMs: round(success?.latency ?? 0, 2),
          tokenEndpointCalls: { engine: statsAfter.calls - statsBefore.calls, bare: bareStatsAfter.calls - bareStatsBefore.calls },
          grantsRevoked: statsAfter.grantsRevoked,
          grantsNotCalledExactlyOncePerRun: grants.notExactlyOnce,
          authEvents: Object.fromEntries(events.rows.map((r) => [r.class, Number(r.n)])),
          workerWarnings: problems,
          workersIdleCpuPerSec: round(workersIdleCpuPerSec, 3),
          loopStats,
          cpu: {
            engine: { ...engineCpu, perRefreshMs: { workers: round((1000 * (cpuAfter.workers - cpuBefore.workers)) / connections, 3), postgres: round((1000 * (cpuAfter.postgres - cpuBefore.postgres)) / connections, 3), tokenServer: round((1000 * (cpuAfter.tokenServer - cpuBefore.tokenServer)) / connections, 3) } },
            bare: { ...bareCpu, perRefreshMs: { bareClient: round((1000 * bare.clientCpuSeconds) / connections, 3), tokenServer: round((1000 * bareCpu.seconds.tokenServer!) / connections, 3) } },
          },
          topStatementsDuringEngineRun: top,
        },
      });
      await sql.query("VACUUM ANALYZE connections");
      await sql.query("VACUUM ANALYZE auth_events");
    }

    // ---- 2. expiry check ---------------------------------------------------------------------
    log(`expiry: ${expiryConnections} connections, lifetimes 60 s–2 h, 2 workers, ${windowSeconds} s window, provider latency ${expiryLatencyMs} ms`);
    await sql.query("DELETE FROM auth_events");
    await sql.query("DELETE FROM connections");
    await sql.query("VACUUM ANALYZE connections");
    await tokenServer.setLatency(expiryLatencyMs);
    await sql.query(`
      CREATE TABLE bench_refresh_commits (connection_id text, old_expires_at timestamptz, new_expires_at timestamptz, committed_at timestamptz);
      CREATE TABLE bench_claims (connection_id text, scheduled_at timestamptz, claimed_at timestamptz);
      CREATE FUNCTION bench_observe() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.refresh_fence <> OLD.refresh_fence THEN
          INSERT INTO bench_claims VALUES (NEW.id, OLD.next_refresh_at, clock_timestamp());
        END IF;
        IF NEW.access_token_sealed IS DISTINCT FROM OLD.access_token_sealed THEN
          INSERT INTO bench_refresh_commits VALUES (NEW.id, OLD.access_token_expires_at, NEW.access_token_expires_at, clock_timestamp());
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER bench_observe AFTER UPDATE ON connections FOR EACH ROW EXECUTE FUNCTION bench_observe();`);
    // Product defaults (REFRESH_POLL_MS 1000) except the concurrency the throughput part used.
    workers = await startWorkers(2, workerEnv, "expiry-worker");

    // Nothing comes due before windowStart: seeding (slow on a busy machine) must not make rows overdue.
    const seedStarted = Date.now();
    const windowStart = seedStarted + prepSeconds * 1000;
    const lifetimes = Array.from({ length: expiryConnections }, () => 60 + Math.floor(Math.random() * (7200 - 60 + 1)));
    const issuedAt = lifetimes.map((lifetime) => {
      // Where the engine would schedule this token's refresh, then a uniformly random point of that interval: steady state.
      const interval = nextRefreshAt({ issuedAt: new Date(0), expiresAt: new Date(lifetime * 1000), now: new Date(0), defaultLifetimeMs: 1 }).getTime();
      return { at: windowStart - Math.random() * interval, interval };
    });
    const tokens = await tokenServer.issue(expiryConnections, lifetimes);
    await seedConnections(ctx, {
      workspaceId,
      appId,
      refreshTokens: tokens,
      dueAt: (i) => new Date(issuedAt[i]!.at + issuedAt[i]!.interval),
      expiresAt: (i) => new Date(issuedAt[i]!.at + lifetimes[i]! * 1000),
    });
    const seedMs = Date.now() - seedStarted;
    const seedOverrunMs = Math.max(0, Date.now() - windowStart);
    if (seedOverrunMs > 0) log(`  WARNING: seeding took ${seedMs} ms, ${seedOverrunMs} ms past the window start (raise BENCH_EXPIRY_PREP_SECONDS)`);
    log(`  seeded in ${seedMs} ms; window starts in ${Math.max(0, windowStart - Date.now())} ms, lasts ${windowSeconds} s`);
    await sleep(Math.max(0, windowStart - Date.now()));
    let sampledExpiredMax = 0;
    let sampledOverdueMax = 0;
    let samples = 0;
    while (Date.now() - windowStart < windowSeconds * 1000) {
      await sleep(1000);
      const { rows } = await sql.query<{ expired: string; overdue: string }>(
        `SELECT count(*) FILTER (WHERE access_token_expires_at < now() AND health IN ('healthy', 'refreshing')) AS expired,
                count(*) FILTER (WHERE next_refresh_at < now() - interval '5 seconds') AS overdue
           FROM connections`,
      );
      samples++;
      sampledExpiredMax = Math.max(sampledExpiredMax, Number(rows[0]!.expired));
      sampledOverdueMax = Math.max(sampledOverdueMax, Number(rows[0]!.overdue));
      if (samples % 30 === 0) log(`  ${samples} s: ${(await sql.query("SELECT count(*) AS n FROM bench_refresh_commits")).rows[0].n} refreshes so far`);
    }
    await stopWorkers(workers);
    const expiryProblems = workers.reduce((s, w) => s + w.problems(), 0);
    workers = [];
    const commits = await sql.query<{ refreshes: string; expired: string; min_ms: number | null; p1_ms: number | null; p50_ms: number | null }>(
      `SELECT count(*) AS refreshes,
              count(*) FILTER (WHERE old_expires_at <= committed_at) AS expired,
              min(extract(epoch FROM old_expires_at - committed_at) * 1000) AS min_ms,
              percentile_cont(0.01) WITHIN GROUP (ORDER BY extract(epoch FROM old_expires_at - committed_at) * 1000) AS p1_ms,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM old_expires_at - committed_at) * 1000) AS p50_ms
         FROM bench_refresh_commits`,
    );
    const lag = await sql.query<{ claims: string; p50: number | null; p99: number | null; max: number | null }>(
      `SELECT count(*) AS claims,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM claimed_at - scheduled_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM claimed_at - scheduled_at) * 1000) AS p99,
              max(extract(epoch FROM claimed_at - scheduled_at) * 1000) AS max
         FROM bench_claims WHERE scheduled_at IS NOT NULL`,
    );
    const expiryEvents = await sql.query<{ class: string; n: string }>("SELECT class, count(*) AS n FROM auth_events GROUP BY class");
    const stillExpired = await sql.query<{ n: string }>("SELECT count(*) AS n FROM connections WHERE access_token_expires_at < now()");
    const c = commits.rows[0]!;
    const l = lag.rows[0]!;

    process.stdout.write(
      `${JSON.stringify(
        {
          benchmark: "refresh",
          date: new Date().toISOString(),
          machine: machineAtStart,
          postgres: postgres.settings,
          code: codeVersion(),
          engineVsBare,
          expiry: {
            workers: 2,
            connections: expiryConnections,
            windowSeconds,
            lifetimes: "60s–2h",
            refreshes: Number(c.refreshes),
            expiredBeforeRefresh: Number(c.expired),
            minRemainingMsAtRefresh: c.min_ms === null ? null : Math.round(c.min_ms),
            detail: {
              engine: `2 worker processes (bin/worker.ts), REFRESH_CONCURRENCY=${perWorker}, REFRESH_POLL_MS default (1000); provider latency ${expiryLatencyMs} ms; seeded in steady state: each token at a uniformly random point of the refresh interval the engine itself schedules, nothing due before the window starts`,
              measuredAt: "refresh commit (trigger: replaced token's expiry vs clock_timestamp() of the committing UPDATE)",
              remainingMsAtRefresh: { p1: c.p1_ms === null ? null : Math.round(c.p1_ms), p50: c.p50_ms === null ? null : Math.round(c.p50_ms) },
              claimLagMs: { claims: Number(l.claims), p50: round(l.p50 ?? 0), p99: round(l.p99 ?? 0), max: round(l.max ?? 0) },
              sampledEverySecond: { samples, maxExpiredWhileHealthyOrRefreshing: sampledExpiredMax, maxOverdueBy5s: sampledOverdueMax },
              expiredAtEnd: Number(stillExpired.rows[0]!.n),
              authEvents: Object.fromEntries(expiryEvents.rows.map((r) => [r.class, Number(r.n)])),
              workerWarnings: expiryProblems,
              seedMs,
              seedOverrunMs,
            },
          },
          loadAvgAtEnd: loadAverage(),
          benchWallSeconds: round((performance.now() - benchStarted) / 1000),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await cleanup.run();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
