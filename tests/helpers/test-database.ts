// Per-test-file databases on the server started by postgres-global-setup.ts.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { databaseUrl, quoteIdent } from "./database-url";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function isTemplateBusy(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "55006";
}

async function create(template: string | null): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const sql = `CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(sql);
      break;
    } catch (error) {
      // Another session briefly connected to the template; try again.
      if (!isTemplateBusy(error) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  return {
    url: databaseUrl(inject("pgAdminUrl"), name),
    name,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

/** A fresh database with every migration applied (a copy of the migrated template). */
export function createTestDatabase(): Promise<TestDatabase> {
  return create(inject("pgTemplateDb"));
}

/** A fresh, empty database (no tables, no `_prisma_migrations`). */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return create(null);
}
