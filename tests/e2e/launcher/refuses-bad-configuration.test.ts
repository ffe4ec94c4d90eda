import { shippedMigrations } from "../../helpers/migration-count";
// `npm start` refuses bad settings and a wrong, corrupt or missing master key with a clear
// message (no stack, no password), exits non-zero, and loses no data: a good start afterwards
// finds everything as it was.
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAuthpulseExpectingFailure, startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";
import {
  CLEAN_ENV,
  cannotStartMessage,
  embeddedDatabaseUrl,
  findFreePort,
  freePorts,
  insertMarkerUser,
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

const MARKER_USER = "e2e-bad-config-marker";
const PASSWORD = "S3cretPw-e2e-7f3a";

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once("error", reject);
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => resolve(server));
  });
}
const release = (server: Server) => new Promise<void>((r) => server.close(() => r()));

describe("npm start refuses bad input without losing data", () => {
  let dataDir: string;
  let ports: Ports;
  let goodKey: Buffer;
  let app: AuthpulseProcess | undefined;
  let lastRefusal: { output: string } | undefined;

  const keyFile = () => join(dataDir, "master.key");
  const refuse = async (env: Record<string, string | undefined>) => {
    const result = await runAuthpulseExpectingFailure({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports), ...env }, readyTimeoutMs: 120_000 });
    lastRefusal = result;
    return { ...result, message: cannotStartMessage(result.output) };
  };
  /** What every refusal must leave behind: nothing running, no claim on the data dir. */
  const expectCleanRefusal = (result: { code: number | null; output: string; message: string }) => {
    expect(result.code).toBe(1);
    expect(result.message).not.toBe("");
    expect(result.output).not.toMatch(STACK_FRAME);
    expect(result.output).toMatch(/\[authpulse\] Stopped\.\s*$/);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
    expect(existsSync(join(dataDir, "authpulse.pid"))).toBe(false);
  };

  beforeAll(async () => {
    dataDir = tempDataDir("bad-config");
    ports = await freePorts();
    app = await startAuthpulse({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports) }, readyTimeoutMs: READY_TIMEOUT_MS });
    await insertMarkerUser(embeddedDatabaseUrl(dataDir, ports.pgPort), MARKER_USER);
    goodKey = readFileSync(keyFile());
    const code = await stopAuthpulse(app);
    app = undefined;
    if (code !== 0) throw new Error(`The first start did not stop cleanly (code ${code}).`);
  });

  printOutputOnFailure(() => [app && { label: "authpulse", output: app.output }, lastRefusal && { label: "last refusal", output: () => lastRefusal!.output }]);

  afterAll(async () => {
    await stopAuthpulse(app);
    killOrphanPostgres(dataDir);
    removeDataDir(dataDir);
  });

  it("PORT=abc: names PORT", async () => {
    const result = await refuse({ PORT: "abc" });
    expectCleanRefusal(result);
    expect(result.message).toBe("Invalid configuration:\n  - PORT: PORT must be a port number");
  });

  it.each([
    ["not-a-url", "not-a-url"],
    ["a mysql:// URL", `mysql://admin:${PASSWORD}@db.example.test:3306/authpulse`],
    ["a URL missing its colon", `postgresql//admin:${PASSWORD}@db.example.test/authpulse`],
  ])("malformed DATABASE_URL (%s): names DATABASE_URL and never echoes it", async (_label, value) => {
    const result = await refuse({ DATABASE_URL: value });
    expectCleanRefusal(result);
    expect(result.message).toBe("Invalid configuration:\n  - DATABASE_URL: DATABASE_URL must look like postgresql://user:password@host:5432/database");
    expect(result.output).not.toContain(PASSWORD);
    expect(result.output).not.toContain("db.example.test");
  });

  it("unreachable external DATABASE_URL: a clear connection message without the password, no embedded PostgreSQL", async () => {
    const deadPort = await findFreePort();
    const result = await refuse({ DATABASE_URL: `postgresql://authpulse:${PASSWORD}@127.0.0.1:${deadPort}/authpulse` });
    expectCleanRefusal(result);
    expect(result.output).toContain(`Using external PostgreSQL at 127.0.0.1:${deadPort}/authpulse (no embedded database started).`);
    expect(result.message).toBe(
      `Cannot connect to the database at 127.0.0.1:${deadPort}/authpulse: nothing is listening there (is PostgreSQL running, and is the port right?).`,
    );
    expect(result.output).not.toContain(PASSWORD);
    expect(result.output).not.toContain(encodeURIComponent(PASSWORD));
    expect(result.output).not.toContain("Embedded PostgreSQL");
  });

  it("PORT already in use: names the port and the PORT variable", async () => {
    const server = await occupy(ports.port);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toBe(
        `Port ${ports.port} is already in use, so the web app cannot start. Stop the program using it, or choose another port: PORT=${ports.port + 1} npm start`,
      );
    } finally {
      await release(server);
    }
  });

  it("DEMO_PROVIDER_PORT already in use: names the port and DEMO_PROVIDER_PORT", async () => {
    const server = await occupy(ports.demoPort);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toBe(
        `Port ${ports.demoPort} is already in use, so the demo OAuth provider cannot start. Stop the program using it, or choose another port: DEMO_PROVIDER_PORT=${ports.demoPort + 1} npm start`,
      );
    } finally {
      await release(server);
    }
  });

  it("AUTHPULSE_PG_PORT already in use: names the port and AUTHPULSE_PG_PORT", async () => {
    const server = await occupy(ports.pgPort);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toContain(`Port ${ports.pgPort} is already in use, so the embedded PostgreSQL cannot start.`);
      expect(result.message).toContain(`AUTHPULSE_PG_PORT=${ports.pgPort + 1} npm start`);
      expect(result.output).not.toMatch(/\bPORT=/);
    } finally {
      await release(server);
    }
  });

  it("corrupt master.key: refuses and leaves the file untouched", async () => {
    const garbage = "this is not a master key\n\x00\xff garbage";
    writeFileSync(keyFile(), garbage);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toBe(`The master key file ${keyFile()} is corrupt: it is not valid JSON. Restore it from your backup.`);
      expect(readFileSync(keyFile(), "utf8")).toBe(garbage);
    } finally {
      writeFileSync(keyFile(), goodKey);
    }
  });

  it("missing master.key after the database sealed a key check: refuses and does not create a new key", async () => {
    const aside = `${keyFile()}.aside`;
    renameSync(keyFile(), aside);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toContain(`The master key file ${keyFile()} is missing, but the database holds secrets sealed with key k1.`);
      expect(result.message).toContain("Restore the file from your backup");
      expect(result.message).toContain("No new key was generated, so nothing was lost.");
      expect(existsSync(keyFile())).toBe(false);
    } finally {
      renameSync(aside, keyFile());
    }
  });

  it("a master key file from another install (valid format, different key): refuses and leaves it untouched", async () => {
    const foreign = `${JSON.stringify({ version: 1, primary: "k1", keys: { k1: randomBytes(32).toString("base64") } }, null, 2)}\n`;
    writeFileSync(keyFile(), foreign);
    try {
      const result = await refuse({});
      expectCleanRefusal(result);
      expect(result.message).toBe(
        `The master key in ${keyFile()} is not the key this database was set up with (key k1 does not match). Restore the right key file.`,
      );
      expect(readFileSync(keyFile(), "utf8")).toBe(foreign);
    } finally {
      writeFileSync(keyFile(), goodKey);
    }
  });

  it("after all those refusals, a good start finds the data and the key as they were (and tightens a loose key file to 0600)", async () => {
    chmodSync(keyFile(), 0o644);
    app = await startAuthpulse({ dataDir, env: { ...CLEAN_ENV, ...portEnv(ports) }, readyTimeoutMs: READY_TIMEOUT_MS });
    expect(app.setupLink()).toBeNull();
    expect(app.output()).not.toContain("Generated the master encryption key");
    expect(app.output()).toContain(`Database schema is up to date (${shippedMigrations.length} migrations).`);
    expect(readFileSync(keyFile()).equals(goodKey)).toBe(true);
    expect(statSync(keyFile()).mode & 0o777).toBe(0o600);
    expect(app.output()).toContain(`The master key file ${keyFile()} was readable by others (mode 644); it is now 0600.`);
    const url = embeddedDatabaseUrl(dataDir, ports.pgPort);
    expect(await query<{ id: string }>(url, "select id from users")).toEqual([{ id: MARKER_USER }]);
    expect(await query<{ key_id: string }>(url, "select key_id from key_checks")).toEqual([{ key_id: "k1" }]);
    const health = await waitForHealth(ports.port, (h) => h.status === "ok", 15_000);
    expect(health.database.status).toBe("ok");
    expect(await stopAuthpulse(app)).toBe(0);
  });
});
