import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas } from "@/lib/server/migrate/diff-schema";
import { diffCatalogs, readCatalog, type Catalog } from "../helpers/schema-catalog";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "../helpers/test-database";

const SCHEMA_FILE = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const labels = { left: "schema.prisma", right: "migrations" };
const databases: TestDatabase[] = [];
let migrated: Catalog;

/** A database built straight from `schema` (the SQL of empty -> schema), and its catalog. */
async function catalogOfSchema(schema: string): Promise<Catalog> {
  const db = await createEmptyDatabase();
  databases.push(db);
  const { sql, empty } = await diffSchemas({ from: null, to: schema, connectionString: db.url });
  expect(empty).toBe(false);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
  return readCatalog(db.url);
}

beforeAll(async () => {
  const db = await createTestDatabase(); // a copy of the template, built from prisma/migrations
  databases.push(db);
  migrated = await readCatalog(db.url);
});

afterAll(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

describe("schema.prisma and prisma/migrations", () => {
  it("build the same database (tables, columns, indexes, constraints, enums)", async () => {
    const fromSchema = await catalogOfSchema(await readFile(SCHEMA_FILE, "utf8"));

    expect(migrated.size).toBeGreaterThan(50);
    expect(
      diffCatalogs(fromSchema, migrated, labels),
      "prisma/schema.prisma and prisma/migrations disagree: generate a migration with `npm run db:migration -- <name>`",
    ).toEqual([]);
  });

  it("reports a schema change that has no migration, exactly", async () => {
    const schema = await readFile(SCHEMA_FILE, "utf8");
    const changed = [
      // a new nullable column, a changed default, a new enum label, a new model with an index
      ['  @@map("users")', '  driftProbeNote String? @map("drift_probe_note")\n\n  @@map("users")'],
      ['@default(1) @map("session_version")', '@default(2) @map("session_version")'],
      ["enum Role {\n", "enum Role {\n  drift_probe_role\n"],
    ]
      .reduce((text, [from = "", to = ""]) => {
        if (!text.includes(from)) throw new Error(`schema.prisma changed: update this test's probe (no "${from}")`);
        return text.replace(from, to);
      }, schema)
      .concat('\nmodel DriftProbe {\n  id    String @id\n  label String @default("x")\n\n  @@index([label])\n  @@map("drift_probes")\n}\n');
    const roleLabels = migrated.get("enum Role");

    const fromChanged = await catalogOfSchema(changed);

    expect(diffCatalogs(fromChanged, migrated, labels)).toEqual([
      'differs: column users.session_version: schema.prisma has "integer NOT NULL DEFAULT 2", migrations has "integer NOT NULL DEFAULT 1"',
      `differs: enum Role: schema.prisma has "drift_probe_role, ${roleLabels}", migrations has "${roleLabels}"`,
      "only in schema.prisma: column drift_probes.id = text NOT NULL",
      "only in schema.prisma: column drift_probes.label = text NOT NULL DEFAULT 'x'::text",
      "only in schema.prisma: column users.drift_probe_note = text NULL",
      "only in schema.prisma: constraint drift_probes.drift_probes_pkey = PRIMARY KEY (id)",
      "only in schema.prisma: index drift_probes.drift_probes_label_idx = CREATE INDEX drift_probes_label_idx ON drift_probes USING btree (label)",
      "only in schema.prisma: index drift_probes.drift_probes_pkey = CREATE UNIQUE INDEX drift_probes_pkey ON drift_probes USING btree (id)",
      "only in schema.prisma: table drift_probes",
    ]);
  });
});
