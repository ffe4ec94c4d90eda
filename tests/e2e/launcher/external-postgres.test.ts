// With DATABASE_URL set, `npm start` uses that PostgreSQL (here a separate PostgreSQL 15)
// and starts no embedded one.
import { shippedMigrations } from "../../helpers/migration-count";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuthpulseExpectingFailure, startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";
import {
  CLEAN_ENV,
  cannotStartMessage,
  freePorts,
  isListening,
  portEnv,
  postgresPidsFor,
  query,
  READY_TIMEOUT_MS,
  STACK_FRAME,
  startExternalPostgres15,
  stopAuthpulse,
  tempDataDir,
  waitForHealth,
  type ExternalPostgres,
  type Ports,
  printOutputOnFailure,
  removeDataDir,
} from "./launcher-helpers";

const PASSWORD = "Ext3rnal-pw-e2e-91c2";
const DATABASE = "authpulse_external";

describe("npm start with DATABASE_URL pointing at an external PostgreSQL", () => {
  let external: ExternalPostgres | undefined;
  let app: AuthpulseProcess | undefined;
  let dataDir: string;
  let ports: Ports;

  beforeAll(async () => {
    external = await startExternalPostgres15(PASSWORD);
    await query(external.url("postgres"), `create database ${DATABASE}`);
    dataDir = tempDataDir("external");
    ports = await freePorts();
    app = await startAuthpulse({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports), DATABASE_URL: external.url(DATABASE) }, readyTimeoutMs: READY_TIMEOUT_MS });
  });

  printOutputOnFailure(() => [app && { label: "authpulse", output: app.output }]);

  afterAll(async () => {
    await stopAuthpulse(app);
    await external?.stop();
    removeDataDir(dataDir);
  });

  it("says it uses the external PostgreSQL and starts no embedded one", async () => {
    const out = app!.output();
    expect(out).toContain(`Using external PostgreSQL at 127.0.0.1:${external!.port}/${DATABASE} (no embedded database started).`);
    expect(out).not.toContain("Creating a new PostgreSQL cluster");
    expect(out).not.toContain("Embedded PostgreSQL ready");
    expect(out).not.toContain(PASSWORD);
    expect(existsSync(join(dataDir, "postgres"))).toBe(false);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
    expect(await isListening(ports.pgPort)).toBe(false);
  });

  it("applies the migrations to the external database", async () => {
    const url = external!.url(DATABASE);
    const [version] = await query<{ server_version: string }>(url, "show server_version");
    expect(version!.server_version).toMatch(/^15\./);
    const migrations = await query<{ migration_name: string; done: boolean }>(
      url,
      "select migration_name, finished_at is not null and rolled_back_at is null as done from _prisma_migrations order by migration_name",
    );
    expect(migrations.map((m) => m.migration_name)).toEqual(shippedMigrations);
    expect(migrations.every((m) => m.done)).toBe(true);
    const [users] = await query<{ n: number }>(url, "select count(*)::int as n from users");
    expect(users!.n).toBe(0);
    // Nothing landed in the server's default database.
    const [stray] = await query<{ present: boolean }>(external!.url("postgres"), "select to_regclass('public._prisma_migrations') is not null as present");
    expect(stray!.present).toBe(false);
  });

  it("creates the master key, prints the set-up link, and reports database and worker ok", async () => {
    expect(existsSync(join(dataDir, "master.key"))).toBe(true);
    expect(app!.setupLink()).toMatch(/\/setup\?token=/);
    const health = await waitForHealth(ports.port, (h) => h.status === "ok", 15_000);
    expect(health.database.status).toBe("ok");
    expect(health.worker.status).toBe("ok");
    expect(health.worker.liveWorkers).toBeGreaterThanOrEqual(1);
    const [check] = await query<{ key_id: string }>(external!.url(DATABASE), "select key_id from key_checks");
    expect(check!.key_id).toBe("k1");
  });

  it.each([
    ["a wrong password", (e: ExternalPostgres) => e.url(DATABASE).replace(encodeURIComponent(PASSWORD), "Wr0ng-pw-e2e-55aa"), 'the server refused the login for user "postgres" (check the user name and password)'],
    ["a database that does not exist", (e: ExternalPostgres) => e.url("no_such_db"), "that database does not exist (create it first)"],
  ])("refuses %s with a clear message, no password, no stack", async (_label, makeUrl, reason) => {
    const url = makeUrl(external!);
    const database = new URL(url).pathname.slice(1);
    const badDataDir = tempDataDir("external-bad");
    const result = await runAuthpulseExpectingFailure({ dataDir: badDataDir, env: { ...CLEAN_ENV, DATABASE_URL: url }, readyTimeoutMs: 120_000 });
    removeDataDir(badDataDir);
    expect(result.code).toBe(1);
    expect(cannotStartMessage(result.output)).toBe(`Cannot connect to the database at 127.0.0.1:${external!.port}/${database}: ${reason}.`);
    expect(result.output).not.toContain(PASSWORD);
    expect(result.output).not.toContain("Wr0ng-pw-e2e-55aa");
    expect(result.output).not.toMatch(STACK_FRAME);
  });

  it("stops on Ctrl-C with exit code 0 and leaves the external PostgreSQL running", async () => {
    expect(await app!.stop("SIGINT")).toBe(0);
    expect(app!.output()).not.toContain("PostgreSQL stopped.");
    expect(await isListening(ports.port)).toBe(false);
    const [one] = await query<{ one: number }>(external!.url(DATABASE), "select 1 as one");
    expect(one!.one).toBe(1);
  });
});
