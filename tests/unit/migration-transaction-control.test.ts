import { describe, expect, it } from "vitest";
import { managesOwnTransaction } from "@/lib/server/migrate/transaction-control";

describe("managesOwnTransaction", () => {
  it("spots the BEGIN/COMMIT Prisma writes around enum rewrites", () => {
    expect(managesOwnTransaction('-- AlterEnum\nBEGIN;\nCREATE TYPE "R_new" AS ENUM (\'a\');\nCOMMIT;\n')).toBe(true);
    expect(managesOwnTransaction("CREATE TABLE a (id int);\nSTART TRANSACTION;\nCOMMIT;")).toBe(true);
    expect(managesOwnTransaction("CREATE TABLE a (id int); commit")).toBe(true);
  });

  it("ignores ordinary DDL, comments, strings, quoted names and PL/pgSQL bodies", () => {
    expect(managesOwnTransaction('-- CreateTable\nCREATE TABLE "users" ("id" TEXT NOT NULL);\n')).toBe(false);
    expect(managesOwnTransaction("-- BEGIN;\n/* COMMIT; */\nSELECT 'x; COMMIT';\n")).toBe(false);
    expect(managesOwnTransaction('CREATE TABLE "end" (id int);\nSELECT 1; ROLLBACK TO SAVEPOINT s;')).toBe(false);
    expect(
      managesOwnTransaction("CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\nDO $body$ BEGIN PERFORM 1; END $body$;"),
    ).toBe(false);
  });
});
