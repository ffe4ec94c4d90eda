/** The tables whose columns hold sealed values (the first part of every AAD). */
export type SealedTable = "oauth_app" | "connection" | "oauth_authorization" | "credential_version" | "fingerprint_key" | "alert_channel";

/** The AAD that binds a sealed value to its row and field, e.g. `connection:<id>:refresh_token`. */
export function aadFor(table: SealedTable, rowId: string, field: string): string {
  return `${table}:${rowId}:${field}`;
}
