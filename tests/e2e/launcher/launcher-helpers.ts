// Helpers shared by the launcher's end-to-end tests (`npm start` as a user runs it).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach } from "vitest";
import { findFreePort } from "../../../lib/server/launcher/ports";
import type { AuthpulseProcess } from "../helpers/start-authpulse";

export { findFreePort };

/** Generous: a start may have to rebuild the web app when sources changed under us. */
export const READY_TIMEOUT_MS = 300_000;

/** Env that keeps the developer's own settings out of the launcher under test. */
export const CLEAN_ENV = {
  DATABASE_URL: undefined,
  AUTHPULSE_MASTER_KEY: undefined,
  AUTHPULSE_MASTER_KEY_FILE: undefined,
  NEXTAUTH_URL: undefined,
  NEXTAUTH_SECRET: undefined,
  HOST: undefined,
  AUTHPULSE_WORKERS: undefined,
  AUTHPULSE_DEMO_PROVIDER: undefined,
} as const;

export type Ports = { port: number; pgPort: number; demoPort: number };

/** Three free loopback ports for the web app, the embedded PostgreSQL and the demo provider. */
export async function freePorts(): Promise<Ports> {
  const taken = new Set<number>();
  const next = async () => {
    for (;;) {
      const p = await findFreePort();
      if (!taken.has(p)) {
        taken.add(p);
        return p;
      }
    }
  };
  return { port: await next(), pgPort: await next(), demoPort: await next() };
}

export const portEnv = (ports: Ports) => ({
  PORT: String(ports.port),
  AUTHPULSE_PG_PORT: String(ports.pgPort),
  DEMO_PROVIDER_PORT: String(ports.demoPort),
});

/** A fresh, empty temp folder for an Authpulse data dir. */
export const tempDataDir = (label: string) => mkdtempSync(join(tmpdir(), `authpulse-e2e-${label}-`));

/** Stops Authpulse with Ctrl-C and waits; SIGKILL (and a null code) if it hangs. */
export async function stopAuthpulse(app: AuthpulseProcess | undefined, graceMs = 60_000): Promise<number | null> {
  if (!app) return null;
  if (app.child.exitCode !== null || app.child.signalCode !== null) return app.child.exitCode;
  app.child.kill("SIGINT");
  const timer = setTimeout(() => app.child.kill("SIGKILL"), graceMs);
  const code = await app.exited;
  clearTimeout(timer);
  return code;
}

/** Last resort after a failed test: stop an embedded PostgreSQL that a killed launcher left running. */
export function killOrphanPostgres(dataDir: string | undefined) {
  if (!dataDir) return;
  for (const pid of postgresPidsFor(join(dataDir, "postgres"))) {
    try {
      process.kill(pid, "SIGQUIT");
    } catch {
      // already gone
    }
  }
}

/** PIDs of postmasters whose command line names `-D <pgDataDir>`. */
export function postgresPidsFor(pgDataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const d = args.indexOf("-D");
    if (/postgres$/.test(args[0] ?? "") && d >= 0 && args[d + 1] === pgDataDir) pids.push(Number(entry));
  }
  return pids;
}

/** True when something accepts TCP connections on host:port. */
export function isListening(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(2000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** URL of a database on the embedded PostgreSQL of `dataDir` (password from its secrets.json). */
export function embeddedDatabaseUrl(dataDir: string, pgPort: number, database = "authpulse"): string {
  const secrets = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  return `postgresql://authpulse:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${pgPort}/${database}`;
}

export async function query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export type Health = {
  status: string;
  database: { status: string };
  worker: { status: string; liveWorkers: number; lastHeartbeatAt: string | null };
};

export async function getHealth(port: number): Promise<{ httpStatus: number; body: Health }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(10_000) });
  return { httpStatus: res.status, body: (await res.json()) as Health };
}

/** Polls /api/health until `accept` holds; returns the last report (the caller asserts on it). */
export async function waitForHealth(port: number, accept: (h: Health) => boolean, timeoutMs = 20_000): Promise<Health> {
  const deadline = Date.now() + timeoutMs;
  let last = (await getHealth(port)).body;
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = (await getHealth(port)).body;
  }
  return last;
}

/** A Node stack frame line, which a user-facing start-up error must not print. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

/** The `[authpulse] Cannot start: ...` message, up to the launcher's "Stopping…". */
export function cannotStartMessage(output: string): string {
  const match = output.match(/\[authpulse\] Cannot start: ([\s\S]*?)(?=\n\[authpulse\] Stopp|$)/);
  return match?.[1]?.trim() ?? "";
}

/** A user row, so that a restart has no set-up link to print and data persistence can be checked. */
export async function insertMarkerUser(url: string, id: string) {
  await query(url, `insert into users (id, email, name, updated_at) values ($1, $2, 'Launcher e2e marker', now())`, [id, `${id}@example.test`]);
}

// --- A separate PostgreSQL 15 (Debian's server binaries), as an "external" database. ---

export const PG15_BIN = "/usr/lib/postgresql/15/bin";

export type ExternalPostgres = { port: number; url: (database: string) => string; stop: () => Promise<void>; root: string };

function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid <= 0) throw new Error("Running as root, but there is no `postgres` system user to run PostgreSQL 15 as.");
  return { uid, gid };
}

/** initdb + postgres from PostgreSQL 15 in a temp dir on a free loopback port (as `postgres` when root). */
export async function startExternalPostgres15(password: string): Promise<ExternalPostgres> {
  if (!existsSync(join(PG15_BIN, "postgres"))) throw new Error(`PostgreSQL 15 server binaries not found in ${PG15_BIN}.`);
  const runAs = postgresUser();
  const root = mkdtempSync(join(tmpdir(), "authpulse-e2e-pg15-"));
  chmodSync(root, 0o755);
  const data = join(root, "data");
  mkdirSync(data, { mode: 0o700 });
  const pwfile = join(root, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) {
    chownSync(data, runAs.uid, runAs.gid);
    chownSync(pwfile, runAs.uid, runAs.gid);
  }
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: "C", LC_ALL: "C" };
  const opts = { ...(runAs ?? {}), cwd: root, env };
  const init = spawnSync(join(PG15_BIN, "initdb"), ["-D", data, "--username=postgres", `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"], { ...opts, encoding: "utf8" });
  rmSync(pwfile, { force: true });
  if (init.status !== 0) throw new Error(`initdb (PostgreSQL 15) failed: ${init.stderr || init.stdout}`);
  const port = await findFreePort();
  const logFile = join(root, "postgres.log");
  const child: ChildProcess = spawn(join(PG15_BIN, "postgres"), ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"], {
    ...opts,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout?.on("data", (c: Buffer) => (log += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const url = (database: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(root, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`PostgreSQL 15 exited during start-up:\n${log}`);
    }
    try {
      await query(url("postgres"), "select 1");
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`PostgreSQL 15 did not accept connections: ${String(error)}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { port, url, stop, root };
}

/** After a failed test, prints the launcher output(s) so the failure can be diagnosed from the log. */
export function printOutputOnFailure(outputs: () => Array<{ label: string; output: () => string } | undefined>) {
  afterEach((context) => {
    if (context.task.result?.state !== "fail") return;
    for (const item of outputs()) {
      if (item) process.stderr.write(`\n----- ${item.label} output (${context.task.name}) -----\n${item.output().slice(-20_000)}\n----- end -----\n`);
    }
  });
}

/** Removes a test's data dir once nothing runs on it any more. */
export function removeDataDir(dataDir: string | undefined) {
  if (!dataDir || postgresPidsFor(join(dataDir, "postgres")).length > 0) return;
  rmSync(dataDir, { recursive: true, force: true });
}
