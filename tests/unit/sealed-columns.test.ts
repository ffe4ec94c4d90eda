import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sealedColumnAad, sealedColumns } from "@/lib/server/vault/sealed-columns";

type SchemaField = { model: string; name: string; type: string; optional: boolean; table: string; column: string; attributes: string };

/** The fields of every model in prisma/schema.prisma with their physical table and column names. */
function schemaFields(): SchemaField[] {
  const text = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
  const fields: SchemaField[] = [];
  for (const match of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, model, body] = match as unknown as [string, string, string];
    const lines = body.split("\n").map((line) => line.replace(/\/\/.*$/, "").trim());
    const table = lines.map((line) => /^@@map\("([^"]+)"\)/.exec(line)?.[1]).find(Boolean) ?? model;
    for (const line of lines) {
      const field = /^(\w+)\s+(\w+)(\[\])?(\?)?\s*(.*)$/.exec(line);
      if (!field) continue;
      const [, name, type, , optional, attributes] = field as unknown as [string, string, string, string | undefined, string | undefined, string];
      fields.push({ model, name, type, optional: optional === "?", table, column: /@map\("([^"]+)"\)/.exec(attributes)?.[1] ?? name, attributes });
    }
  }
  return fields;
}

const fields = schemaFields();
const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;

describe("the sealed-column registry", () => {
  it("reads the schema (a parser that finds nothing would make the checks below vacuous)", () => {
    expect(fields.find((f) => f.model === "Connection" && f.name === "refreshTokenSealed")).toMatchObject({ table: "connections", column: "refresh_token_sealed", type: "String" });
    expect(fields.filter((f) => f.name.endsWith("Sealed")).length).toBeGreaterThanOrEqual(6);
  });

  it("lists every *Sealed field of prisma/schema.prisma, and nothing else", () => {
    const inSchema = fields.filter((f) => f.name.endsWith("Sealed")).map(key).sort();
    const registered = sealedColumns.map(key).sort();
    const missing = inSchema.filter((c) => !registered.includes(c));
    const stale = registered.filter((c) => !inSchema.includes(c));
    // A new sealed column must be registered in lib/server/vault/sealed-columns.ts so keys:rotate rewraps it.
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it("has one entry per column and one AAD per column", () => {
    expect(new Set(sealedColumns.map(key)).size).toBe(sealedColumns.length);
    expect(new Set(sealedColumns.map((c) => `${c.aadTable}:${c.aadField}`)).size).toBe(sealedColumns.length);
  });

  it("maps each table to a single AAD table name", () => {
    const aadTables = new Map<string, Set<string>>();
    for (const c of sealedColumns) aadTables.set(c.table, (aadTables.get(c.table) ?? new Set()).add(c.aadTable));
    for (const [table, names] of aadTables) expect([table, [...names]]).toEqual([table, [[...names][0]]]);
  });

  it("only registers text columns of tables keyed by a text id (what the rewrap's SQL relies on)", () => {
    for (const c of sealedColumns) {
      expect(c.table).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(c.column).toMatch(/^[a-z_][a-z0-9_]*$/);
      const field = fields.find((f) => f.table === c.table && f.column === c.column);
      expect(field?.type, key(c)).toBe("String");
      const id = fields.find((f) => f.table === c.table && f.name === "id");
      expect(id && id.type === "String" && id.column === "id" && /@id\b/.test(id.attributes), `${c.table} needs a text primary key named id`).toBe(true);
    }
  });

  it("builds the same AAD as the code that seals the column", () => {
    const refresh = sealedColumns.find((c) => c.column === "refresh_token_sealed")!;
    expect(sealedColumnAad(refresh, "conn_1")).toBe("connection:conn_1:refresh_token");
    const verifier = sealedColumns.find((c) => c.column === "code_verifier_sealed")!;
    expect(sealedColumnAad(verifier, "az_1")).toBe("oauth_authorization:az_1:code_verifier");
  });
});
