import "server-only";

/**
 * Why a migration run stopped. Every code means nothing was applied by the failing step:
 * - CONNECTION: the database could not be reached or refused the login.
 * - LOCK_TIMEOUT: another process held the migration lock for too long.
 * - INVALID_MIGRATIONS: the migrations directory is missing or malformed.
 * - EDITED: an applied migration's file no longer matches what was applied.
 * - FAILED_PREVIOUSLY: an earlier attempt is recorded as failed and was never resolved.
 * - MISSING_LOCALLY: the database has migrations this code does not know (code is older).
 * - SQL_FAILED: a migration's SQL failed; that migration was rolled back completely.
 */
export type MigrationErrorCode =
  | "CONNECTION"
  | "LOCK_TIMEOUT"
  | "INVALID_MIGRATIONS"
  | "EDITED"
  | "FAILED_PREVIOUSLY"
  | "MISSING_LOCALLY"
  | "SQL_FAILED";

/** A migration problem with a message written for the operator (never contains secrets). */
export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  /** The migration concerned, when there is one. */
  readonly migrationName: string | undefined;

  constructor(code: MigrationErrorCode, message: string, options: { migrationName?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "MigrationError";
    this.code = code;
    this.migrationName = options.migrationName;
  }
}

/** True when `error` is a MigrationError (optionally with the given code). */
export function isMigrationError(error: unknown, code?: MigrationErrorCode): error is MigrationError {
  return error instanceof MigrationError && (code === undefined || error.code === code);
}
