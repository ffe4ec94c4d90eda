import "server-only";
import { randomBytes } from "node:crypto";
import { chmod, open, readFile, realpath, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { KeyringError, keyringFileSchema, parseKeyring, type Keyring, type KeyringFile } from "../keyring";

export type LoadedKeyFile = { path: string; text: string; data: KeyringFile; keyring: Keyring };

/** Reads and validates the keyring file; null when it does not exist. */
export async function readKeyFile(file: string): Promise<LoadedKeyFile | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const keyring = parseKeyring(text, file);
  // parseKeyring validated the text, so this cannot fail.
  const data = keyringFileSchema.parse(JSON.parse(text));
  return { path: file, text, data, keyring };
}

/** The id after the highest key id in the file: k1, k2 → k3. */
export function nextKeyId(file: KeyringFile): string {
  const highest = Math.max(0, ...Object.keys(file.keys).map((id) => Number(id.slice(1))));
  return `k${highest + 1}`;
}

/** The file with a new random 256-bit key added as primary; every existing key kept. */
export function withNewPrimary(file: KeyringFile): { file: KeyringFile; keyId: string } {
  const keyId = nextKeyId(file);
  return { keyId, file: { version: 1, primary: keyId, keys: { ...file.keys, [keyId]: randomBytes(32).toString("base64") } } };
}

export function serializeKeyFile(file: KeyringFile): string {
  return `${JSON.stringify(keyringFileSchema.parse(file), null, 2)}\n`;
}

/**
 * Replaces the key file atomically: a temporary file (0600) in the same folder, fsynced,
 * then renamed over the old one and the folder fsynced. A crash leaves either the old or the
 * new file, never half of one. Refuses, changing nothing, when the file no longer holds
 * `expectedText` (someone else changed it since it was read). A symlinked key file is
 * followed, so the link stays and its target is replaced.
 */
export async function writeKeyFileAtomic(file: string, next: KeyringFile, expectedText: string): Promise<void> {
  const target = await realpath(file);
  const dir = dirname(target);
  const text = serializeKeyFile(next);
  parseKeyring(text, file); // never write a file the processes would refuse
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, 0o600);
    if ((await readFile(target, "utf8")) !== expectedText) {
      throw new KeyringError(`The master key file ${file} changed while keys:rotate was running; nothing was written. Run keys:rotate again.`);
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Not every platform can fsync a directory; the rename itself is still atomic.
  } finally {
    await handle?.close();
  }
}
