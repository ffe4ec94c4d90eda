import { readdirSync } from "node:fs";
import { join } from "node:path";

/** The migrations the repository ships, in order (what a fully migrated database records). */
export const shippedMigrations: string[] = readdirSync(join(import.meta.dirname, "..", "..", "prisma", "migrations"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
