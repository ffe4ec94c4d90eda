import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/server/db";
import { generateKeyringFile, KeyringError } from "@/lib/server/vault/keyring";
import { ensureMasterKey, loadKeyring } from "@/lib/server/vault/master-key";
import { masterKeySource } from "@/lib/server/vault/master-key-source";
import { open, seal } from "@/lib/server/vault/seal";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const NOW = new Date("2026-03-10T09:00:00.000Z");

let database: TestDatabase;
let db: Db;
let root: string;
let dir: string;
let keyFile: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  root = await mkdtemp(path.join(os.tmpdir(), "authpulse-master-key-"));
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
  if (root) await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.keyCheck.deleteMany();
  dir = await mkdtemp(path.join(root, "data-"));
  keyFile = path.join(dir, "master.key");
});

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof Error)) throw new Error("expected a rejection");
  return error;
}

describe("ensureMasterKey", () => {
  it("generates a 0600 key file on the first start and proves it in the database", async () => {
    const result = await ensureMasterKey(db, { file: keyFile }, NOW);
    expect(result.created).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(await modeOf(keyFile)).toBe(0o600);
    const file = JSON.parse(await readFile(keyFile, "utf8"));
    expect(file).toMatchObject({ version: 1, primary: "k1" });
    expect(Buffer.from(file.keys.k1, "base64")).toHaveLength(32);
    expect(result.keyring.keys.get("k1")).toEqual(Buffer.from(file.keys.k1, "base64"));

    const checks = await db.keyCheck.findMany();
    expect(checks.map((c) => ({ keyId: c.keyId, createdAt: c.createdAt.toISOString() }))).toEqual([{ keyId: "k1", createdAt: NOW.toISOString() }]);
    expect(open(result.keyring, checks[0]!.sealed, "key_check:k1:sealed")).toBe("authpulse-master-key-check");
    expect(checks[0]!.sealed).not.toContain(file.keys.k1);
  });

  it("reuses the same key on the next start without writing anything", async () => {
    const first = await ensureMasterKey(db, { file: keyFile }, NOW);
    const before = await readFile(keyFile, "utf8");
    const second = await ensureMasterKey(db, { file: keyFile }, new Date(NOW.getTime() + 60_000));
    expect(second.created).toBe(false);
    expect(second.warnings).toEqual([]);
    expect(second.keyring.keys.get("k1")).toEqual(first.keyring.keys.get("k1"));
    expect(await readFile(keyFile, "utf8")).toBe(before);
    expect(await db.keyCheck.count()).toBe(1);
    // A secret sealed after the first start opens after the second.
    const sealed = seal(first.keyring, "canary-secret", "credential:c1:refresh_token");
    expect(open(second.keyring, sealed, "credential:c1:refresh_token")).toBe("canary-secret");
  });

  it("refuses to generate a new key when the file is missing but the database holds sealed secrets", async () => {
    await ensureMasterKey(db, { file: keyFile }, NOW);
    await rm(keyFile);
    const error = await errorOf(ensureMasterKey(db, { file: keyFile }, NOW));
    expect(error).toBeInstanceOf(KeyringError);
    expect(error.message).toBe(
      `The master key file ${keyFile} is missing, but the database holds secrets sealed with key k1. ` +
        "Restore the file from your backup (or point AUTHPULSE_MASTER_KEY_FILE at it). No new key was generated, so nothing was lost.",
    );
    await expect(stat(keyFile)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await db.keyCheck.count()).toBe(1);
  });

  it("refuses a corrupt key file and leaves it as it was", async () => {
    await writeFile(keyFile, '{"version":1,"primary":"k1","keys":{"k1":"dHJ1bmNhdGVk', { mode: 0o600 });
    const error = await errorOf(ensureMasterKey(db, { file: keyFile }, NOW));
    expect(error).toBeInstanceOf(KeyringError);
    expect(error.message).toBe(`The master key file ${keyFile} is corrupt: it is not valid JSON. Restore it from your backup.`);
    expect(await readFile(keyFile, "utf8")).toBe('{"version":1,"primary":"k1","keys":{"k1":"dHJ1bmNhdGVk');
    expect(await db.keyCheck.count()).toBe(0);
  });

  it("refuses a key file with the wrong key length without printing the key", async () => {
    const material = Buffer.from("canary-sixteen-b").toString("base64");
    await writeFile(keyFile, JSON.stringify({ version: 1, primary: "k1", keys: { k1: material } }), { mode: 0o600 });
    const error = await errorOf(ensureMasterKey(db, { file: keyFile }, NOW));
    expect(error.message).toContain(`The master key file ${keyFile} is corrupt (keys.k1: each key must be 32 bytes, base64-encoded)`);
    expect(error.message).not.toContain(material);
  });

  it("refuses a different key than the one the database was set up with", async () => {
    await ensureMasterKey(db, { file: keyFile }, NOW);
    const checksBefore = await db.keyCheck.findMany();
    const impostor = `${JSON.stringify(generateKeyringFile(), null, 2)}\n`;
    await writeFile(keyFile, impostor, { mode: 0o600 });
    const error = await errorOf(ensureMasterKey(db, { file: keyFile }, NOW));
    expect(error).toBeInstanceOf(KeyringError);
    expect(error.message).toBe(
      `The master key in ${keyFile} is not the key this database was set up with (key k1 does not match). Restore the right key file.`,
    );
    expect(await readFile(keyFile, "utf8")).toBe(impostor);
    expect(await db.keyCheck.findMany()).toEqual(checksBefore);
  });

  it("refuses a key file that lacks a key id the database needs", async () => {
    await ensureMasterKey(db, { file: keyFile }, NOW);
    const other = generateKeyringFile();
    await writeFile(keyFile, JSON.stringify({ version: 1, primary: "k2", keys: { k2: other.keys.k1 } }), { mode: 0o600 });
    const error = await errorOf(ensureMasterKey(db, { file: keyFile }, NOW));
    expect(error.message).toBe(`The master key in ${keyFile} lacks key k1, which the database's secrets need. Restore the right key file.`);
  });

  it("tightens a key file readable by others to 0600 and warns", async () => {
    await ensureMasterKey(db, { file: keyFile }, NOW);
    await chmod(keyFile, 0o644);
    const result = await ensureMasterKey(db, { file: keyFile }, NOW);
    expect(result.warnings).toEqual([`The master key file ${keyFile} was readable by others (mode 644); it is now 0600.`]);
    expect(await modeOf(keyFile)).toBe(0o600);
    expect((await ensureMasterKey(db, { file: keyFile }, NOW)).warnings).toEqual([]);
  });

  it("records a check for a key added to the keyring and still verifies the old one", async () => {
    await ensureMasterKey(db, { file: keyFile }, NOW);
    const file = JSON.parse(await readFile(keyFile, "utf8"));
    const rotated = { version: 1, primary: "k2", keys: { ...file.keys, k2: generateKeyringFile().keys.k1 } };
    await writeFile(keyFile, JSON.stringify(rotated), { mode: 0o600 });
    const later = new Date(NOW.getTime() + 3_600_000);
    const result = await ensureMasterKey(db, { file: keyFile }, later);
    expect(result.keyring.primaryId).toBe("k2");
    const checks = await db.keyCheck.findMany({ orderBy: { keyId: "asc" } });
    expect(checks.map((c) => [c.keyId, c.createdAt.toISOString()])).toEqual([
      ["k1", NOW.toISOString()],
      ["k2", later.toISOString()],
    ]);
    expect(checks[1]!.sealed.split(":")[1]).toBe("k2");
  });

  it("accepts the key from AUTHPULSE_MASTER_KEY and refuses a different one", async () => {
    const key = generateKeyringFile().keys.k1!;
    const source = masterKeySource({ AUTHPULSE_DATA_DIR: dir, AUTHPULSE_MASTER_KEY: key });
    const first = await ensureMasterKey(db, source, NOW);
    expect(first.created).toBe(false);
    expect(first.keyring.keys.get("k1")).toEqual(Buffer.from(key, "base64"));
    await expect(stat(keyFile)).rejects.toMatchObject({ code: "ENOENT" });

    const wrong = masterKeySource({ AUTHPULSE_DATA_DIR: dir, AUTHPULSE_MASTER_KEY: generateKeyringFile().keys.k1 });
    const error = await errorOf(ensureMasterKey(db, wrong, NOW));
    expect(error.message).toBe("The master key in AUTHPULSE_MASTER_KEY is not the key this database was set up with (key k1 does not match). Restore the right key file.");
    expect(error.message).not.toContain(key);
  });
});

describe("masterKeySource and loadKeyring", () => {
  it("prefers the env key, then AUTHPULSE_MASTER_KEY_FILE, then <data dir>/master.key", () => {
    expect(masterKeySource({ AUTHPULSE_DATA_DIR: "/data", AUTHPULSE_MASTER_KEY: "k", AUTHPULSE_MASTER_KEY_FILE: "/etc/k" })).toEqual({ envKey: "k" });
    expect(masterKeySource({ AUTHPULSE_DATA_DIR: "/data", AUTHPULSE_MASTER_KEY_FILE: "/etc/authpulse.key" })).toEqual({ file: "/etc/authpulse.key" });
    expect(masterKeySource({ AUTHPULSE_DATA_DIR: "/data" })).toEqual({ file: "/data/master.key" });
  });

  it("makes a running process fail clearly when the key file is missing, instead of generating one", async () => {
    expect(() => loadKeyring({ file: keyFile })).toThrow(`The master key file ${keyFile} does not exist.`);
    await expect(stat(keyFile)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
