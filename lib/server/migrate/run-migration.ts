import "server-only";
import type pg from "pg";
import { MigrationError } from "./migration-error";
import { insertStartedRow, markRowFinished, recordRowLogs } from "./prisma-migrations-table";
import type { LocalMigration } from "./read-migrations";
import { managesOwnTransaction } from "./transaction-control";

function sentence(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}

/** The Postgres error as one line: message, the failing line of the script, detail, hint. */
function describeSqlError(error: unknown, sql: string): string {
  if (!(error instanceof Error)) return String(error);
  const fields: Error & { position?: unknown; detail?: unknown; hint?: unknown; code?: unknown } = error;
  let text = sentence(error.message);
  const position = Number(fields.position);
  if (Number.isInteger(position) && position > 0) {
    const lineNumber = sql.slice(0, position - 1).split("\n").length;
    const line = sql.split("\n")[lineNumber - 1]?.trim() ?? "";
    text += ` (line ${lineNumber}: ${line.length > 120 ? `${line.slice(0, 117)}...` : line})`;
  }
  if (typeof fields.detail === "string" && fields.detail) text += `. Detail: ${sentence(fields.detail)}`;
  if (typeof fields.hint === "string" && fields.hint) text += `. Hint: ${sentence(fields.hint)}`;
  if (fields.code === "55P04") {
    text += ". PostgreSQL cannot use an enum value in the transaction that adds it: split this into two migrations (first ALTER TYPE ... ADD VALUE, then its use)";
  }
  return text;
}

/** Applies one migration and its history row in a single transaction: all or nothing. */
async function applyInTransaction(client: pg.Client, migration: LocalMigration): Promise<void> {
  await client.query("BEGIN");
  try {
    const id = await insertStartedRow(client, migration.name, migration.checksum);
    try {
      await client.query(migration.sql);
    } catch (error) {
      throw new MigrationError(
        "SQL_FAILED",
        `Migration ${migration.name} failed and was rolled back, so none of it is applied: ${describeSqlError(error, migration.sql)}. ` +
          "Migrations before it remain applied. Fix the migration and run again.",
        { migrationName: migration.name, cause: error },
      );
    }
    await markRowFinished(client, id);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * Applies a migration that runs its own BEGIN/COMMIT exactly as `prisma migrate deploy`
 * does: row first, then the script, then finished_at; a failure stays recorded.
 */
async function applyScriptManaged(client: pg.Client, migration: LocalMigration): Promise<void> {
  const id = await insertStartedRow(client, migration.name, migration.checksum);
  try {
    await client.query(migration.sql);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined); // leave a transaction the script opened
    const reason = describeSqlError(error, migration.sql);
    await recordRowLogs(client, id, reason).catch(() => undefined);
    throw new MigrationError(
      "SQL_FAILED",
      `Migration ${migration.name} failed: ${reason}. It runs its own BEGIN/COMMIT, so whatever it committed before ` +
        "the failure stays applied; it is recorded as failed in _prisma_migrations and later runs stop until it is resolved. " +
        `Check the database, then set rolled_back_at on its row (or \`prisma migrate resolve --rolled-back ${migration.name}\`).`,
      { migrationName: migration.name, cause: error },
    );
  }
  await markRowFinished(client, id);
}

/** Applies one pending migration (in its own transaction unless the script manages transactions). */
export async function runMigration(client: pg.Client, migration: LocalMigration): Promise<"transaction" | "script-managed"> {
  if (managesOwnTransaction(migration.sql)) {
    await applyScriptManaged(client, migration);
    return "script-managed";
  }
  await applyInTransaction(client, migration);
  return "transaction";
}
