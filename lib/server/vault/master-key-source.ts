import "server-only";
import { join, resolve } from "node:path";
import type { MasterKeySource } from "./master-key";

/** Where the master key comes from: AUTHPULSE_MASTER_KEY, AUTHPULSE_MASTER_KEY_FILE, or <data dir>/master.key. */
export function masterKeySource(e: { AUTHPULSE_DATA_DIR: string; AUTHPULSE_MASTER_KEY_FILE?: string; AUTHPULSE_MASTER_KEY?: string }): MasterKeySource {
  if (e.AUTHPULSE_MASTER_KEY) return { envKey: e.AUTHPULSE_MASTER_KEY };
  return { file: resolve(e.AUTHPULSE_MASTER_KEY_FILE ?? join(e.AUTHPULSE_DATA_DIR, "master.key")) };
}
