import "server-only";
import { statSync } from "node:fs";
import { env } from "../env";
import type { Keyring } from "./keyring";
import { loadKeyring, type MasterKeySource } from "./master-key";
import { masterKeySource } from "./master-key-source";

let cached: Keyring | undefined;

/** The master keyring of this process (web, worker), following key rotations (see reloadingKeyring). */
export function runtimeKeyring(): Keyring {
  cached ??= reloadingKeyring(masterKeySource(env()));
  return cached;
}

/** How often a long-running process looks for a new primary key (docs/decisions/0006). */
export const KEYRING_RECHECK_MS = 10_000;

function fileSignature(file: string): string | null {
  try {
    const s = statSync(file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * A keyring that follows `npm run keys:rotate` while the process runs (docs/decisions/0006):
 * - meeting a key id it does not hold (a value another process sealed with a newer key), it
 *   re-reads the key file once if the file changed, then answers;
 * - reading the primary id (i.e. before sealing), it checks the file at most every
 *   `recheckMs`, so new values are sealed with the new primary within that time.
 * The file is replaced atomically by the rotation, so a read never sees half a file. A file
 * that has become unreadable or corrupt is ignored: the process keeps the keys it has.
 * An env key (AUTHPULSE_MASTER_KEY) cannot rotate, so it is returned as is.
 */
export function reloadingKeyring(source: MasterKeySource, options: { recheckMs?: number; now?: () => number } = {}): Keyring {
  if (source.envKey || !source.file) return loadKeyring(source);
  const file = source.file;
  const recheckMs = options.recheckMs ?? KEYRING_RECHECK_MS;
  const now = options.now ?? Date.now;
  let signature = fileSignature(file);
  let current = loadKeyring(source);
  let checkedAt = now();

  /** Re-reads the file when it changed since the last read; true when the keys were replaced. */
  const refresh = (): boolean => {
    checkedAt = now();
    const next = fileSignature(file);
    if (next === null || next === signature) return false;
    try {
      current = loadKeyring(source);
      signature = next;
      return true;
    } catch {
      return false;
    }
  };

  const keys: ReadonlyMap<string, Buffer> = {
    get(id: string) {
      const key = current.keys.get(id);
      if (key || !refresh()) return key;
      return current.keys.get(id);
    },
    has(id: string) {
      return keys.get(id) !== undefined;
    },
    get size() {
      return current.keys.size;
    },
    forEach(callback: (value: Buffer, key: string, map: ReadonlyMap<string, Buffer>) => void, thisArg?: unknown) {
      current.keys.forEach((value, id) => callback.call(thisArg, value, id, keys));
    },
    entries: () => current.keys.entries(),
    keys: () => current.keys.keys(),
    values: () => current.keys.values(),
    [Symbol.iterator]: () => current.keys[Symbol.iterator](),
  };

  return {
    get primaryId() {
      if (now() - checkedAt >= recheckMs) refresh();
      return current.primaryId;
    },
    keys,
  };
}
