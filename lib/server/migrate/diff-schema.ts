// Dev/test only (uses the wasm schema engine): never import from the runtime app path.
import "server-only";
import type { DiffTarget } from "@prisma/schema-engine-wasm";
import { createSchemaEngine } from "./schema-engine";

/** The SQL Prisma would write for a migration, and whether there is any change at all. */
export interface SchemaDiff {
  sql: string;
  /** True when the schemas are equivalent (the engine prints "-- This is an empty migration."). */
  empty: boolean;
}

export interface DiffSchemasOptions {
  /** The previous schema.prisma text, or null for an empty database. */
  from: string | null;
  /** The new schema.prisma text. */
  to: string;
  /** Any reachable Postgres: the engine needs one to start; the diff itself does not touch it. */
  connectionString: string;
}

function target(schema: string | null): DiffTarget {
  return schema === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: schema }] };
}

/** The migration SQL from one schema.prisma text to another, as `prisma migrate diff --script` prints it. */
export async function diffSchemas(options: DiffSchemasOptions): Promise<SchemaDiff> {
  const { engine, dispose } = await createSchemaEngine({ connectionString: options.connectionString, schema: options.to });
  try {
    const result = await engine.diff({
      from: target(options.from),
      to: target(options.to),
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { sql: result.stdout ?? "", empty: result.exitCode === 0 };
  } finally {
    await dispose();
  }
}
