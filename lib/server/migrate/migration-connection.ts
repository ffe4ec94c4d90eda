import "server-only";
import pg from "pg";
import { MigrationError } from "./migration-error";

/** `host:port/database` of a postgres URL, for messages (never the user's password). */
export function describeDatabase(connectionString: string): string {
  const url = new URL(connectionString);
  const host = url.searchParams.get("host") ?? (url.hostname || "localhost");
  const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
  return `${host}:${url.port || "5432"}/${database}`;
}

function parseUrl(connectionString: string): URL {
  try {
    const url = new URL(connectionString);
    if (url.protocol === "postgres:" || url.protocol === "postgresql:") return url;
  } catch {
    // fall through: the message below must not echo the string (it may hold a password)
  }
  throw new MigrationError(
    "CONNECTION",
    "The database URL is not valid: it must look like postgresql://user:password@host:5432/database.",
  );
}

function scrub(text: string, password: string): string {
  return password.length > 0 ? text.split(password).join("***") : text;
}

function explain(error: unknown, url: URL): string {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  const user = decodeURIComponent(url.username) || "(default user)";
  switch (code) {
    case "ECONNREFUSED":
      return "nothing is listening there (is PostgreSQL running, and is the port right?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "28P01":
    case "28000":
      return `the server refused the login for user "${user}" (check the user name and password)`;
    case "3D000":
      return "that database does not exist (create it first)";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Opens one dedicated pg connection for a migration run; failures become a CONNECTION
 * MigrationError naming host:port/database, never the password.
 */
export async function openMigrationConnection(
  connectionString: string,
  options: { connectTimeoutMs?: number } = {},
): Promise<pg.Client> {
  const url = parseUrl(connectionString);
  const password = decodeURIComponent(url.password);
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: "authpulse-migrate",
  });
  // A dropped connection mid-run surfaces through the failing query; keep the event quiet.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const reason = scrub(explain(error, url), password);
    throw new MigrationError("CONNECTION", `Cannot connect to the database at ${describeDatabase(connectionString)}: ${reason}.`, {
      cause: error,
    });
  }
  return client;
}
