import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { isMigrationError, migrateDatabase, MigrationError } from "@/lib/server/migrate";
import { createSchemaEngine } from "@/lib/server/migrate/schema-engine";
import { findFreePort } from "../helpers/embedded-postgres";
import { createEmptyDatabase, type TestDatabase } from "../helpers/test-database";

const REAL_MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

const tempDirs: string[] = [];
let db: TestDatabase;

beforeEach(async () => {
  db = await createEmptyDatabase();
});
afterEach(async () => {
  await db.drop();
});
afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A migrations directory in Prisma's layout holding the given name -> SQL pairs. */
async function migrationsDir(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "authpulse-migrations-"));
  tempDirs.push(dir);
  await writeFile(path.join(dir, "migration_lock.toml"), 'provider = "postgresql"\n');
  await writeMigrations(dir, migrations);
  return dir;
}

async function writeMigrations(dir: string, migrations: Record<string, string>): Promise<void> {
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name), { recursive: true });
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

interface HistoryRow extends pg.QueryResultRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

const history = () => query<HistoryRow>(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`);
const tableExists = async (name: string) =>
  (await query<{ found: string | null }>("SELECT to_regclass($1)::text AS found", [name]))[0]?.found !== null;

async function migrationError(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isMigrationError(error)) throw new Error(`expected a MigrationError, got ${String(error)}`);
  return error;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe("migrateDatabase", () => {
  it("applies every migration to an empty database and records them as prisma migrate deploy does", async () => {
    const names = (await readdir(REAL_MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(names.length).toBeGreaterThan(0);

    const result = await migrateDatabase({ connectionString: db.url, migrationsDir: REAL_MIGRATIONS });

    expect(result).toEqual({ applied: names, alreadyApplied: 0 });
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    for (const row of rows) {
      const file = await readFile(path.join(REAL_MIGRATIONS, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(sha256(file));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableExists("users")).toBe(true);
  });

  it("applies nothing on a second run", async () => {
    const first = await migrateDatabase({ connectionString: db.url, migrationsDir: REAL_MIGRATIONS });
    const before = await history();

    const second = await migrateDatabase({ connectionString: db.url, migrationsDir: REAL_MIGRATIONS });

    expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    expect(await history()).toEqual(before);
  });

  it("recognises a database migrated by Prisma's own engine as up to date", async () => {
    const files = (await readdir(REAL_MIGRATIONS, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const schema = await readFile(fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url)), "utf8");
    const { engine, dispose } = await createSchemaEngine({ connectionString: db.url, schema });
    try {
      const output = await engine.applyMigrations({
        migrationsList: {
          baseDir: REAL_MIGRATIONS,
          lockfile: { path: "migration_lock.toml", content: await readFile(path.join(REAL_MIGRATIONS, "migration_lock.toml"), "utf8") },
          shadowDbInitScript: "",
          migrationDirectories: await Promise.all(
            files.map(async (name) => ({
              path: name,
              migrationFile: {
                path: "migration.sql",
                content: { tag: "ok" as const, value: await readFile(path.join(REAL_MIGRATIONS, name, "migration.sql"), "utf8") },
              },
            })),
          ),
        },
        filters: { externalTables: [], externalEnums: [] },
      });
      expect(output.appliedMigrationNames).toEqual(files);
    } finally {
      await dispose();
    }

    const result = await migrateDatabase({ connectionString: db.url, migrationsDir: REAL_MIGRATIONS });

    expect(result).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it("lets two processes start at once on one empty database and applies each migration exactly once", async () => {
    const dir = await migrationsDir({
      "20240101000000_slow": "SELECT pg_sleep(0.5);\nCREATE TABLE slow (id int);\n",
      "20240102000000_second": "CREATE TABLE second (id int);\n",
    });
    const logs: string[][] = [[], []];

    const results = await Promise.all(
      logs.map((lines) => migrateDatabase({ connectionString: db.url, migrationsDir: dir, log: (line) => lines.push(line) })),
    );

    const applied = results.flatMap((result) => result.applied).sort();
    expect(applied).toEqual(["20240101000000_slow", "20240102000000_second"]);
    expect(results.map((result) => result.applied.length).sort()).toEqual([0, 2]);
    expect(results.find((result) => result.applied.length === 0)?.alreadyApplied).toBe(2);
    expect(logs.flat()).toContain("Another process is applying migrations; waiting for it to finish.");
    const rows = await history();
    expect(rows.map((row) => row.migration_name)).toEqual(["20240101000000_slow", "20240102000000_second"]);
  });

  it("gives up with LOCK_TIMEOUT when another session holds the migration lock too long", async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)");

      const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: REAL_MIGRATIONS, lockTimeoutMs: 300 }));

      expect(error.code).toBe("LOCK_TIMEOUT");
      expect(error.message).toContain("pg_advisory_lock(72707369)");
      expect(await tableExists("_prisma_migrations")).toBe(false);
    } finally {
      await holder.end();
    }
  });

  it("refuses an applied migration whose file was edited, and applies nothing", async () => {
    const dir = await migrationsDir({
      "20240101000000_one": "CREATE TABLE one (id int);\n",
      "20240102000000_two": "CREATE TABLE two (id int);\n",
    });
    await migrateDatabase({ connectionString: db.url, migrationsDir: dir });
    const before = await history();
    await writeMigrations(dir, {
      "20240101000000_one": "CREATE TABLE one (id int, extra text);\n",
      "20240103000000_three": "CREATE TABLE three (id int);\n",
    });

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }));

    expect(error.code).toBe("EDITED");
    expect(error.migrationName).toBe("20240101000000_one");
    expect(error.message).toContain("20240101000000_one was edited after it was applied");
    expect(error.message).toMatch(/Restore .* new migration/);
    expect(await history()).toEqual(before);
    expect(await tableExists("three")).toBe(false);
  });

  it("does not treat line-ending-only changes (git autocrlf) as edits, like Prisma", async () => {
    const dir = await migrationsDir({ "20240101000000_one": "CREATE TABLE one (id int);\nCREATE TABLE uno (id int);\n" });
    await migrateDatabase({ connectionString: db.url, migrationsDir: dir });
    await writeMigrations(dir, { "20240101000000_one": "CREATE TABLE one (id int);\r\nCREATE TABLE uno (id int);\r\n" });

    await expect(migrateDatabase({ connectionString: db.url, migrationsDir: dir })).resolves.toEqual({ applied: [], alreadyApplied: 1 });
  });

  it("rolls a failing migration back completely and keeps the earlier ones", async () => {
    const dir = await migrationsDir({
      "20240101000000_good": "CREATE TABLE good (id int);\n",
      "20240102000000_bad": "CREATE TABLE half_done (id int);\nINSERT INTO good VALUES (1);\nSELECT * FROM no_such_table;\n",
      "20240103000000_after": "CREATE TABLE after_bad (id int);\n",
    });

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }));

    expect(error.code).toBe("SQL_FAILED");
    expect(error.migrationName).toBe("20240102000000_bad");
    expect(error.message).toContain("20240102000000_bad failed and was rolled back");
    expect(error.message).toContain('relation "no_such_table" does not exist');
    expect(error.message).toContain("line 3");
    expect(await tableExists("good")).toBe(true);
    expect(await tableExists("half_done")).toBe(false);
    expect(await tableExists("after_bad")).toBe(false);
    expect(await query("SELECT * FROM good")).toEqual([]);
    expect((await history()).map((row) => row.migration_name)).toEqual(["20240101000000_good"]);

    await writeMigrations(dir, { "20240102000000_bad": "CREATE TABLE half_done (id int);\n" });
    await expect(migrateDatabase({ connectionString: db.url, migrationsDir: dir })).resolves.toEqual({
      applied: ["20240102000000_bad", "20240103000000_after"],
      alreadyApplied: 1,
    });
  });

  it("applies a migration that runs its own BEGIN/COMMIT (Prisma's enum rewrite) and records it", async () => {
    const dir = await migrationsDir({
      "20240101000000_enum": "CREATE TYPE \"Color\" AS ENUM ('red', 'blue');\nCREATE TABLE paint (color \"Color\" NOT NULL);\n",
      "20240102000000_drop_blue":
        "-- AlterEnum\nBEGIN;\nCREATE TYPE \"Color_new\" AS ENUM ('red');\n" +
        "ALTER TABLE \"paint\" ALTER COLUMN \"color\" TYPE \"Color_new\" USING (\"color\"::text::\"Color_new\");\n" +
        "ALTER TYPE \"Color\" RENAME TO \"Color_old\";\nALTER TYPE \"Color_new\" RENAME TO \"Color\";\nDROP TYPE \"Color_old\";\nCOMMIT;\n",
    });

    await expect(migrateDatabase({ connectionString: db.url, migrationsDir: dir })).resolves.toEqual({
      applied: ["20240101000000_enum", "20240102000000_drop_blue"],
      alreadyApplied: 0,
    });

    const labels = await query<{ label: string }>("SELECT unnest(enum_range(NULL::\"Color\"))::text AS label");
    expect(labels.map((row) => row.label)).toEqual(["red"]);
    expect((await history()).every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);
  });

  it("records a failure inside a self-managed BEGIN/COMMIT migration as failed, like prisma migrate deploy", async () => {
    const dir = await migrationsDir({
      "20240101000000_own_tx": "CREATE TABLE before_tx (id int);\nBEGIN;\nCREATE TABLE inside_tx (id int);\nSELECT 1/0;\nCOMMIT;\n",
    });

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }));

    expect(error.code).toBe("SQL_FAILED");
    expect(error.message).toContain("division by zero");
    expect(error.message).toContain("recorded as failed");
    expect(await tableExists("inside_tx")).toBe(false);
    // One simple-protocol query: PostgreSQL folds statements before BEGIN into its transaction.
    expect(await tableExists("before_tx")).toBe(false);
    const [row] = await history();
    expect(row).toMatchObject({ migration_name: "20240101000000_own_tx", finished_at: null, rolled_back_at: null });
    expect(row?.logs).toContain("division by zero");
    expect((await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }))).code).toBe("FAILED_PREVIOUSLY");
  });

  it("explains that a new enum value cannot be used in the migration that adds it", async () => {
    const dir = await migrationsDir({
      "20240101000000_enum": "CREATE TYPE \"Role\" AS ENUM ('admin');\nCREATE TABLE m (role \"Role\" NOT NULL DEFAULT 'admin');\n",
      "20240102000000_owner": "-- AlterEnum\nALTER TYPE \"Role\" ADD VALUE 'owner';\n\n-- AlterTable\nALTER TABLE \"m\" ALTER COLUMN \"role\" SET DEFAULT 'owner';\n",
    });

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }));

    expect(error.code).toBe("SQL_FAILED");
    expect(error.migrationName).toBe("20240102000000_owner");
    expect(error.message).toContain('unsafe use of new value "owner"');
    expect(error.message).toContain("split this into two migrations");
    expect((await history()).map((row) => row.migration_name)).toEqual(["20240101000000_enum"]);
  });

  it("refuses to continue after a recorded failed attempt until it is resolved", async () => {
    const dir = await migrationsDir({
      "20240101000000_one": "CREATE TABLE one (id int);\n",
      "20240102000000_two": "CREATE TABLE two (id int);\n",
    });
    await migrateDatabase({ connectionString: db.url, migrationsDir: path.join(dir) }).catch(() => undefined);
    await query(`DELETE FROM "_prisma_migrations" WHERE migration_name = '20240102000000_two'`);
    await query(`DROP TABLE two`);
    // What `prisma migrate deploy` leaves behind when a script fails half-way.
    await query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000001', 'x', '20240102000000_two', 'boom', now(), 0)`,
    );
    const before = await history();

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: dir }));

    expect(error.code).toBe("FAILED_PREVIOUSLY");
    expect(error.message).toContain("20240102000000_two failed in an earlier attempt");
    expect(error.message).toContain("prisma migrate resolve --rolled-back 20240102000000_two");
    expect(await history()).toEqual(before);
    expect(await tableExists("two")).toBe(false);

    await query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '20240102000000_two'`);
    await expect(migrateDatabase({ connectionString: db.url, migrationsDir: dir })).resolves.toEqual({
      applied: ["20240102000000_two"],
      alreadyApplied: 1,
    });
  });

  it("refuses a database that has migrations this code does not know (database newer than code)", async () => {
    const newer = await migrationsDir({
      "20240101000000_one": "CREATE TABLE one (id int);\n",
      "20240105000000_from_the_future": "CREATE TABLE future (id int);\n",
    });
    await migrateDatabase({ connectionString: db.url, migrationsDir: newer });
    const before = await history();
    const older = await migrationsDir({
      "20240101000000_one": "CREATE TABLE one (id int);\n",
      "20240102000000_local_only": "CREATE TABLE local_only (id int);\n",
    });

    const error = await migrationError(migrateDatabase({ connectionString: db.url, migrationsDir: older }));

    expect(error.code).toBe("MISSING_LOCALLY");
    expect(error.message).toContain("20240105000000_from_the_future");
    expect(error.message).toContain("database is newer than this code");
    expect(await history()).toEqual(before);
    expect(await tableExists("local_only")).toBe(false);
  });
});

describe("migrateDatabase connection errors", () => {
  const secret = "s3cret-Passw0rd";

  it("names host and port of an unreachable server, never the password", async () => {
    const port = await findFreePort();

    const error = await migrationError(
      migrateDatabase({ connectionString: `postgresql://app:${secret}@127.0.0.1:${port}/authpulse`, migrationsDir: REAL_MIGRATIONS }),
    );

    expect(error.code).toBe("CONNECTION");
    expect(error.message).toContain(`127.0.0.1:${port}/authpulse`);
    expect(error.message).toContain("nothing is listening");
    expect(error.message).not.toContain(secret);
  });

  it("rejects a malformed URL without echoing it", async () => {
    const error = await migrationError(
      migrateDatabase({ connectionString: `postgres//app:${secret}@localhost/authpulse`, migrationsDir: REAL_MIGRATIONS }),
    );

    expect(error.code).toBe("CONNECTION");
    expect(error.message).toContain("not valid");
    expect(error.message).not.toContain(secret);
  });

  it("explains a wrong password and a missing database without leaking the password", async () => {
    const wrongPassword = new URL(db.url);
    wrongPassword.password = secret;
    const missingDb = new URL(db.url);
    missingDb.pathname = "/no_such_database";

    const login = await migrationError(migrateDatabase({ connectionString: wrongPassword.toString(), migrationsDir: REAL_MIGRATIONS }));
    const missing = await migrationError(migrateDatabase({ connectionString: missingDb.toString(), migrationsDir: REAL_MIGRATIONS }));

    expect(login.code).toBe("CONNECTION");
    expect(login.message).toContain(`refused the login for user "${wrongPassword.username}"`);
    expect(login.message).not.toContain(secret);
    expect(missing.code).toBe("CONNECTION");
    expect(missing.message).toContain("no_such_database");
    expect(missing.message).toContain("does not exist");
  });
});
