import "server-only";
import pg from "pg";

/** Advisory lock key of worker queue set-up ("authpulse-queues" as a number). */
const QUEUE_SETUP_LOCK = (0x6175_7468_7175_6575n).toString();

/**
 * Runs `fn` while holding a session advisory lock on its own connection. pg-boss's createQueue,
 * run by several workers at once on a fresh database, deadlocks (each inserts into pgboss.queue and
 * creates and attaches a partition with a foreign key to it); set-up is short, so workers take turns.
 */
export async function withQueueSetupLock<T>(connectionString: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1::bigint)", [QUEUE_SETUP_LOCK]);
    return await fn();
  } finally {
    // Closing the session releases the lock too; unlocking first lets the next worker go without waiting for the socket to close.
    await client.query("SELECT pg_advisory_unlock($1::bigint)", [QUEUE_SETUP_LOCK]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
