import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { LaunchError } from "./launch-error";

export type DataDir = {
  root: string;
  postgresDir: string;
  postgresLog: string;
  masterKeyFile: string;
  secretsFile: string;
  pidFile: string;
};

/** Lays out the data folder (git-ignored), traversable but not listable by the postgres user. */
export function prepareDataDir(path: string): DataDir {
  const root = resolve(path);
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o711);
  return {
    root,
    postgresDir: join(root, "postgres"),
    postgresLog: join(root, "postgres.log"),
    masterKeyFile: join(root, "master.key"),
    secretsFile: join(root, "secrets.json"),
    pidFile: join(root, "authpulse.pid"),
  };
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Claims the data folder for this launcher. Refuses when another live launcher holds it;
 * when a previous launcher died without stopping its PostgreSQL, stops that orphan first.
 */
export async function claimDataDir(dir: DataDir, log: (message: string) => void): Promise<() => void> {
  if (existsSync(dir.pidFile)) {
    const pid = Number(readFileSync(dir.pidFile, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new LaunchError(`Authpulse is already running from ${dir.root} (process ${pid}). Stop it first (Ctrl-C in its terminal, or kill ${pid}).`);
    }
  }
  const postmaster = join(dir.postgresDir, "postmaster.pid");
  if (existsSync(postmaster)) {
    const orphan = Number(readFileSync(postmaster, "utf8").split("\n")[0]);
    if (Number.isInteger(orphan) && orphan > 0 && isAlive(orphan)) {
      log(`Stopping PostgreSQL (process ${orphan}) left running by a previous Authpulse that did not shut down cleanly`);
      process.kill(orphan, "SIGINT");
      const deadline = Date.now() + 30_000;
      while (isAlive(orphan) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      if (isAlive(orphan)) throw new LaunchError(`PostgreSQL process ${orphan} did not stop. Stop it by hand, then start Authpulse again.`);
    }
  }
  writeFileSync(dir.pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(dir.pidFile, { force: true });
}

export type LocalSecrets = { postgresPassword: string; sessionSecret: string; demoClientSecret: string };

/** Per-install secrets of the embedded default, generated once into a 0600 file. */
export function loadOrCreateLocalSecrets(file: string): { secrets: LocalSecrets; created: boolean } {
  if (existsSync(file)) {
    let parsed: Partial<LocalSecrets>;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>;
    } catch {
      throw new LaunchError(`${file} is corrupt (not JSON). Restore it from backup; it holds the embedded database password.`);
    }
    if (typeof parsed.postgresPassword !== "string" || typeof parsed.sessionSecret !== "string" || typeof parsed.demoClientSecret !== "string") {
      throw new LaunchError(`${file} is incomplete. Restore it from backup; it holds the embedded database password.`);
    }
    chmodSync(file, 0o600);
    return { secrets: parsed as LocalSecrets, created: false };
  }
  const secrets: LocalSecrets = {
    postgresPassword: randomBytes(24).toString("base64url"),
    sessionSecret: randomBytes(32).toString("base64url"),
    demoClientSecret: randomBytes(32).toString("base64url"),
  };
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return { secrets, created: true };
}
