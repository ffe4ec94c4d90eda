import "server-only";

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Drops object fields whose value is null, recursively (inside arrays too); array elements themselves are kept. */
export function removeNulls(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(removeNulls);
  if (typeof value === "object" && value !== null) {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== null) result[key] = removeNulls(field);
    }
    return result;
  }
  return value;
}
