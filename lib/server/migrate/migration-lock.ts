import "server-only";
import type pg from "pg";
import { MigrationError } from "./migration-error";

/** The advisory lock key `prisma migrate` uses, so our runs and Prisma's exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

function isLockTimeout(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "55P03";
}

/**
 * Runs `fn` while holding the session-level migration advisory lock on `client`; waits up
 * to `timeoutMs` for another process's run, and always releases the lock afterwards.
 */
export async function withMigrationLock<T>(
  client: pg.Client,
  options: { timeoutMs: number; log: (message: string) => void },
  fn: () => Promise<T>,
): Promise<T> {
  const tried = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [MIGRATION_LOCK_KEY]);
  if (!tried.rows[0]?.locked) {
    options.log("Another process is applying migrations; waiting for it to finish.");
    await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      throw new MigrationError(
        "LOCK_TIMEOUT",
        `Another process held the migration lock (pg_advisory_lock(${MIGRATION_LOCK_KEY})) for more than ${Math.round(options.timeoutMs / 1000)} s. ` +
          "Wait for it to finish, or find the stuck session in pg_locks and end it.",
        { cause: error },
      );
    } finally {
      await client.query("RESET lock_timeout").catch(() => undefined);
    }
  }
  try {
    return await fn();
  } finally {
    // If the connection broke, the server already dropped the session and its lock.
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
  }
}
