import "server-only";
import { env } from "../env";
import type { Keyring } from "./keyring";
import { loadKeyring } from "./master-key";
import { masterKeySource } from "./master-key-source";

let cached: Keyring | undefined;

/** The master keyring of this process, read once from the key file or env. */
export function runtimeKeyring(): Keyring {
  cached ??= loadKeyring(masterKeySource(env()));
  return cached;
}
