import "server-only";
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type { Db } from "../db";
import { generateKeyringFile, KeyringError, keyringFromEnvKey, parseKeyring, type Keyring } from "./keyring";
import { open, seal, SealError } from "./seal";

/** What each key_checks row seals (with its own key id), proving the key file holds that key. */
export const CHECK_PLAINTEXT = "authpulse-master-key-check";
export const checkAad = (keyId: string) => `key_check:${keyId}:sealed`;

export type MasterKeySource = { file?: string; envKey?: string };

/** Reads the keyring from AUTHPULSE_MASTER_KEY or the key file; null when the file does not exist. */
export function readKeyring(source: MasterKeySource): Keyring | null {
  if (source.envKey) return keyringFromEnvKey(source.envKey);
  if (!source.file) throw new KeyringError("No master key configured: set AUTHPULSE_MASTER_KEY_FILE or AUTHPULSE_MASTER_KEY.");
  if (!existsSync(source.file)) return null;
  return parseKeyring(readFileSync(source.file, "utf8"), source.file);
}

/** Loads the keyring for a running process (web, worker); a missing file is an error here. */
export function loadKeyring(source: MasterKeySource): Keyring {
  const keyring = readKeyring(source);
  if (!keyring) throw new KeyringError(`The master key file ${source.file} does not exist.`);
  return keyring;
}

/**
 * On start: creates the key file (mode 0600) only when the database has never sealed
 * anything, and otherwise proves the key on disk opens what the database holds. Refuses,
 * without changing anything, when the file is missing, corrupt or a different key.
 */
export async function ensureMasterKey(db: Db, source: MasterKeySource, now: Date): Promise<{ keyring: Keyring; created: boolean; warnings: string[] }> {
  const warnings: string[] = [];
  const checks = await db.keyCheck.findMany();
  let keyring = readKeyring(source);
  let created = false;
  if (!keyring) {
    if (checks.length > 0) {
      throw new KeyringError(
        `The master key file ${source.file} is missing, but the database holds secrets sealed with key ${checks.map((c) => c.keyId).join(", ")}. ` +
          "Restore the file from your backup (or point AUTHPULSE_MASTER_KEY_FILE at it). No new key was generated, so nothing was lost.",
      );
    }
    const file = generateKeyringFile();
    writeFileSync(source.file!, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    keyring = parseKeyring(readFileSync(source.file!, "utf8"), source.file!);
    created = true;
  } else if (source.file && !source.envKey) {
    const mode = statSync(source.file).mode & 0o777;
    if (mode & 0o077) {
      chmodSync(source.file, 0o600);
      warnings.push(`The master key file ${source.file} was readable by others (mode ${mode.toString(8)}); it is now 0600.`);
    }
  }
  for (const check of checks) {
    if (!keyring.keys.has(check.keyId)) {
      throw new KeyringError(`The master key in ${source.file ?? "AUTHPULSE_MASTER_KEY"} lacks key ${check.keyId}, which the database's secrets need. Restore the right key file.`);
    }
    try {
      open(keyring, check.sealed, checkAad(check.keyId));
    } catch (error) {
      if (error instanceof SealError) {
        throw new KeyringError(`The master key in ${source.file ?? "AUTHPULSE_MASTER_KEY"} is not the key this database was set up with (key ${check.keyId} does not match). Restore the right key file.`);
      }
      throw error;
    }
  }
  for (const keyId of keyring.keys.keys()) {
    if (checks.some((c) => c.keyId === keyId)) continue;
    const single: Keyring = { primaryId: keyId, keys: keyring.keys };
    await db.keyCheck.create({ data: { keyId, sealed: seal(single, CHECK_PLAINTEXT, checkAad(keyId)), createdAt: now } });
  }
  return { keyring, created, warnings };
}
