// npm run bench:dashboard — do the dashboard APIs stay fast as auth events pile up? Starts
// Authpulse as `npm start` does (production build, embedded PostgreSQL, worker), seeds 10,000
// connections and auth events at a constant rate (BENCH_DASH_EVENTS_PER_HOUR, default 1M over 90
// days ≈ 463/h): first the newest 100,000 (≈ 9 days), measures; then 900,000 older ones (to 90
// days, the retention), measures again. Every event goes through INSERT INTO auth_events, so the
// rollup triggers run. Each endpoint of support/dashboard-endpoints.ts is timed over HTTP with a
// signed-in session, round-robin with a bare health route, so p95 ratios compare like with like.
// Also reports the Overview page's first-load JS (gzip) from the build manifests. Prints JSON.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { systemClock } from "../../lib/clock";
import { ensureProductionBuild } from "../../lib/server/launcher/build";
import { ensurePrismaClient } from "../../lib/server/launcher/prisma-client-freshness";
import { createDb } from "../../lib/server/db";
import { getErrorSeries } from "../../lib/server/dashboard/errors/get-error-series";
import { getErrorsByIntegration } from "../../lib/server/dashboard/errors/get-errors-by-integration";
import { getOverview } from "../../lib/server/dashboard/get-overview";
import { completeSetup } from "../../lib/server/setup/complete-setup";
import { parseKeyring } from "../../lib/server/vault/keyring";
import { startAuthpulse } from "../e2e/helpers/start-authpulse";
import { cleanupStack, codeVersion, envInt, log, machine, percentile, ROOT, round } from "./support/bench-kit";
import { allEndpoints, type BenchEndpoint } from "./support/dashboard-endpoints";
import { seedBenchConnections, seedBenchEvents, type EventMix } from "./support/dashboard-seed";
import { captureQueries, explainSummary } from "./support/explain-queries";
import { firstLoadJs } from "./support/first-load-js";
import { logInOverHttp } from "./support/http-session";

const HOUR = 3_600_000;
const ADMIN = { name: "Bench Admin", email: "bench@example.com", password: "bench-dashboard-password-1", workspaceName: "Bench" };
const TARGETS = { scaleRatio: 1.5, vsHealth: 5, overviewFirstLoadKiB: 300 };

type Samples = Map<string, number[]>;

async function timeOnce(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie, accept: "application/json" } });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

/** Round-robin over the health route and every endpoint, `reps` times after `warmup` rounds. */
async function measure(baseUrl: string, cookie: string, endpoints: BenchEndpoint[], reps: number, warmup: number): Promise<Samples> {
  const all = [{ name: "health", path: "/api/health" }, ...endpoints];
  const samples: Samples = new Map(all.map((e) => [e.name, []]));
  for (let rep = 0; rep < warmup + reps; rep++) {
    const order = rep % 2 === 0 ? all : [...all].reverse();
    for (const e of order) {
      const ms = await timeOnce(`${baseUrl}${e.path}`, cookie);
      if (rep >= warmup) samples.get(e.name)!.push(ms);
    }
  }
  return samples;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50Ms: round(percentile(sorted, 50), 2), p95Ms: round(percentile(sorted, 95), 2) };
}

async function main() {
  const machineAtStart = machine();
  const connectionsCount = envInt("BENCH_DASH_CONNECTIONS", 10_000);
  const small = envInt("BENCH_DASH_SMALL", 100_000);
  const large = envInt("BENCH_DASH_LARGE", 1_000_000);
  const perHour = envInt("BENCH_DASH_EVENTS_PER_HOUR", Math.round(large / (90 * 24)));
  const reps = envInt("BENCH_DASH_REPS", 300);
  const warmup = envInt("BENCH_DASH_WARMUP", 20);
  const cleanup = cleanupStack();
  try {
    // Their output goes to stderr: stdout carries the JSON only.
    await ensurePrismaClient(ROOT, process.stderr);
    await ensureProductionBuild(ROOT, (m) => log(m), process.stderr);
    log("starting Authpulse (npm start's entry)");
    const app = await startAuthpulse({ env: { LOG_LEVEL: "warn" } });
    cleanup.add(async () => void (await app.stop("SIGINT")));
    const url = app.embeddedDatabaseUrl();
    const db = createDb(url, { max: 2 });
    cleanup.add(() => db.$disconnect());
    const sql = new pg.Client({ connectionString: url });
    await sql.connect();
    cleanup.add(() => sql.end());

    const token = new URL(app.setupLink()!).searchParams.get("token")!;
    const { userId, workspaceId } = await completeSetup({ db, clock: systemClock }, { token, ...ADMIN });
    const cookie = await logInOverHttp(app.url, ADMIN);
    const keyring = parseKeyring(readFileSync(join(app.dataDir, "master.key"), "utf8"), "master.key");

    let started = performance.now();
    const connections = await seedBenchConnections(sql, keyring, { workspaceId, ownerId: userId, count: connectionsCount });
    log(`seeded ${connections.length} connections in ${round((performance.now() - started) / 1000)} s`);
    const mix: EventMix = { workspaceId, connections, troubled: connections.slice(0, Math.ceil(connections.length / 20)), errorShare: 0.15 };
    const endpoints = allEndpoints(ROOT, { erroringConnectionId: mix.troubled[0]! });

    const now = Date.now();
    const phases: { events: number; historyHours: number; seedSeconds: number; rollupRows: number; samples: Samples }[] = [];
    let seeded = 0;
    for (const target of [small, large]) {
      const count = target - seeded;
      const to = new Date(now - (seeded / perHour) * HOUR);
      const from = new Date(to.getTime() - (count / perHour) * HOUR);
      started = performance.now();
      await seedBenchEvents(sql, mix, { count, from, to, onProgress: (done) => done % 100_000 === 0 && log(`  ${seeded + done} events`) });
      const seedSeconds = round((performance.now() - started) / 1000);
      seeded = target;
      await sql.query("VACUUM ANALYZE auth_events");
      await sql.query("VACUUM ANALYZE auth_event_hourly");
      await sql.query("VACUUM ANALYZE connections");
      const rollupRows = Number((await sql.query<{ n: string }>("SELECT count(*) AS n FROM auth_event_hourly")).rows[0]!.n);
      log(`${target} events (${seedSeconds} s to insert, ${rollupRows} rollup rows); measuring ${endpoints.length} endpoints × ${reps}`);
      phases.push({ events: target, historyHours: round((now - from.getTime()) / HOUR, 0), seedSeconds, rollupRows, samples: await measure(app.url, cookie, endpoints, reps, warmup) });
    }

    const [p1, p2] = phases as [(typeof phases)[0], (typeof phases)[0]];
    const health = { at100k: stats(p1.samples.get("health")!), at1M: stats(p2.samples.get("health")!) };
    const apis = endpoints.map((e) => {
      const a = stats(p1.samples.get(e.name)!);
      const b = stats(p2.samples.get(e.name)!);
      const scale = round(b.p95Ms / a.p95Ms, 2);
      const vs100k = round(a.p95Ms / health.at100k.p95Ms, 2);
      const vs1M = round(b.p95Ms / health.at1M.p95Ms, 2);
      // The phases run minutes apart on a shared machine: the same ratio measured against the health
      // route of each phase cancels a machine-wide slowdown that hits one phase only.
      const healthAdjusted = round(vs1M / vs100k, 2);
      return { name: e.name, path: e.path.replace(mix.troubled[0]!, "<erroring connection>"), at100k: a, at1M: b, p95Ratio1MOver100k: scale, p95Ratio1MOver100kHealthAdjusted: healthAdjusted, p95VsHealthAt100k: vs100k, p95VsHealthAt1M: vs1M, meetsTargets: Math.min(scale, healthAdjusted) <= TARGETS.scaleRatio && Math.max(vs100k, vs1M) <= TARGETS.vsHealth };
    });
    // How the heaviest endpoints find their rows at 1M events (every data statement each sends).
    const explain = async (call: Parameters<typeof captureQueries>[1]) => {
      const summaries = [];
      for (const q of await captureQueries(url, call)) summaries.push(await explainSummary(sql, q)); // one client: one query at a time
      return summaries;
    };
    const explained = {
      "errors.by-integration 7d": await explain((ctx) => getErrorsByIntegration(ctx, { workspaceId, filters: {}, range: "7d" })),
      "errors.series 7d hourly": await explain((ctx) => getErrorSeries(ctx, { workspaceId, filters: {}, range: "7d", bucket: "1h" })),
      "overview 7d, erroring list": await explain((ctx) => getOverview(ctx, { workspaceId, filters: {}, trendRange: "7d", state: "erroring" })),
    };
    const overview = firstLoadJs(ROOT, "/(dashboard)/overview/page");
    const result = {
      benchmark: "dashboard",
      date: new Date().toISOString(),
      machine: { ...machineAtStart, loadAvgAtEnd: machine().loadAvgAtStart },
      code: codeVersion(),
      setup: {
        connections: connectionsCount,
        eventsPerHour: perHour,
        errorShare: mix.errorShare,
        phases: phases.map((p) => ({ events: p.events, historyHours: p.historyHours, insertSeconds: p.seedSeconds, rollupRows: p.rollupRows })),
        method: "HTTP GET with a signed-in session against the production build (npm start's launcher), sequential, endpoints and /api/health interleaved",
        repsPerEndpoint: reps,
        warmup,
      },
      targets: TARGETS,
      health,
      apis,
      explainAt1M: explained,
      overviewFirstLoadJs: { ...overview, meetsTarget: overview.gzipKiB <= TARGETS.overviewFirstLoadKiB },
      allMeetTargets: apis.every((a) => a.meetsTargets) && overview.gzipKiB <= TARGETS.overviewFirstLoadKiB,
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await cleanup.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
