// A comparable description of a database schema, for the drift test.
import pg from "pg";

/** Catalog entries keyed like `column users.email`, valued with their definition. */
export type Catalog = Map<string, string>;

const EXCLUDED_TABLE = "_prisma_migrations";

const QUERIES: Array<{ kind: string; sql: string }> = [
  {
    kind: "table",
    sql: `SELECT c.relname AS name, '' AS def
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> $1`,
  },
  {
    kind: "sequence",
    sql: `SELECT c.relname AS name, '' AS def
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relname <> $1`,
  },
  {
    kind: "column",
    sql: `SELECT c.relname || '.' || a.attname AS name,
                 format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
                   || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END
                   || CASE WHEN a.attgenerated <> '' THEN ' GENERATED ' || a.attgenerated::text ELSE '' END AS def
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> $1
             AND a.attnum > 0 AND NOT a.attisdropped`,
  },
  {
    kind: "index",
    sql: `SELECT tablename || '.' || indexname AS name, indexdef AS def
            FROM pg_indexes WHERE schemaname = 'public' AND tablename <> $1`,
  },
  {
    // NOT NULL constraints (contype 'n', Postgres 18+) are covered by the columns' nullability.
    kind: "constraint",
    sql: `SELECT c.relname || '.' || con.conname AS name, pg_get_constraintdef(con.oid) AS def
            FROM pg_constraint con
            JOIN pg_class c ON c.oid = con.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND con.contype <> 'n' AND c.relname <> $1`,
  },
  {
    kind: "enum",
    sql: `SELECT t.typname AS name, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS def
            FROM pg_type t
            JOIN pg_namespace n ON n.oid = t.typnamespace
            JOIN pg_enum e ON e.enumtypid = t.oid
           WHERE n.nspname = 'public' AND $1::text IS NOT NULL
           GROUP BY t.typname`,
  },
];

/** Strips the schema qualifier so catalogs of different databases compare equal. */
function normalise(def: string): string {
  return def.replace(/\bpublic\./g, "").replace(/"public"\./g, "");
}

/** Reads tables, columns, indexes, constraints and enums of the `public` schema (without `_prisma_migrations`). */
export async function readCatalog(connectionString: string): Promise<Catalog> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const catalog: Catalog = new Map();
    for (const { kind, sql } of QUERIES) {
      const { rows } = await client.query<{ name: string; def: string }>(sql, [EXCLUDED_TABLE]);
      for (const row of rows) catalog.set(`${kind} ${row.name}`, normalise(row.def));
    }
    return catalog;
  } finally {
    await client.end();
  }
}

/** Readable differences between two catalogs, one line each, sorted; empty when equal. */
export function diffCatalogs(left: Catalog, right: Catalog, labels: { left: string; right: string }): string[] {
  const lines: string[] = [];
  for (const [key, def] of left) {
    const other = right.get(key);
    if (other === undefined) lines.push(`only in ${labels.left}: ${key}${def ? ` = ${def}` : ""}`);
    else if (other !== def) lines.push(`differs: ${key}: ${labels.left} has "${def}", ${labels.right} has "${other}"`);
  }
  for (const [key, def] of right) {
    if (!left.has(key)) lines.push(`only in ${labels.right}: ${key}${def ? ` = ${def}` : ""}`);
  }
  return lines.sort();
}
