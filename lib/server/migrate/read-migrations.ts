import "server-only";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { migrationChecksum } from "./checksum";
import { MigrationError } from "./migration-error";

/** One migration directory from prisma/migrations. */
export interface LocalMigration {
  /** The directory name, e.g. `20260101120000_init`; this is `migration_name` in the table. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql's bytes. */
  checksum: string;
}

const LOCK_FILE = "migration_lock.toml";

async function assertPostgresLockfile(migrationsDir: string): Promise<void> {
  let text: string;
  try {
    text = await readFile(path.join(migrationsDir, LOCK_FILE), "utf8");
  } catch {
    return; // like Prisma, a missing lock file is tolerated
  }
  const provider = /^\s*provider\s*=\s*"([^"]*)"/m.exec(text)?.[1];
  if (provider !== "postgresql") {
    throw new MigrationError(
      "INVALID_MIGRATIONS",
      `${path.join(migrationsDir, LOCK_FILE)} says provider = "${provider ?? "?"}", but these migrations run on PostgreSQL.`,
    );
  }
}

/** Reads `<dir>/<name>/migration.sql` for every migration directory, ordered by name. */
export async function readLocalMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationError("INVALID_MIGRATIONS", `Cannot read the migrations directory ${migrationsDir}.`, { cause: error });
  }
  await assertPostgresLockfile(migrationsDir);
  const names = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name): Promise<LocalMigration> => {
      const file = path.join(migrationsDir, name, "migration.sql");
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        throw new MigrationError("INVALID_MIGRATIONS", `Migration ${name} has no migration.sql (${file}).`, {
          migrationName: name,
          cause: error,
        });
      }
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    }),
  );
}
