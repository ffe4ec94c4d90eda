// Reads every row of every table as text, so a test can check a canary secret is nowhere in clear.
import pg from "pg";
import { quoteIdent } from "../../helpers/database-url";

/** Each table of `schema` with all its rows rendered as Postgres row text (`(a,b,...)`). */
export async function dumpTablesAsText(connectionString: string, schema = "public"): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1",
      [schema],
    );
    const dump = new Map<string, string>();
    for (const { name } of tables) {
      const { rows } = await client.query<{ text: string | null }>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM ${quoteIdent(schema)}.${quoteIdent(name)} t`,
      );
      dump.set(name, rows[0]?.text ?? "");
    }
    return dump;
  } finally {
    await client.end();
  }
}

/** Names of the tables whose rows contain `needle` anywhere (empty when none do). */
export async function tablesContaining(connectionString: string, needle: string): Promise<string[]> {
  const dump = await dumpTablesAsText(connectionString);
  return [...dump].filter(([, text]) => text.includes(needle)).map(([name]) => name);
}
