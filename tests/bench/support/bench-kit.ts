// Shared plumbing for the refresh benchmarks (bench:refresh, bench:due): a throwaway embedded
// PostgreSQL started by the launcher's own code (lib/server/embedded-postgres, as the test
// helper does), migrated databases, a master key file, machine facts, CPU accounting from /proc.
// Everything logs to stderr; a bench prints exactly one JSON object on stdout.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres as startServer } from "../../../lib/server/embedded-postgres/embedded-postgres";
import { findFreePort } from "../../../lib/server/launcher/ports";
import { migrateDatabase } from "../../../lib/server/migrate";
import { generateKeyringFile, parseKeyring, type Keyring } from "../../../lib/server/vault/keyring";
import { databaseUrl, quoteIdent } from "../../helpers/database-url";
import { allowPostgresUser } from "../../helpers/embedded-postgres";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const MIGRATIONS_DIR = join(ROOT, "prisma", "migrations");
/** Node flags every Authpulse process runs with (see package.json scripts). */
export const NODE_FLAGS = ["--conditions=react-server", "--import", "tsx"];

export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got ${raw}`);
  return Math.floor(value);
}

export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw?.trim()) return fallback;
  return raw.split(",").map((part) => {
    const value = Number(part.trim());
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a comma-separated list of numbers, got ${raw}`);
    return value;
  });
}

export function machine() {
  return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, memoryGiB: Math.round(totalmem() / 2 ** 30), loadAvgAtStart: loadAverage() };
}

export function loadAverage(): number[] {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).map(Number);
  } catch {
    return [];
  }
}

export type BenchPostgres = {
  adminUrl: string;
  pid: number;
  /** "fsync on (npm start settings)" or "fsync off (test settings)". */
  settings: string;
  /** A new database with every migration applied. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Starts PostgreSQL in a temp folder with pg_stat_statements preloaded. By default with the
 * settings `npm start` uses (durable commits); BENCH_PG_FAST=1 uses the test suite's fsync=off.
 */
export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dir = mkdtempSync(join(tmpdir(), "authpulse-bench-pg-"));
  await allowPostgresUser(dir);
  const fast = process.env.BENCH_PG_FAST === "1";
  const port = await findFreePort();
  const server = await startServer({
    dataDir: join(dir, "data"),
    logFile: join(dir, `postgres-${port}.log`),
    port,
    user: "postgres",
    password: "postgres",
    settings: {
      shared_preload_libraries: "pg_stat_statements",
      ...(fast ? { fsync: "off", synchronous_commit: "off", full_page_writes: "off" } : {}),
    },
  });
  const adminUrl = server.url("postgres");
  let template: string | null = null;
  return {
    adminUrl,
    pid: server.pid,
    settings: fast ? "fsync off, synchronous_commit off (test-suite settings)" : "defaults as started by npm start (fsync on, synchronous_commit on)",
    async createDatabase(name) {
      if (!template) {
        template = "bench_template";
        await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(template)}`);
        await migrateDatabase({ connectionString: databaseUrl(adminUrl, template), migrationsDir: MIGRATIONS_DIR });
      }
      await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      const url = databaseUrl(adminUrl, name);
      await adminQuery(url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      return url;
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh master key file (mode 0600) in its own temp folder, and the keyring it holds. */
export function writeMasterKey(): { file: string; keyring: Keyring; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "authpulse-bench-key-"));
  const file = join(dir, "master.key");
  const text = `${JSON.stringify(generateKeyringFile(), null, 2)}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  return { file, keyring: parseKeyring(text, file), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

function statFields(pid: number): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 2 (comm) may hold spaces; everything after the last ")" is space-separated from field 3.
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used, plus (withChildren) what its reaped children used. */
export function cpuSeconds(pid: number, withChildren = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After comm: [0]=state [1]=ppid ... utime=[11] stime=[12] cutime=[13] cstime=[14]
  const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / CLOCK_TICKS;
}

/** CPU seconds of a PostgreSQL server: the postmaster, its live backends and the ones that exited. */
export function postgresCpuSeconds(postmasterPid: number): number {
  let total = cpuSeconds(postmasterPid, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === postmasterPid) total += cpuSeconds(Number(entry));
  }
  return total;
}

/** Top statements by total execution time since the last pg_stat_statements_reset(). */
export async function topStatements(client: pg.Client, limit = 8) {
  const { rows } = await client.query<{ query: string; calls: string; total: number; mean: number; max: number; rows: string; hit: string; read: string }>(
    `SELECT query, calls, total_exec_time AS total, mean_exec_time AS mean, max_exec_time AS max, rows, shared_blks_hit AS hit, shared_blks_read AS read
       FROM pg_stat_statements
      WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND query NOT ILIKE '%pg_stat_statements%'
      ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    query: r.query.replace(/\s+/g, " ").trim().slice(0, 110),
    calls: Number(r.calls),
    totalMs: round(r.total),
    meanMs: round(r.mean, 3),
    maxMs: round(r.max, 1),
    buffersPerCall: round((Number(r.hit) + Number(r.read)) / Math.max(1, Number(r.calls)), 1),
  }));
}

/** Machine-wide CPU seconds busy and total (all cores) so far, from /proc/stat: shows load from other users too. */
export function machineCpuSeconds(): { busy: number; total: number } {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** Runs the cleanups (last registered first) once, also on Ctrl-C: the embedded PostgreSQL runs in its own process group. */
export function cleanupStack() {
  const steps: Array<() => Promise<void> | void> = [];
  let ran: Promise<void> | null = null;
  const run = () =>
    (ran ??= (async () => {
      for (const step of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: cleaning up`);
    void run().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { add: (step: () => Promise<void> | void) => void steps.push(step), run };
}

/** Which code was measured: HEAD, and the engine files with uncommitted changes (others edit the tree while benches run). */
export function codeVersion(): { head: string; uncommittedEngineFiles: string[] } {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  const dirty = git("status", "--porcelain", "--", "lib/server/refresh", "lib/server/db.ts", "bin/worker.ts", "lib/server/jobs", "prisma");
  return { head: git("rev-parse", "--short", "HEAD"), uncommittedEngineFiles: dirty ? dirty.split("\n").map((l) => l.slice(3)) : [] };
}
