// vitest globalSetup for the integration project: one PostgreSQL for the whole run and a
// migrated template database that each test file clones (see test-database.ts).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { databaseUrlSchema } from "@/lib/server/env";
import { migrateDatabase } from "@/lib/server/migrate";
import { databaseUrl, quoteIdent } from "./database-url";
import { allowPostgresUser, startEmbeddedPostgres } from "./embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the `postgres` database on the test server (for CREATE/DROP DATABASE). */
    pgAdminUrl: string;
    /** Name of the migrated template database. */
    pgTemplateDb: string;
  }
}

const TEMPLATE_DB = "authpulse_template";
const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Starts (or reuses TEST_DATABASE_URL's) Postgres, migrates the template; returns teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = [];
  let adminUrl: string;
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    adminUrl = databaseUrlSchema.parse(external);
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), "authpulse-test-pg-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await allowPostgresUser(dir);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
    cleanups.unshift(() => server.stop());
    adminUrl = server.url("postgres");
  }
  const teardown = async () => {
    for (const cleanup of cleanups) await cleanup();
  };

  try {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(TEMPLATE_DB)} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(TEMPLATE_DB)}`);
    if (external) cleanups.unshift(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(TEMPLATE_DB)} WITH (FORCE)`));
    await migrateDatabase({ connectionString: databaseUrl(adminUrl, TEMPLATE_DB), migrationsDir: MIGRATIONS_DIR });
  } catch (error) {
    await teardown();
    throw error;
  }

  project.provide("pgAdminUrl", adminUrl);
  project.provide("pgTemplateDb", TEMPLATE_DB);
  return teardown;
}
