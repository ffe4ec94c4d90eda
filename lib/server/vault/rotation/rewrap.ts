import "server-only";
import type pg from "pg";
import type { Keyring } from "../keyring";
import { sealedColumnAad, type SealedColumn } from "../sealed-columns";
import { open, seal, SealError } from "../seal";

/** A value that could not be opened (tampered, wrong AAD, unknown key): reported, never overwritten. */
export type RewrapFailure = { table: string; column: string; id: string; keyId: string; reason: string };

export type BatchInfo = { table: string; column: string; ids: string[] };

export type RewrapHooks = {
  /** Inside the batch's transaction, rows selected and locked, before they are updated. */
  onBatchLocked?: (batch: BatchInfo) => void | Promise<void>;
  /** After the batch's transaction committed. */
  onBatchCommitted?: (batch: BatchInfo & { rewrapped: number }) => void | Promise<void>;
};

export type RewrapOptions = {
  batchSize: number;
  /** Stops before the next batch (a killed process stops anywhere; both lose nothing). */
  signal?: AbortSignal;
  hooks?: RewrapHooks;
};

export type ColumnPassResult = { rewrapped: number; failures: RewrapFailure[]; aborted: boolean };

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/** LIKE pattern of the values sealed with `keyId` (key ids are k<digits>, no wildcards). */
export function sealedWithPattern(keyId: string): string {
  return `v1:${keyId}:%`;
}

/**
 * One pass over a column: in id order, batches of rows whose value is not sealed with the
 * primary key are locked (FOR UPDATE SKIP LOCKED: rows a writer holds are left for the next
 * pass), opened with whichever key they name, resealed with the primary key under the same
 * AAD, and written back with a compare-and-swap on the old value, then committed. A value
 * that fails to open is reported and left untouched. Progress lives in the data itself
 * (`v1:<primary>:` or not), so stopping anywhere loses nothing and a rerun picks up the rest.
 */
export async function rewrapColumnPass(pool: pg.Pool, keyring: Keyring, column: SealedColumn, options: RewrapOptions): Promise<ColumnPassResult> {
  const table = ident(column.table);
  const col = ident(column.column);
  const primary = keyring.primaryId;
  const pattern = sealedWithPattern(primary);
  const failures: RewrapFailure[] = [];
  let rewrapped = 0;
  let cursor: string | null = null;

  for (;;) {
    if (options.signal?.aborted) return { rewrapped, failures, aborted: true };
    const client = await pool.connect();
    let batch: BatchInfo;
    let committed = 0;
    try {
      await client.query("BEGIN");
      const { rows }: { rows: { id: string; sealed: string }[] } = await client.query<{ id: string; sealed: string }>(
        `SELECT id, ${col} AS sealed FROM ${table}
          WHERE ${col} IS NOT NULL AND ${col} NOT LIKE $1 ${cursor === null ? "" : "AND id > $3"}
          ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        cursor === null ? [pattern, options.batchSize] : [pattern, options.batchSize, cursor],
      );
      if (rows.length === 0) {
        await client.query("COMMIT");
        return { rewrapped, failures, aborted: false };
      }
      cursor = rows[rows.length - 1]!.id;
      batch = { table: column.table, column: column.column, ids: rows.map((r) => r.id) };

      const ids: string[] = [];
      const olds: string[] = [];
      const news: string[] = [];
      for (const row of rows) {
        const aad = sealedColumnAad(column, row.id);
        let plaintext: string;
        try {
          plaintext = open(keyring, row.sealed, aad);
        } catch (error) {
          if (!(error instanceof SealError)) throw error;
          failures.push({ table: column.table, column: column.column, id: row.id, keyId: keyIdOf(row.sealed), reason: error.message });
          continue;
        }
        ids.push(row.id);
        olds.push(row.sealed);
        news.push(seal(keyring, plaintext, aad));
      }
      await options.hooks?.onBatchLocked?.(batch);
      if (ids.length > 0) {
        const result = await client.query(
          `UPDATE ${table} AS t SET ${col} = v.sealed
             FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old, sealed)
            WHERE t.id = v.id AND t.${col} = v.old`,
          [ids, olds, news],
        );
        committed = result.rowCount ?? 0;
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    rewrapped += committed;
    await options.hooks?.onBatchCommitted?.({ ...batch, rewrapped: committed });
  }
}

/** What a value that does not look like `v1:<key id>:...` is counted and reported as. */
export const MALFORMED = "malformed";

/**
 * The key id a sealed value names, or MALFORMED. Never returns any other part of the value:
 * a column that wrongly holds plaintext must not leak it into the report.
 */
export function keyIdOf(sealed: string): string {
  return /^v1:(k[0-9]{1,6}):/.exec(sealed)?.[1] ?? MALFORMED;
}

/** How many values of the column each key id seals (null values not counted). */
export async function columnKeyUsage(pool: pg.Pool, column: SealedColumn): Promise<Record<string, number>> {
  const col = ident(column.column);
  const { rows } = await pool.query<{ key_id: string; n: number }>(
    `SELECT CASE WHEN ${col} ~ '^v1:k[0-9]{1,6}:' THEN split_part(${col}, ':', 2) ELSE $1 END AS key_id, count(*)::int AS n
       FROM ${ident(column.table)} WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    [MALFORMED],
  );
  return Object.fromEntries(rows.map((r) => [r.key_id, r.n]));
}
