import "server-only";
import { checksumMatches } from "./checksum";
import { MigrationError } from "./migration-error";
import type { MigrationRow } from "./prisma-migrations-table";
import type { LocalMigration } from "./read-migrations";

/** What a run will do: migrations to apply in order, and how many are already applied. */
export interface MigrationPlan {
  pending: LocalMigration[];
  alreadyApplied: number;
}

/**
 * Compares the migrations on disk with `_prisma_migrations` and refuses (MigrationError)
 * when the history is not safe to build on: a failed attempt, an edited applied migration,
 * or applied migrations this code does not have.
 */
export function planMigrations(local: LocalMigration[], rows: MigrationRow[]): MigrationPlan {
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      "FAILED_PREVIOUSLY",
      `Migration ${failed.migration_name} failed in an earlier attempt (started ${failed.started_at.toISOString()}) and is still ` +
        "recorded as unfinished in _prisma_migrations, so the database may be partly changed. Nothing was applied. " +
        "Inspect the database and finish or undo that migration by hand, then mark it resolved: set rolled_back_at on its " +
        `row in _prisma_migrations (or run \`prisma migrate resolve --rolled-back ${failed.migration_name}\`; --applied if you completed it by hand) and run again.`,
      { migrationName: failed.migration_name },
    );
  }

  const applied = rows.filter((row) => row.finished_at !== null && row.rolled_back_at === null);
  const localByName = new Map(local.map((migration) => [migration.name, migration]));

  const unknown = [...new Set(applied.map((row) => row.migration_name).filter((name) => !localByName.has(name)))];
  if (unknown.length > 0) {
    throw new MigrationError(
      "MISSING_LOCALLY",
      `The database has ${unknown.length === 1 ? "a migration" : "migrations"} this code does not have: ${unknown.join(", ")}. ` +
        "It was migrated by a newer version of Authpulse (the database is newer than this code). Nothing was applied. " +
        "Run that version or a newer one, or restore the missing migration directories.",
      { migrationName: unknown[0] },
    );
  }

  for (const row of applied) {
    const migration = localByName.get(row.migration_name);
    if (migration && migration.checksum !== row.checksum && !checksumMatches(migration.sql, row.checksum)) {
      throw new MigrationError(
        "EDITED",
        `Migration ${row.migration_name} was edited after it was applied to this database: its migration.sql no longer ` +
          "matches the checksum recorded when it ran. Nothing was applied. Restore " +
          `prisma/migrations/${row.migration_name}/migration.sql to the applied version (e.g. from git) and put the change ` +
          "in a new migration instead (npm run db:migration -- <name>).",
        { migrationName: row.migration_name },
      );
    }
  }

  const appliedNames = new Set(applied.map((row) => row.migration_name));
  const pending = local.filter((migration) => !appliedNames.has(migration.name));
  return { pending, alreadyApplied: local.length - pending.length };
}
