/** The AAD that binds a sealed value to its row and field, e.g. `connection:<id>:refresh_token`. */
export function aadFor(table: "oauth_app" | "connection" | "oauth_authorization", rowId: string, field: string): string {
  return `${table}:${rowId}:${field}`;
}
