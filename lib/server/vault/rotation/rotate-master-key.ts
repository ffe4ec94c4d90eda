import "server-only";
import type pg from "pg";
import type { Keyring } from "../keyring";
import { CHECK_PLAINTEXT, checkAad } from "../master-key";
import { KEYRING_RECHECK_MS } from "../runtime-keyring";
import { open, seal, SealError } from "../seal";
import { sealedColumns, type SealedColumn } from "../sealed-columns";
import { readKeyFile, withNewPrimary, writeKeyFileAtomic, type LoadedKeyFile } from "./key-file";
import { columnKeyUsage, MALFORMED, rewrapColumnPass, type RewrapFailure, type RewrapHooks } from "./rewrap";

// `npm run keys:rotate`: add a master key, rewrap every sealed value, retire the old keys.
// See docs/decisions/0006-master-key-rotation.md.

export type RotateMode =
  /** Resume an unfinished rewrap, or add a new primary key; then rewrap. */
  | "rotate"
  /** Never add a key: finish the rewrap, then remove the old keys from the file and the database. */
  | "retire"
  /** Read only: verify the key file against the database and report which keys seal what. */
  | "status";

export type RotateOptions = {
  pool: pg.Pool;
  keyFile: string;
  mode?: RotateMode;
  batchSize?: number;
  now?: () => Date;
  /** How long after a key was added before old keys may be retired (running processes must have switched). */
  retireAfterMs?: number;
  signal?: AbortSignal;
  log?: (message: string) => void;
  hooks?: RewrapHooks;
  columns?: readonly SealedColumn[];
};

export type ColumnSummary = { table: string; column: string; rewrapped: number; remaining: number; failed: number; keys: Record<string, number> };

export type RotateResult = {
  mode: RotateMode;
  primary: string;
  /** The key this run added (null when it resumed, retired or reported). */
  added: string | null;
  resumed: boolean;
  columns: ColumnSummary[];
  failures: RewrapFailure[];
  /** Keys in the file other than the primary. */
  oldKeys: string[];
  /** True when no value anywhere is sealed with a key other than the primary. */
  complete: boolean;
  aborted: boolean;
  retired: string[];
  /** Why --retire-old did not retire (values remain, or processes may not have switched yet). */
  retireRefused: string | null;
};

export class RotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RotationError";
  }
}

/** Advisory lock id held for a whole run, so two rotations never race on the key file. */
const ROTATION_LOCK = 0x61_75_74_68_6b_65_79n; // "authkey"

export const DEFAULT_BATCH_SIZE = 200;
export const DEFAULT_RETIRE_AFTER_MS = 6 * KEYRING_RECHECK_MS;
const MAX_PASSES = 5;

export async function rotateMasterKey(options: RotateOptions): Promise<RotateResult> {
  const { pool, keyFile } = options;
  const mode = options.mode ?? "rotate";
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const columns = options.columns ?? sealedColumns;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RotationError("The batch size must be a positive integer.");

  const lock = await pool.connect();
  try {
    const { rows } = await lock.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [ROTATION_LOCK.toString()]);
    if (!rows[0]?.locked) throw new RotationError("Another keys:rotate is running against this database. Wait for it to finish, then run this again.");
    try {
      return await run();
    } finally {
      await lock.query("SELECT pg_advisory_unlock($1::bigint)", [ROTATION_LOCK.toString()]).catch(() => undefined);
    }
  } finally {
    lock.release();
  }

  async function run(): Promise<RotateResult> {
    let file = await readKeyFile(keyFile);
    if (!file) {
      throw new RotationError(
        `The master key file ${keyFile} does not exist. Start Authpulse once (npm start) to create it, or point AUTHPULSE_MASTER_KEY_FILE at your key file.`,
      );
    }
    await proveKeyFile(pool, file, { record: mode !== "status", now: now() });

    let added: string | null = null;
    let resumed = false;
    const before = await usage(pool, columns);
    // Unfinished = values under another key of the file. Malformed values and unknown key ids
    // are reported by every run but cannot be rewrapped, so they do not hold back a new key.
    const olderKeys = [...file.keyring.keys.keys()].filter((id) => id !== file!.keyring.primaryId);
    const stale = [...before.values()].reduce((sum, keys) => sum + olderKeys.reduce((s, id) => s + (keys[id] ?? 0), 0), 0);
    if (mode === "rotate") {
      if (stale > 0) {
        resumed = true;
        log(`Resuming the rewrap to ${file.keyring.primaryId}: ${stale} value(s) are still sealed with an older key (${describeKeys(before, olderKeys)}).`);
      } else {
        const next = withNewPrimary(file.data);
        // The file first: a check row for a key the file does not hold would stop every start.
        await writeKeyFileAtomic(file.path, next.file, file.text);
        added = next.keyId;
        file = (await readKeyFile(keyFile))!;
        await proveKeyFile(pool, file, { record: true, now: now() });
        log(`Added master key ${added} to ${keyFile} as the primary key (old keys kept: ${Object.keys(file.data.keys).filter((k) => k !== added).join(", ")}). Back up this file now.`);
      }
    }

    const keyring = file.keyring;
    const failures = new Map<string, RewrapFailure>();
    const rewrapped = new Map<SealedColumn, number>();
    let aborted = false;
    if (mode !== "status") {
      for (const column of columns) {
        let total = 0;
        for (let pass = 1; pass <= MAX_PASSES && !aborted; pass++) {
          const result = await rewrapColumnPass(pool, keyring, column, { batchSize, signal: options.signal, hooks: options.hooks });
          total += result.rewrapped;
          for (const f of result.failures) failures.set(`${f.table}\u0000${f.column}\u0000${f.id}`, f);
          aborted = result.aborted;
          // Another pass only for values written with an old key meanwhile, or rows that were locked.
          if (result.rewrapped === 0) break;
          const left = staleCount([await columnKeyUsage(pool, column)], keyring.primaryId);
          const failedHere = [...failures.values()].filter((f) => f.table === column.table && f.column === column.column).length;
          if (left <= failedHere) break;
        }
        rewrapped.set(column, total);
        if (total > 0) log(`Rewrapped ${total} value(s) in ${column.table}.${column.column}.`);
        if (aborted) break;
      }
    }

    const after = await usage(pool, columns);
    const summaries: ColumnSummary[] = columns.map((column) => {
      const keys = after.get(column) ?? {};
      return {
        table: column.table,
        column: column.column,
        rewrapped: rewrapped.get(column) ?? 0,
        remaining: staleCount([keys], keyring.primaryId),
        failed: [...failures.values()].filter((f) => f.table === column.table && f.column === column.column).length,
        keys,
      };
    });
    const complete = summaries.every((s) => s.remaining === 0);
    const failureList = [...failures.values()];
    for (const f of failureList) {
      log(`Could not open ${f.table}.${f.column} of row ${f.id} (${f.keyId === MALFORMED ? "not a sealed value" : `sealed with ${f.keyId}`}): ${f.reason} It was left as it is.`);
    }

    let retired: string[] = [];
    let retireRefused: string | null = null;
    if (mode === "retire" && !aborted) {
      const outcome = await retireOldKeys(pool, file, { complete, after, now: now(), retireAfterMs: options.retireAfterMs ?? DEFAULT_RETIRE_AFTER_MS });
      retired = outcome.retired;
      retireRefused = outcome.refused;
      if (retired.length > 0) file = (await readKeyFile(keyFile))!;
    }

    const oldKeys = Object.keys(file.data.keys).filter((k) => k !== keyring.primaryId);
    return { mode, primary: keyring.primaryId, added, resumed, columns: summaries, failures: failureList, oldKeys, complete, aborted, retired, retireRefused };
  }
}

type Usage = Map<SealedColumn, Record<string, number>>;

async function usage(pool: pg.Pool, columns: readonly SealedColumn[]): Promise<Usage> {
  const result: Usage = new Map();
  for (const column of columns) result.set(column, await columnKeyUsage(pool, column));
  return result;
}

/** Values sealed with any key other than `primary` (per-key counts of one or more columns). */
function staleCount(usages: Iterable<Record<string, number>>, primary: string): number {
  let sum = 0;
  for (const keys of usages) for (const [id, n] of Object.entries(keys)) if (id !== primary) sum += n;
  return sum;
}

/** "k1: 12, k2: 3": how many values each of `ids` seals, across all columns (ids sealing none left out). */
function describeKeys(u: Usage, ids: string[]): string {
  return [...ids]
    .sort()
    .map((id) => [id, [...u.values()].reduce((sum, keys) => sum + (keys[id] ?? 0), 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([id, n]) => `${id}: ${n}`)
    .join(", ");
}

/**
 * Proves the key file against key_checks, as a start does (master-key.ts): every key the
 * database has a check for must be in the file and open its check. With `record`, keys of
 * the file without a check get one (a run killed right after writing the file resumes here).
 */
async function proveKeyFile(pool: pg.Pool, file: LoadedKeyFile, options: { record: boolean; now: Date }): Promise<void> {
  const { rows } = await pool.query<{ key_id: string; sealed: string }>("SELECT key_id, sealed FROM key_checks ORDER BY key_id");
  for (const check of rows) {
    if (!file.keyring.keys.has(check.key_id)) {
      throw new RotationError(`The master key file ${file.path} lacks key ${check.key_id}, which the database's secrets need. Restore the right key file; nothing was changed.`);
    }
    try {
      open(file.keyring, check.sealed, checkAad(check.key_id));
    } catch (error) {
      if (!(error instanceof SealError)) throw error;
      throw new RotationError(`The master key file ${file.path} is not the key this database was set up with (key ${check.key_id} does not match). Restore the right key file; nothing was changed.`);
    }
  }
  if (!options.record) return;
  for (const keyId of file.keyring.keys.keys()) {
    if (rows.some((r) => r.key_id === keyId)) continue;
    const single: Keyring = { primaryId: keyId, keys: file.keyring.keys };
    await pool.query("INSERT INTO key_checks (key_id, sealed, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING", [
      keyId,
      seal(single, CHECK_PLAINTEXT, checkAad(keyId)),
      options.now,
    ]);
  }
}

async function retireOldKeys(
  pool: pg.Pool,
  file: LoadedKeyFile,
  input: { complete: boolean; after: Usage; now: Date; retireAfterMs: number },
): Promise<{ retired: string[]; refused: string | null }> {
  const primary = file.keyring.primaryId;
  const old = Object.keys(file.data.keys).filter((k) => k !== primary);
  if (!input.complete) {
    const where = [...input.after]
      .map(([c, keys]) => [c, Object.entries(keys).filter(([id]) => id !== primary)] as const)
      .filter(([, stale]) => stale.length > 0)
      .map(([c, stale]) => `${c.table}.${c.column} (${stale.map(([id, n]) => `${n} with ${id}`).join(", ")})`);
    return { retired: [], refused: `Old keys were not retired: values are still sealed with them in ${where.join("; ")}. Resolve those, then run keys:rotate --retire-old again.` };
  }
  if (old.length === 0) return { retired: [], refused: null };
  const { rows } = await pool.query<{ created_at: Date }>("SELECT created_at FROM key_checks WHERE key_id = $1", [primary]);
  const addedAt = rows[0]?.created_at;
  if (addedAt && input.now.getTime() - addedAt.getTime() < input.retireAfterMs) {
    const at = new Date(addedAt.getTime() + input.retireAfterMs);
    return {
      retired: [],
      refused: `Old keys were not retired: ${primary} was added at ${addedAt.toISOString()}, and running processes may still hold the old primary for a few seconds. Run keys:rotate --retire-old again after ${at.toISOString()}.`,
    };
  }
  // The check rows first: a key file without a key the database still checks would stop every start,
  // while a leftover key in the file is harmless (a rerun removes it).
  await pool.query("DELETE FROM key_checks WHERE key_id = ANY($1::text[])", [old]);
  await writeKeyFileAtomic(file.path, { version: 1, primary, keys: { [primary]: file.data.keys[primary]! } }, file.text);
  return { retired: old, refused: null };
}
