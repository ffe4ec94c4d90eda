import "server-only";
import type pg from "pg";
import { describeDatabase, openMigrationConnection } from "./migration-connection";
import { MigrationError } from "./migration-error";
import { withMigrationLock } from "./migration-lock";
import { planMigrations } from "./plan-migrations";
import { ensureMigrationsTable, insertStartedRow, markRowFinished, readMigrationRows } from "./prisma-migrations-table";
import { readLocalMigrations, type LocalMigration } from "./read-migrations";

export interface MigrateOptions {
  connectionString: string;
  /** Directory in Prisma's layout: `<timestamp>_<name>/migration.sql`. */
  migrationsDir: string;
  log?: (message: string) => void;
  /** How long to wait for another process's run to release the lock (default 60 s). */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Names of the migrations applied by this run, in order. */
  applied: string[];
  /** How many migrations were applied before this run. */
  alreadyApplied: number;
}

function describeSqlError(error: unknown, sql: string): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { position?: string; detail?: string; hint?: string };
  let text = error.message;
  const position = Number(fields.position);
  if (Number.isInteger(position) && position > 0) {
    const before = sql.slice(0, position - 1);
    const lineNumber = before.split("\n").length;
    const line = sql.split("\n")[lineNumber - 1]?.trim() ?? "";
    text += ` (line ${lineNumber}: ${line.length > 120 ? `${line.slice(0, 117)}...` : line})`;
  }
  if (fields.detail) text += `. Detail: ${fields.detail}`;
  if (fields.hint) text += `. Hint: ${fields.hint}`;
  return text;
}

/** Applies one migration and its history row in a single transaction; all or nothing. */
async function applyOne(client: pg.Client, migration: LocalMigration): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = await insertStartedRow(client, migration.name, migration.checksum);
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new MigrationError(
        "SQL_FAILED",
        `Migration ${migration.name} failed and was rolled back, so none of it is applied: ${describeSqlError(error, migration.sql)}. ` +
          "Migrations before it remain applied. Fix the migration (it was never applied anywhere it failed) and run again.",
        { migrationName: migration.name, cause: error },
      );
    }
    await markRowFinished(client, id);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

function isConnectionLoss(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = "code" in error ? String(error.code) : "";
  return code.startsWith("08") || code === "57P01" || /connection terminated|ECONNRESET/i.test(error.message);
}

/**
 * Applies pending migrations from `migrationsDir` under Prisma's advisory lock, recording
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` does. Throws MigrationError.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const local = await readLocalMigrations(options.migrationsDir);
  const client = await openMigrationConnection(options.connectionString);
  try {
    return await withMigrationLock(client, { timeoutMs: options.lockTimeoutMs ?? 60_000, log }, async () => {
      await ensureMigrationsTable(client);
      const plan = planMigrations(local, await readMigrationRows(client));
      const applied: string[] = [];
      for (const migration of plan.pending) {
        log(`Applying migration ${migration.name}`);
        await applyOne(client, migration);
        applied.push(migration.name);
      }
      return { applied, alreadyApplied: plan.alreadyApplied };
    });
  } catch (error) {
    if (!(error instanceof MigrationError) && isConnectionLoss(error)) {
      throw new MigrationError(
        "CONNECTION",
        `Lost the connection to ${describeDatabase(options.connectionString)} while migrating; the migration in progress was rolled back.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
