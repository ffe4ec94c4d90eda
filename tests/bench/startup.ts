// npm run bench:startup — how long `npm start` takes to be ready (first start on an empty data
// folder vs. a restart on existing data, with the production build already fresh), and the
// latency of GET /api/health and of the Status page's API under sequential load. Prints JSON.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, cpus, totalmem } from "node:os";
import { join } from "node:path";
import { ensureProductionBuild } from "../../lib/server/launcher/build";
import { ensurePrismaClient } from "../../lib/server/launcher/prisma-client-freshness";
import { ROOT, startAuthpulse } from "../e2e/helpers/start-authpulse";

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (n: number) => Math.round(n * 10) / 10;

async function timeRequests(url: string, count: number): Promise<{ p50_ms: number; p95_ms: number; max_ms: number }> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50_ms: round(percentile(samples, 50)), p95_ms: round(percentile(samples, 95)), max_ms: round(samples.at(-1) ?? 0) };
}

async function main() {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  await ensurePrismaClient(ROOT, process.stderr);
  await ensureProductionBuild(ROOT, () => undefined, process.stderr);
  const first: number[] = [];
  const restart: number[] = [];
  let health = { p50_ms: 0, p95_ms: 0, max_ms: 0 };
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), "authpulse-bench-"));
    try {
      let started = performance.now();
      let app = await startAuthpulse({ dataDir, env: { LOG_LEVEL: "warn" } });
      first.push(performance.now() - started);
      if (i === 0) health = await timeRequests(`${app.url}/api/health`, 300);
      await app.stop("SIGINT");
      started = performance.now();
      app = await startAuthpulse({ dataDir, env: { LOG_LEVEL: "warn" } });
      restart.push(performance.now() - started);
      await app.stop("SIGINT");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! / 1000);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: "startup",
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model ?? "unknown", memory_gib: Math.round(totalmem() / 2 ** 30), node: process.version },
        runs,
        first_start_to_ready_s: { median: median(first), all: first.map((ms) => round(ms / 1000)) },
        restart_to_ready_s: { median: median(restart), all: restart.map((ms) => round(ms / 1000)) },
        first_over_restart_ratio: round(median(first) / median(restart)),
        health_endpoint_sequential_300: health,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
