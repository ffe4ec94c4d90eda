// `npm start` on an empty data dir, Ctrl-C, a refused second launcher, and a restart that keeps the data.
import { shippedMigrations } from "../../helpers/migration-count";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuthpulseExpectingFailure, startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";
import {
  CLEAN_ENV,
  cannotStartMessage,
  embeddedDatabaseUrl,
  freePorts,
  getHealth,
  insertMarkerUser,
  isListening,
  killOrphanPostgres,
  portEnv,
  postgresPidsFor,
  query,
  READY_TIMEOUT_MS,
  STACK_FRAME,
  stopAuthpulse,
  tempDataDir,
  waitForHealth,
  type Ports,
  printOutputOnFailure,
  removeDataDir,
} from "./launcher-helpers";

const MARKER_USER = "e2e-first-start-marker";

describe("npm start on an empty data dir", () => {
  let dataDir: string;
  let ports: Ports;
  let first: AuthpulseProcess | undefined;
  let second: AuthpulseProcess | undefined;
  let keyAfterFirstStart: Buffer;

  beforeAll(async () => {
    dataDir = tempDataDir("first-start");
    ports = await freePorts();
    first = await startAuthpulse({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports) }, readyTimeoutMs: READY_TIMEOUT_MS });
  });

  printOutputOnFailure(() => [first && { label: "first start", output: first.output }, second && { label: "second start", output: second.output }]);

  afterAll(async () => {
    await stopAuthpulse(first);
    await stopAuthpulse(second);
    killOrphanPostgres(dataDir);
    removeDataDir(dataDir);
  });

  it("creates the embedded PostgreSQL cluster and applies the migrations", async () => {
    const out = first!.output();
    expect(out).toContain(`Creating a new PostgreSQL cluster in ${join(dataDir, "postgres")}`);
    expect(out).toContain(`Embedded PostgreSQL ready on 127.0.0.1:${ports.pgPort}`);
    expect(existsSync(join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    expect(readFileSync(join(dataDir, "postgres", "PG_VERSION"), "utf8").trim()).toBe("18");
    expect(out).toContain(`Applied ${shippedMigrations.length} migration(s): ${shippedMigrations.join(", ")}.`);

    const rows = await query<{ migration_name: string; done: boolean }>(
      embeddedDatabaseUrl(dataDir, ports.pgPort),
      "select migration_name, finished_at is not null and rolled_back_at is null as done from _prisma_migrations order by migration_name",
    );
    expect(rows.map((r) => r.migration_name)).toEqual(shippedMigrations);
    expect(rows.every((r) => r.done)).toBe(true);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toHaveLength(1);
  });

  it("creates master.key with mode 0600 and prints the one-time set-up link", () => {
    const keyFile = join(dataDir, "master.key");
    expect(existsSync(keyFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = JSON.parse(readFileSync(keyFile, "utf8")) as { version: number; primary: string; keys: Record<string, string> };
    expect(key.version).toBe(1);
    expect(Buffer.from(key.keys[key.primary]!, "base64")).toHaveLength(32);
    keyAfterFirstStart = readFileSync(keyFile);

    expect(first!.output()).toContain(`Generated the master encryption key in ${keyFile} (mode 0600)`);
    expect(first!.setupLink()).toMatch(new RegExp(`^http://localhost:${ports.port}/setup\\?token=[\\w-]{20,}$`));
    expect(first!.output()).toContain("Press Ctrl-C to stop.");
    expect(readFileSync(join(dataDir, "authpulse.pid"), "utf8").trim()).toBe(String(first!.child.pid));
  });

  it("reports the database ok, and the worker ok with a live worker within seconds", async () => {
    const { httpStatus, body } = await getHealth(ports.port);
    expect(httpStatus).toBe(200);
    expect(body.database.status).toBe("ok");

    const health = await waitForHealth(ports.port, (h) => h.worker.status === "ok", 15_000);
    expect(health.status).toBe("ok");
    expect(health.worker.status).toBe("ok");
    expect(health.worker.liveWorkers).toBeGreaterThanOrEqual(1);
    expect(Date.now() - Date.parse(health.worker.lastHeartbeatAt!)).toBeLessThan(30_000);
  });

  it("serves the demo OAuth provider's discovery document", async () => {
    const res = await fetch(`http://127.0.0.1:${ports.demoPort}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const discovery = (await res.json()) as { issuer: string; token_endpoint: string };
    expect(discovery.issuer).toBe(`http://127.0.0.1:${ports.demoPort}`);
    expect(discovery.token_endpoint).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${ports.demoPort}/`));
  });

  it("refuses a second launcher on the same data dir, and the first keeps working", async () => {
    const other = await runAuthpulseExpectingFailure({ dataDir, env: { ...CLEAN_ENV }, readyTimeoutMs: 120_000 });
    expect(other.code).not.toBe(0);
    expect(other.code).not.toBeNull();
    const message = cannotStartMessage(other.output);
    expect(message).toContain(`Authpulse is already running from ${dataDir} (process ${first!.child.pid})`);
    expect(other.output).not.toMatch(STACK_FRAME);

    expect(first!.child.exitCode).toBeNull();
    expect(readFileSync(join(dataDir, "authpulse.pid"), "utf8").trim()).toBe(String(first!.child.pid));
    expect(postgresPidsFor(join(dataDir, "postgres"))).toHaveLength(1);
    const { httpStatus, body } = await getHealth(ports.port);
    expect(httpStatus).toBe(200);
    expect(body.database.status).toBe("ok");
  });

  it("refuses a second `npm start` with the same settings (same ports) as already running, not as a port clash", async () => {
    const other = await runAuthpulseExpectingFailure({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports) }, readyTimeoutMs: 120_000 });
    expect(other.code).toBe(1);
    expect(cannotStartMessage(other.output)).toContain(`Authpulse is already running from ${dataDir} (process ${first!.child.pid})`);
    expect(other.output).not.toContain("already in use");
    expect(first!.child.exitCode).toBeNull();
    expect(readFileSync(join(dataDir, "authpulse.pid"), "utf8").trim()).toBe(String(first!.child.pid));
    expect((await getHealth(ports.port)).httpStatus).toBe(200);
  });

  it("stops everything on Ctrl-C (SIGINT): exit code 0, ports closed, no PostgreSQL left, pid file removed", async () => {
    // A user row, so the restart below has nothing to set up and must still find it.
    await insertMarkerUser(embeddedDatabaseUrl(dataDir, ports.pgPort), MARKER_USER);

    const code = await first!.stop("SIGINT");
    expect(code).toBe(0);
    expect(first!.output()).toContain("PostgreSQL stopped.");
    expect(first!.output()).toMatch(/\[authpulse\] Stopped\.\s*$/);
    expect(await isListening(ports.port)).toBe(false);
    expect(await isListening(ports.demoPort)).toBe(false);
    expect(await isListening(ports.pgPort)).toBe(false);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
    expect(existsSync(join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(existsSync(join(dataDir, "authpulse.pid"))).toBe(false);
  });

  it("starts again on the same data dir, keeps the data and the key, and prints no new set-up link", async () => {
    second = await startAuthpulse({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports) }, readyTimeoutMs: READY_TIMEOUT_MS });
    const out = second.output();
    expect(out).not.toContain("Creating a new PostgreSQL cluster");
    expect(out).toContain(`Database schema is up to date (${shippedMigrations.length} migrations).`);
    expect(out).not.toContain("Generated the master encryption key");
    expect(out).not.toContain("Generated local secrets");
    expect(second.setupLink()).toBeNull();
    expect(out).not.toContain("/setup?token=");

    expect(readFileSync(join(dataDir, "master.key")).equals(keyAfterFirstStart)).toBe(true);
    expect(statSync(join(dataDir, "master.key")).mode & 0o777).toBe(0o600);
    const users = await query<{ id: string; email: string }>(embeddedDatabaseUrl(dataDir, ports.pgPort), "select id, email from users");
    expect(users).toEqual([{ id: MARKER_USER, email: `${MARKER_USER}@example.test` }]);

    const health = await waitForHealth(ports.port, (h) => h.status === "ok", 15_000);
    expect(health.database.status).toBe("ok");
    expect(health.worker.liveWorkers).toBeGreaterThanOrEqual(1);

    expect(await second.stop("SIGINT")).toBe(0);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
  });
});
