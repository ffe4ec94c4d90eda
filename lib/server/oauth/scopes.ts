import "server-only";

/** Joins requested scopes with the provider's separator (space by default). */
export function joinScopes(scopes: readonly string[], separator = " "): string {
  return scopes.map((scope) => scope.trim()).filter((scope) => scope !== "").join(separator);
}

/** Splits a granted-scope string on the provider's separator and on whitespace, dropping empties and duplicates. */
export function splitScopes(value: string, separator = " "): string[] {
  const parts = separator.trim() === "" ? [value] : value.split(separator);
  const scopes = parts.flatMap((part) => part.split(/\s+/)).filter((scope) => scope !== "");
  return [...new Set(scopes)];
}
