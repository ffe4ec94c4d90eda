// npm run keys:rotate (docs/decisions/0006-master-key-rotation.md): add a master key, rewrap
// every registered sealed column, resume after interruption, never overwrite a concurrent
// writer or a value that fails to open, retire old keys only when nothing uses them.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/server/db";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { ensureMasterKey } from "@/lib/server/vault/master-key";
import { rotateMasterKey, type RotateOptions } from "@/lib/server/vault/rotation/rotate-master-key";
import { reloadingKeyring } from "@/lib/server/vault/runtime-keyring";
import { open, seal, sealedKeyId, SealError } from "@/lib/server/vault/seal";
import { sealedColumnAad, sealedColumns, type SealedColumn } from "@/lib/server/vault/sealed-columns";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLI = [process.execPath, "--conditions=react-server", "--import", "tsx", "bin/keys-rotate.ts"] as const;

type Value = { column: SealedColumn; id: string; plaintext: string };
type World = { database: TestDatabase; db: Db; pool: pg.Pool; keyFile: string; dir: string; values: Value[] };

let root: string;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "authpulse-rotation-"));
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const col = (table: string, column: string) => sealedColumns.find((c) => c.table === table && c.column === column)!;
const canary = (c: SealedColumn, id: string) => `canary-${c.aadField}-${id}-5b1e`;

/**
 * A migrated database whose key file (k1) was created by a start, with a canary value sealed
 * under k1 in every registered column: 2 OAuth apps, 7 connections, 3 pending authorizations,
 * 3 credentials (4 versions) and a fingerprint key.
 */
async function world(): Promise<World> {
  const database = await createTestDatabase();
  const db = createDb(database.url, { max: 2 });
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  cleanups.push(async () => {
    await pool.end();
    await db.$disconnect();
    await database.drop();
  });
  const dir = await mkdtemp(path.join(root, "data-"));
  const keyFile = path.join(dir, "master.key");
  const { keyring } = await ensureMasterKey(db, { file: keyFile }, new Date());

  const values: Value[] = [];
  const sealFor = (c: SealedColumn, id: string) => {
    values.push({ column: c, id, plaintext: canary(c, id) });
    return seal(keyring, canary(c, id), sealedColumnAad(c, id));
  };
  const workspace = await db.workspace.create({ data: { id: "ws_1", name: "Acme", slug: "acme-1a2b3c" } });
  await db.user.create({ data: { id: "user_1", email: "admin@example.com", name: "Admin" } });
  for (const id of ["app_1", "app_2"]) {
    await db.oAuthApp.create({
      data: {
        id,
        workspaceId: workspace.id,
        providerKey: id === "app_1" ? "hubspot" : "salesforce",
        clientId: `client-${id}`,
        authMethod: "client_secret_post",
        clientSecretSealed: sealFor(col("oauth_apps", "client_secret_sealed"), id),
        // app_2 has no private key: null values are left alone.
        privateKeySealed: id === "app_1" ? sealFor(col("oauth_apps", "private_key_sealed"), id) : null,
      },
    });
  }
  for (let n = 1; n <= 7; n++) {
    const id = `conn_0${n}`;
    await db.connection.create({
      data: {
        id,
        workspaceId: workspace.id,
        providerKey: "hubspot",
        oauthAppId: "app_1",
        method: "authorization_code",
        label: `Connection ${n}`,
        accessTokenSealed: sealFor(col("connections", "access_token_sealed"), id),
        refreshTokenSealed: sealFor(col("connections", "refresh_token_sealed"), id),
        configSealed: n % 3 === 0 ? sealFor(col("connections", "config_sealed"), id) : null,
      },
    });
  }
  for (let n = 1; n <= 3; n++) {
    const id = `az_${n}`;
    await db.oAuthAuthorization.create({
      data: {
        id,
        stateHash: `state-hash-${n}`,
        workspaceId: workspace.id,
        userId: "user_1",
        sessionId: `session_${n}`,
        oauthAppId: "app_1",
        providerKey: "hubspot",
        connectionId: "conn_01",
        codeVerifierSealed: sealFor(col("oauth_authorizations", "code_verifier_sealed"), id),
        redirectUri: "http://localhost:3000/api/oauth/callback",
        requestedScopes: ["crm.objects.contacts.read"],
        label: "pending",
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
  }
  for (let n = 1; n <= 3; n++) {
    const credentialId = `cred_${n}`;
    await db.credential.create({ data: { id: credentialId, workspaceId: workspace.id, name: `Key ${n}`, method: n === 3 ? "track_only" : "api_key", provider: "HubSpot" } });
    // cred_3 is track-only: its version has no secret.
    for (let version = 1; version <= (n === 1 ? 2 : 1); version++) {
      const id = `credv_${n}_${version}`;
      await db.credentialVersion.create({
        data: { id, credentialId, workspaceId: workspace.id, version, state: version === 2 ? "active" : "overlap", secretSealed: n === 3 ? null : sealFor(col("credential_versions", "secret_sealed"), id) },
      });
    }
  }
  await db.fingerprintKey.create({ data: { id: "fp_1", seedSealed: sealFor(col("fingerprint_keys", "seed_sealed"), "fp_1") } });
  await db.alertChannel.create({ data: { id: "chan_1", workspaceId: workspace.id, kind: "slack", name: "Ops", configSealed: sealFor(col("alert_channels", "config_sealed"), "chan_1") } });
  // Every registered column must be seeded here, or this test would prove nothing for it.
  const seeded = new Set(values.map((v) => `${v.column.table}.${v.column.column}`));
  expect(sealedColumns.map((c) => `${c.table}.${c.column}`).filter((c) => !seeded.has(c)), "registered sealed columns this test does not seed").toEqual([]);
  return { database, db, pool, keyFile, dir, values };
}

async function keyFileKeyring(w: World): Promise<Keyring> {
  return parseKeyring(await readFile(w.keyFile, "utf8"), w.keyFile);
}

async function keyFileJson(w: World): Promise<{ version: number; primary: string; keys: Record<string, string> }> {
  return JSON.parse(await readFile(w.keyFile, "utf8"));
}

async function sealedValue(w: World, c: SealedColumn, id: string): Promise<string | null> {
  const { rows } = await w.pool.query(`SELECT "${c.column}" AS v FROM "${c.table}" WHERE id = $1`, [id]);
  return rows[0]?.v ?? null;
}

/** Every seeded value: its key id, and that it opens to its canary with the key file's keys and its own AAD. */
async function readAll(w: World): Promise<Array<{ where: string; keyId: string | undefined; opens: boolean }>> {
  const keyring = await keyFileKeyring(w);
  const out = [];
  for (const v of w.values) {
    const sealed = await sealedValue(w, v.column, v.id);
    let opens = false;
    try {
      opens = sealed !== null && open(keyring, sealed, sealedColumnAad(v.column, v.id)) === v.plaintext;
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
    }
    out.push({ where: `${v.column.table}.${v.column.column}:${v.id}`, keyId: sealed ? sealedKeyId(sealed) : undefined, opens });
  }
  return out;
}

async function keyIdsInUse(w: World): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const v of await readAll(w)) counts[v.keyId ?? "none"] = (counts[v.keyId ?? "none"] ?? 0) + 1;
  return counts;
}

async function keyCheckIds(w: World): Promise<string[]> {
  return (await w.pool.query<{ key_id: string }>("SELECT key_id FROM key_checks ORDER BY key_id")).rows.map((r) => r.key_id);
}

function rotate(w: World, options: Partial<RotateOptions> = {}) {
  return rotateMasterKey({ pool: w.pool, keyFile: w.keyFile, ...options });
}

/** Waits until a session of this database waits on a lock (a writer, or the CLI, is blocked). */
async function waitForLockWait(w: World, atLeast = 1): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await w.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if (rows[0]!.n >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("no session started waiting on a lock");
}

function cliEnv(w: World): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: w.database.url, AUTHPULSE_MASTER_KEY_FILE: w.keyFile, AUTHPULSE_MASTER_KEY: "" };
}

function runCli(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

/** Starts the CLI, waits until it blocks on a lock the test holds, then kills it (SIGKILL) and its statement. */
async function killCliWhileBlocked(w: World, args: string[] = []): Promise<void> {
  const child = spawn(CLI[0], [...CLI.slice(1), ...args], { cwd: ROOT, env: cliEnv(w), stdio: "ignore" });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  await waitForLockWait(w);
  child.kill("SIGKILL");
  expect(await exited).toBe("SIGKILL");
  // Postgres only notices a dead client when it next talks to it, so the waiting statement
  // would still run once the lock is released; end it too, as if the kill came just before it.
  await w.pool.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
}

describe("keys:rotate", () => {
  it("adds k2 as primary (k1 kept, file 0600, written atomically) and rewraps every value to k2 with the same plaintext and AAD", async () => {
    const w = await world();
    const before = await keyFileJson(w);
    const log: string[] = [];
    const result = await rotate(w, { log: (m) => log.push(m) });

    expect(result).toMatchObject({ mode: "rotate", primary: "k2", added: "k2", resumed: false, complete: true, aborted: false, failures: [], oldKeys: ["k1"], retired: [] });
    const after = await keyFileJson(w);
    expect(after.primary).toBe("k2");
    expect(after.keys.k1).toBe(before.keys.k1);
    expect(Buffer.from(after.keys.k2!, "base64")).toHaveLength(32);
    expect(Object.keys(after.keys).sort()).toEqual(["k1", "k2"]);
    expect((await stat(w.keyFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(w.dir)).toEqual(["master.key"]); // no temporary file left behind

    const all = await readAll(w);
    expect(all.filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);
    expect(all).toHaveLength(w.values.length);
    // A value still only opens under its own row and field.
    const refresh = col("connections", "refresh_token_sealed");
    const moved = (await sealedValue(w, refresh, "conn_01"))!;
    expect(() => open(parseKeyring(JSON.stringify(after), "f"), moved, sealedColumnAad(refresh, "conn_02"))).toThrow(SealError);

    for (const summary of result.columns) {
      const seeded = w.values.filter((v) => v.column.table === summary.table && v.column.column === summary.column).length;
      expect(summary).toEqual({ table: summary.table, column: summary.column, rewrapped: seeded, remaining: 0, failed: 0, keys: { k2: seeded } });
    }
    expect(log.join("\n")).toContain(`Added master key k2 to ${w.keyFile} as the primary key (old keys kept: k1). Back up this file now.`);
    expect(log.join("\n")).not.toContain("canary-");
    expect(await keyCheckIds(w)).toEqual(["k1", "k2"]);
    // A start with the new file is accepted; a start with the old one (k2 missing) is refused.
    await expect(ensureMasterKey(w.db, { file: w.keyFile }, new Date())).resolves.toMatchObject({ created: false });
    const oldCopy = path.join(w.dir, "old.key");
    await writeFile(oldCopy, JSON.stringify(before), { mode: 0o600 });
    await expect(ensureMasterKey(w.db, { file: oldCopy }, new Date())).rejects.toThrow(`The master key in ${oldCopy} lacks key k2, which the database's secrets need.`);
    await rm(oldCopy);

    // The rotation is finished, so the next run starts a new one.
    const again = await rotate(w);
    expect(again).toMatchObject({ primary: "k3", added: "k3", resumed: false, complete: true, oldKeys: ["k1", "k2"] });
    expect(await keyIdsInUse(w)).toEqual({ k3: w.values.length });
  });

  it("lets a running process that loaded the old key file open values sealed with the new key, and seal with it soon after", async () => {
    const w = await world();
    let clock = 0;
    const reader = reloadingKeyring({ file: w.keyFile }, { now: () => clock });
    const writer = reloadingKeyring({ file: w.keyFile }, { now: () => clock });
    expect([reader.primaryId, writer.primaryId]).toEqual(["k1", "k1"]);

    await rotate(w);
    const c = col("connections", "access_token_sealed");
    const sealed = (await sealedValue(w, c, "conn_04"))!;
    expect(sealedKeyId(sealed)).toBe("k2");
    // Meeting k2, the reader re-reads the file instead of failing.
    expect(open(reader, sealed, sealedColumnAad(c, "conn_04"))).toBe(canary(c, "conn_04"));
    expect(reader.primaryId).toBe("k2");

    // The writer has not met k2 yet: it keeps sealing with k1 until its next check of the file...
    expect(sealedKeyId(seal(writer, "x", "a"))).toBe("k1");
    clock += 10_000;
    // ...then switches to the new primary.
    expect(sealedKeyId(seal(writer, "x", "a"))).toBe("k2");
    expect([...writer.keys.keys()].sort()).toEqual(["k1", "k2"]);
  });

  it("resumes after an interruption between batches or inside one, without adding another key or losing a value", async () => {
    const w = await world();
    const controller = new AbortController();
    const first = await rotate(w, { batchSize: 2, signal: controller.signal, hooks: { onBatchCommitted: () => controller.abort() } });
    expect(first).toMatchObject({ added: "k2", aborted: true, complete: false });
    expect(await keyIdsInUse(w)).toEqual({ k1: w.values.length - 2, k2: 2 });
    expect((await readAll(w)).filter((v) => !v.opens)).toEqual([]);

    // A crash in the middle of a batch: its transaction rolls back, nothing is half-written.
    await expect(rotate(w, { batchSize: 2, hooks: { onBatchLocked: () => Promise.reject(new Error("simulated crash")) } })).rejects.toThrow("simulated crash");
    expect(await keyIdsInUse(w)).toEqual({ k1: w.values.length - 2, k2: 2 });

    const log: string[] = [];
    const rerun = await rotate(w, { batchSize: 2, log: (m) => log.push(m) });
    expect(rerun).toMatchObject({ primary: "k2", added: null, resumed: true, complete: true, aborted: false, failures: [] });
    expect(log[0]).toBe(`Resuming the rewrap to k2: ${w.values.length - 2} value(s) are still sealed with an older key (k1: ${w.values.length - 2}).`);
    expect(Object.keys((await keyFileJson(w)).keys).sort()).toEqual(["k1", "k2"]);
    expect((await readAll(w)).filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);
  });

  it("survives SIGKILL right after writing the key file and in the middle of the rewrap (real CLI), then finishes", async () => {
    const w = await world();
    const blocker = new pg.Client({ connectionString: w.database.url });
    await blocker.connect();
    cleanups.push(() => blocker.end());

    // 1. Killed after the new key file was written, while recording the key in the database.
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE key_checks IN EXCLUSIVE MODE");
    await killCliWhileBlocked(w);
    await blocker.query("ROLLBACK");
    expect(await keyFileJson(w)).toMatchObject({ primary: "k2" });
    expect(await keyCheckIds(w)).toEqual(["k1"]);
    expect(await keyIdsInUse(w)).toEqual({ k1: w.values.length });

    // 2. Killed in the middle of the rewrap: oauth_apps done, connections not yet.
    await blocker.query("BEGIN");
    await blocker.query("LOCK TABLE connections IN EXCLUSIVE MODE");
    await killCliWhileBlocked(w, ["--batch-size", "1"]);
    await blocker.query("ROLLBACK");
    expect(await keyCheckIds(w)).toEqual(["k1", "k2"]);
    const mixed = await readAll(w);
    expect(mixed.filter((v) => v.where.startsWith("oauth_apps.")).map((v) => v.keyId)).toEqual(["k2", "k2", "k2"]);
    expect(mixed.filter((v) => v.where.startsWith("connections.")).every((v) => v.keyId === "k1")).toBe(true);
    expect(mixed.filter((v) => !v.opens)).toEqual([]);

    // 3. The rerun resumes the same rotation and finishes it.
    const run = await runCli(cliEnv(w));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const left = mixed.filter((v) => v.keyId === "k1").length;
    expect(run.stdout).toContain(`Resuming the rewrap to k2: ${left} value(s) are still sealed with an older key (k1: ${left}).`);
    expect(run.stdout).toContain("Every sealed value now uses k2. Old key(s) k1 are kept in");
    expect(run.stdout).not.toContain("canary-");
    expect(Object.keys((await keyFileJson(w)).keys).sort()).toEqual(["k1", "k2"]);
    expect((await readAll(w)).filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);
  });

  it("never overwrites a concurrent writer: a blocked writer wins, a value already under k2 is skipped, a stale k1 write is picked up", async () => {
    const w = await world();
    const refresh = col("connections", "refresh_token_sealed");
    const aad = (id: string) => sealedColumnAad(refresh, id);
    let writerDone: Promise<unknown> | undefined;
    let batches = 0;
    let appWithK2 = "";
    let staleK1 = "";
    const result = await rotate(w, {
      batchSize: 3,
      hooks: {
        onBatchLocked: async (batch) => {
          if (batch.table !== "connections" || batch.column !== "refresh_token_sealed") return;
          batches++;
          const current = await keyFileKeyring(w);
          if (batches === 1) {
            expect(batch.ids).toEqual(["conn_01", "conn_02", "conn_03"]);
            // An app process (already on k2) updates a row this batch holds: it waits for the lock.
            writerDone = w.pool.query("UPDATE connections SET refresh_token_sealed = $1 WHERE id = $2", [seal(current, "writer-wins-5b1e", aad("conn_01")), "conn_01"]);
            await waitForLockWait(w);
            // Another writes a row the rewrap has not reached yet, with the new key.
            appWithK2 = seal(current, "fresh-k2-5b1e", aad("conn_07"));
            await w.pool.query("UPDATE connections SET refresh_token_sealed = $1 WHERE id = $2", [appWithK2, "conn_07"]);
          } else if (batches === 2) {
            // A process that has not switched yet writes with k1 a row the rewrap already did.
            const old: Keyring = { primaryId: "k1", keys: current.keys };
            staleK1 = seal(old, "stale-k1-5b1e", aad("conn_02"));
            await w.pool.query("UPDATE connections SET refresh_token_sealed = $1 WHERE id = $2", [staleK1, "conn_02"]);
          }
        },
      },
    });
    await writerDone;
    expect(result).toMatchObject({ complete: true, failures: [] });

    const keyring = await keyFileKeyring(w);
    const value = async (id: string) => (await sealedValue(w, refresh, id))!;
    expect(open(keyring, await value("conn_01"), aad("conn_01"))).toBe("writer-wins-5b1e");
    expect(await value("conn_07")).toBe(appWithK2);
    expect(sealedKeyId(await value("conn_02"))).toBe("k2");
    expect(await value("conn_02")).not.toBe(staleK1);
    expect(open(keyring, await value("conn_02"), aad("conn_02"))).toBe("stale-k1-5b1e");
    const others = (await readAll(w)).filter((v) => !["connections.refresh_token_sealed:conn_01", "connections.refresh_token_sealed:conn_02", "connections.refresh_token_sealed:conn_07"].includes(v.where));
    expect(others.filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);
  });

  it("reports a tampered or moved value by table, column and row, leaves it as it is, and exits 1 (real CLI)", async () => {
    const w = await world();
    const access = col("connections", "access_token_sealed");
    const refresh = col("connections", "refresh_token_sealed");
    const original = (await sealedValue(w, access, "conn_03"))!;
    const parts = original.split(":");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 0x01;
    const tampered = [...parts.slice(0, 3), body.toString("base64url")].join(":");
    await w.pool.query("UPDATE connections SET access_token_sealed = $1 WHERE id = 'conn_03'", [tampered]);
    const moved = (await sealedValue(w, refresh, "conn_04"))!;
    await w.pool.query("UPDATE connections SET refresh_token_sealed = $1 WHERE id = 'conn_05'", [moved]);
    // A bug stored a secret in clear: reported as malformed, and no part of it is printed.
    await w.pool.query("UPDATE connections SET config_sealed = 'leaked:canary-in-clear-5b1e:x' WHERE id = 'conn_01'");

    const run = await runCli(cliEnv(w));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Could not open connections.access_token_sealed of row conn_03 (sealed with k1): Sealed value failed authentication");
    expect(run.stdout).toContain("Could not open connections.refresh_token_sealed of row conn_05 (sealed with k1)");
    expect(run.stdout).toContain("Could not open connections.config_sealed of row conn_01 (not a sealed value): Sealed value is malformed.");
    expect(run.stdout).toContain('"failed": 1');
    expect(run.stdout).toContain('"malformed": 1');
    expect(run.stderr).toContain("3 value(s) could not be opened and were left as they are");
    expect(`${run.stdout}${run.stderr}`).not.toContain("canary-");
    expect(await sealedValue(w, access, "conn_03")).toBe(tampered);
    expect(await sealedValue(w, refresh, "conn_05")).toBe(moved);
    expect(await sealedValue(w, col("connections", "config_sealed"), "conn_01")).toBe("leaked:canary-in-clear-5b1e:x");
    const rest = (await readAll(w)).filter((v) => !v.where.endsWith("access_token_sealed:conn_03") && !v.where.endsWith("refresh_token_sealed:conn_05"));
    expect(rest.filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);

    // The next run resumes the unfinished rotation rather than adding k3, and fails the same way.
    const log: string[] = [];
    const again = await rotate(w, { log: (m) => log.push(m) });
    expect(again).toMatchObject({ added: null, resumed: true, complete: false });
    expect(again.failures.map((f) => [f.table, f.column, f.id, f.keyId])).toEqual([
      ["connections", "access_token_sealed", "conn_03", "k1"],
      ["connections", "refresh_token_sealed", "conn_05", "k1"],
      ["connections", "config_sealed", "conn_01", "malformed"],
    ]);
    expect(log[0]).toBe("Resuming the rewrap to k2: 2 value(s) are still sealed with an older key (k1: 2).");
    expect(log.join("\n")).not.toContain("canary-");
    expect(Object.keys((await keyFileJson(w)).keys).sort()).toEqual(["k1", "k2"]);
  });

  it("--retire-old refuses while k1 still seals a value, then removes k1 from the file and the database; a start accepts the file", async () => {
    const w = await world();
    const access = col("connections", "access_token_sealed");
    await w.pool.query("UPDATE connections SET access_token_sealed = 'v1:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA' WHERE id = 'conn_06'");
    const running = reloadingKeyring({ file: w.keyFile });
    await rotate(w);

    const refused = await rotate(w, { mode: "retire" });
    expect(refused).toMatchObject({ added: null, complete: false, retired: [] });
    expect(refused.retireRefused).toBe(
      "Old keys were not retired: values are still sealed with them in connections.access_token_sealed (1 with k1). Resolve those, then run keys:rotate --retire-old again.",
    );
    expect(Object.keys((await keyFileJson(w)).keys).sort()).toEqual(["k1", "k2"]);
    expect(await keyCheckIds(w)).toEqual(["k1", "k2"]);

    // The operator clears the broken value (e.g. the connection is reconnected).
    await w.pool.query("UPDATE connections SET access_token_sealed = NULL WHERE id = 'conn_06'");
    w.values = w.values.filter((v) => !(v.column === access && v.id === "conn_06"));
    // Too soon after k2 was added: a running process may still seal with k1 for a few seconds.
    const tooSoon = await rotate(w, { mode: "retire" });
    expect(tooSoon.retired).toEqual([]);
    expect(tooSoon.retireRefused).toMatch(/^Old keys were not retired: k2 was added at .*Run keys:rotate --retire-old again after /);

    const later = () => new Date(Date.now() + 61_000);
    const retired = await rotate(w, { mode: "retire", now: later });
    expect(retired).toMatchObject({ primary: "k2", added: null, complete: true, retired: ["k1"], retireRefused: null, oldKeys: [] });
    const file = await keyFileJson(w);
    expect(file.primary).toBe("k2");
    expect(Object.keys(file.keys)).toEqual(["k2"]);
    expect((await stat(w.keyFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(w.dir)).toEqual(["master.key"]);
    expect(await keyCheckIds(w)).toEqual(["k2"]);
    expect((await readAll(w)).filter((v) => v.keyId !== "k2" || !v.opens)).toEqual([]);

    const start = await ensureMasterKey(w.db, { file: w.keyFile }, new Date());
    expect(start).toMatchObject({ created: false, warnings: [] });
    expect(await keyCheckIds(w)).toEqual(["k2"]);
    // A process that was running all along still opens everything.
    const c = col("oauth_authorizations", "code_verifier_sealed");
    expect(open(running, (await sealedValue(w, c, "az_2"))!, sealedColumnAad(c, "az_2"))).toBe(canary(c, "az_2"));

    // Nothing left to retire: a second --retire-old is a no-op.
    expect(await rotate(w, { mode: "retire", now: later })).toMatchObject({ retired: [], retireRefused: null });
  });

  it("--status changes nothing; a wrong or missing key file and an env-only key (real CLI) are refused", async () => {
    const w = await world();
    const before = await readFile(w.keyFile, "utf8");
    const status = await rotate(w, { mode: "status" });
    expect(status).toMatchObject({ primary: "k1", added: null, complete: true, oldKeys: [] });
    expect(status.columns.find((c) => c.column === "refresh_token_sealed")).toMatchObject({ rewrapped: 0, remaining: 0, keys: { k1: 7 } });
    expect(await readFile(w.keyFile, "utf8")).toBe(before);

    const impostor = path.join(w.dir, "other.key");
    await writeFile(impostor, `${JSON.stringify(generateKeyringFile(), null, 2)}\n`, { mode: 0o600 });
    const impostorText = await readFile(impostor, "utf8");
    await expect(rotateMasterKey({ pool: w.pool, keyFile: impostor })).rejects.toThrow(
      `The master key file ${impostor} is not the key this database was set up with (key k1 does not match). Restore the right key file; nothing was changed.`,
    );
    expect(await readFile(impostor, "utf8")).toBe(impostorText);
    await expect(rotateMasterKey({ pool: w.pool, keyFile: path.join(w.dir, "missing.key") })).rejects.toThrow(/does not exist\. Start Authpulse once/);

    const envOnly = await runCli({ ...cliEnv(w), AUTHPULSE_MASTER_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(envOnly.code).toBe(1);
    expect(envOnly.stderr).toContain("keys:rotate needs a key file: AUTHPULSE_MASTER_KEY holds a single key");
    expect(await readFile(w.keyFile, "utf8")).toBe(before);
  });
});
