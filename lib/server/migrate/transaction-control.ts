import "server-only";

/** Removes comments, string literals and dollar-quoted bodies (e.g. PL/pgSQL BEGIN ... END). */
function stripNonCode(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)?\$[\s\S]*?\$\1\$/g, " ")
    .replace(/'(?:[^']|'')*'/g, " ")
    .replace(/"(?:[^"]|"")*"/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/--[^\n]*/g, " ");
}

const TRANSACTION_STATEMENT = /(?:^|;)\s*(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|ROLLBACK(?!\s+TO\b))\b/i;

/**
 * Whether a migration script contains its own transaction control (Prisma writes
 * `BEGIN; ... COMMIT;` around enum rewrites), so it cannot run inside our transaction.
 */
export function managesOwnTransaction(sql: string): boolean {
  return TRANSACTION_STATEMENT.test(stripNonCode(sql));
}
