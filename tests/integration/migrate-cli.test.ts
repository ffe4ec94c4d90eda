import { shippedMigrations } from "../helpers/migration-count";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase, type TestDatabase } from "../helpers/test-database";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

/** Runs `npm run db:migrate` (the same node flags, without npm's banner) with DATABASE_URL. */
async function dbMigrate(databaseUrl: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--conditions=react-server", "--import", "tsx", "bin/migrate.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createEmptyDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("npm run db:migrate", () => {
  it("prints what it applied, then reports the database up to date", async () => {
    const first = await dbMigrate(db.url);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Applied ${shippedMigrations.length} migration(s): ${shippedMigrations.join(", ")}`);

    const second = await dbMigrate(db.url);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Database is up to date (${shippedMigrations.length} migrations already applied).`);
  });

  it("exits 1 with a clear message, and no password, when the database cannot be reached", async () => {
    const url = new URL(db.url);
    url.password = "hunter2-secret";
    url.port = "1";

    const result = await dbMigrate(url.toString());

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Migration stopped (CONNECTION): Cannot connect to the database at 127.0.0.1:1/");
    expect(result.stderr).not.toContain("hunter2-secret");
    expect(result.stderr).not.toContain("    at "); // no stack trace
  });

  it("exits 1 when DATABASE_URL is not a postgres URL", async () => {
    const result = await dbMigrate("mysql://localhost/x");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DATABASE_URL must look like postgresql://");
  });
});
