// The single registry of columns that hold sealed values (lib/server/vault/seal.ts).
// `npm run keys:rotate` rewraps exactly these, and tests/unit/sealed-columns.test.ts fails
// when prisma/schema.prisma has a `*Sealed` field that is not listed here (or a stale entry).
// Adding a sealed column: add the field as `fooSealed String? @map("foo_sealed")`, register
// it below with the AAD it is sealed with, and seed it in
// tests/integration/master-key-rotation.test.ts.
// key_checks.sealed is not listed: each row is sealed with its own key id on purpose and is
// managed by master-key.ts (the rotation adds and retires those rows).
import { aadFor } from "./aad";

export type AadTable = Parameters<typeof aadFor>[0];

export type SealedColumn = {
  /** Physical table name (the model's @@map). Its primary key must be a text `id`. */
  readonly table: string;
  /** Physical column name (the field's @map). */
  readonly column: string;
  /** AAD = aadFor(aadTable, rowId, aadField). */
  readonly aadTable: AadTable;
  readonly aadField: string;
};

export const sealedColumns: readonly SealedColumn[] = [
  { table: "oauth_apps", column: "client_secret_sealed", aadTable: "oauth_app", aadField: "client_secret" },
  { table: "oauth_apps", column: "private_key_sealed", aadTable: "oauth_app", aadField: "private_key" },
  { table: "connections", column: "access_token_sealed", aadTable: "connection", aadField: "access_token" },
  { table: "connections", column: "refresh_token_sealed", aadTable: "connection", aadField: "refresh_token" },
  { table: "connections", column: "config_sealed", aadTable: "connection", aadField: "config" },
  { table: "oauth_authorizations", column: "code_verifier_sealed", aadTable: "oauth_authorization", aadField: "code_verifier" },
  { table: "credential_versions", column: "secret_sealed", aadTable: "credential_version", aadField: "secret" },
  { table: "fingerprint_keys", column: "seed_sealed", aadTable: "fingerprint_key", aadField: "seed" },
  { table: "alert_channels", column: "config_sealed", aadTable: "alert_channel", aadField: "config" },
];

/** The AAD a value of `column` in row `rowId` is sealed with. */
export function sealedColumnAad(column: SealedColumn, rowId: string): string {
  return aadFor(column.aadTable, rowId, column.aadField);
}
