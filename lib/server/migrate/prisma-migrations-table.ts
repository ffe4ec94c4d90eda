import "server-only";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { z } from "zod";

/** Prisma's own DDL for its history table, so `prisma migrate status/deploy` can read ours. */
const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

const rowSchema = z.object({
  id: z.string(),
  checksum: z.string(),
  migration_name: z.string(),
  started_at: z.date(),
  finished_at: z.date().nullable(),
  rolled_back_at: z.date().nullable(),
});

/** One row of `_prisma_migrations`. */
export type MigrationRow = z.infer<typeof rowSchema>;

/** Creates `_prisma_migrations` when missing (call only while holding the migration lock). */
export async function ensureMigrationsTable(client: pg.Client): Promise<void> {
  await client.query(CREATE_TABLE);
}

/** All recorded attempts, oldest first. */
export async function readMigrationRows(client: pg.Client): Promise<MigrationRow[]> {
  const result = await client.query(
    `SELECT id, checksum, migration_name, started_at, finished_at, rolled_back_at
       FROM "_prisma_migrations" ORDER BY started_at, migration_name`,
  );
  return z.array(rowSchema).parse(result.rows);
}

/** Records the start of a migration (inside the migration's transaction); returns the row id. */
export async function insertStartedRow(client: pg.Client, name: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [id, checksum, name],
  );
  return id;
}

/** Marks a migration finished, as `prisma migrate deploy` does after running its script. */
export async function markRowFinished(client: pg.Client, id: string): Promise<void> {
  await client.query(
    `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

/** Stores the failure of a migration that could not be rolled back, as Prisma does. */
export async function recordRowLogs(client: pg.Client, id: string, logs: string): Promise<void> {
  await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, logs]);
}
