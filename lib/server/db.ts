import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { env } from "./env";

export type Db = PrismaClient;

/** Creates a Prisma client on the pg driver adapter (no native query engine). */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: options.max ?? 10 });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { authpulseDb?: Db };

/** The process-wide client (one pool per process; survives Next dev reloads). */
export function db(): Db {
  globalForDb.authpulseDb ??= createDb(env().DATABASE_URL);
  return globalForDb.authpulseDb;
}
