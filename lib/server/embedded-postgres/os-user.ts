import "server-only";
import { execFileSync } from "node:child_process";
import { userInfo } from "node:os";

export type RunAs = { uid: number; gid: number } | null;

function lookup(user: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root. As root, run it as the `postgres` system user,
 * creating that user when it does not exist yet; otherwise run as ourselves.
 */
export function resolveRunAs(): RunAs {
  if (userInfo().uid !== 0) return null;
  const existing = lookup("postgres");
  if (existing) return existing;
  try {
    execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  } catch {
    // the group may exist without the user
  }
  execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
  const created = lookup("postgres");
  if (!created) throw new Error("Running as root, and could not create the `postgres` system user that PostgreSQL needs.");
  return created;
}
