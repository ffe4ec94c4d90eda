import "server-only";
import { describeDatabase, openMigrationConnection } from "./migration-connection";
import { MigrationError } from "./migration-error";
import { withMigrationLock } from "./migration-lock";
import { planMigrations } from "./plan-migrations";
import { ensureMigrationsTable, readMigrationRows } from "./prisma-migrations-table";
import { readLocalMigrations } from "./read-migrations";
import { runMigration } from "./run-migration";

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
        const mode = await runMigration(client, migration);
        if (mode === "script-managed") log(`${migration.name} runs its own BEGIN/COMMIT; applied without a wrapping transaction`);
        applied.push(migration.name);
      }
      return { applied, alreadyApplied: plan.alreadyApplied };
    });
  } catch (error) {
    if (!(error instanceof MigrationError) && isConnectionLoss(error)) {
      throw new MigrationError(
        "CONNECTION",
        `Lost the connection to ${describeDatabase(options.connectionString)} while migrating. PostgreSQL rolled back the migration that was running (unless it runs its own BEGIN/COMMIT); run again.`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
