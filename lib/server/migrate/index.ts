import "server-only";

export { migrateDatabase, type MigrateOptions, type MigrateResult } from "./apply-migrations";
export { isMigrationError, MigrationError, type MigrationErrorCode } from "./migration-error";
