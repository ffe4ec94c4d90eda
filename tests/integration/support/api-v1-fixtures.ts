// Shared set-up of the /api/v1 connection endpoints' tests: a real Postgres, the demo provider's
// OAuth app pointing at a local token server (so its API base is that server and /api/me checks
// tokens), seeded connections, API keys scoped to them, and a log capture.
import { Writable } from "node:stream";
import { vi } from "vitest";
import { fixedClock, type Clock } from "@/lib/clock";
import type { FreshAccessTokenContext } from "@/lib/server/access/fresh-access-token";
import { createApiKey } from "@/lib/server/api-keys/manage-api-keys";
import { createDb, type Db } from "@/lib/server/db";
import { createLogger } from "@/lib/server/logger";
import { aadFor } from "@/lib/server/vault/aad";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { startTokenServer, type TokenServer, type TokenServerOptions } from "../../helpers/token-server";
import { refreshWorkspace, seedConnections } from "./refresh-fixtures";

export const CLIENT = { clientId: "api-v1-client", clientSecret: "api-v1-secret-canary-5e1b" };

export type ApiV1Env = {
  database: TestDatabase;
  db: Db;
  keyring: Keyring;
  clock: ReturnType<typeof fixedClock>;
  /** What the handlers get; tests may swap its clock. */
  ctx: FreshAccessTokenContext & { clock: Clock };
  server: TokenServer;
  workspaceId: string;
  appId: string;
  logs: string[];
};

export async function startApiV1Env(): Promise<ApiV1Env> {
  const database = await createTestDatabase();
  const db = createDb(database.url, { max: 30 });
  const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
  const server = await startTokenServer(CLIENT);
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  const clock = fixedClock(new Date());
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: "debug", destination });
  const { workspaceId, appId } = await refreshWorkspace({ db, clock, keyring }, CLIENT);
  return { database, db, keyring, clock, ctx: { db, clock, keyring, log, timeoutMs: 3000 }, server, workspaceId, appId, logs };
}

export async function stopApiV1Env(env: ApiV1Env): Promise<void> {
  vi.unstubAllEnvs();
  await env.server.close();
  await env.db.$disconnect();
  await env.database.drop();
}

/** A fresh token server (new options), which the demo provider's entry (and so the proxy base) points at. */
export async function restartTokenServer(env: ApiV1Env, options: TokenServerOptions = {}): Promise<void> {
  await env.server.close();
  env.server = await startTokenServer({ ...CLIENT, ...options });
  vi.stubEnv("DEMO_PROVIDER_URL", env.server.url);
}

/** One connection holding a real refresh token of the token server; its stored access token is `initial-access-<id>` (unknown to the server). */
export async function seedConnection(env: ApiV1Env, options: { expiresAt?: Date | null; authorizedAt?: Date; apiBaseUrl?: string } = {}) {
  const refreshToken = env.server.issueGrant();
  const [id] = await seedConnections({ db: env.db, clock: env.clock, keyring: env.keyring }, { workspaceId: env.workspaceId, appId: env.appId, refreshTokens: [refreshToken], dueAt: new Date(env.clock.now().getTime() + 3_600_000) });
  const data: Record<string, unknown> = {};
  if (options.expiresAt !== undefined) data.accessTokenExpiresAt = options.expiresAt;
  if (options.authorizedAt) data.authorizedAt = options.authorizedAt;
  if (options.apiBaseUrl) data.apiBaseUrl = options.apiBaseUrl;
  if (Object.keys(data).length) await env.db.connection.update({ where: { id: id! }, data });
  return { id: id!, refreshToken };
}

export async function storedAccessToken(env: ApiV1Env, id: string): Promise<string> {
  const row = await env.db.connection.findUniqueOrThrow({ where: { id } });
  return open(env.keyring, row.accessTokenSealed!, aadFor("connection", id, "access_token"));
}

/** An API key of the workspace scoped to these connections (and, optionally, nothing else). */
export async function keyFor(env: ApiV1Env, connectionIds: string[], workspaceId = env.workspaceId): Promise<string> {
  const { key } = await createApiKey(env, { actorId: null, workspaceId, name: "n8n", mode: "live", credentialIds: [], connectionIds });
  return key;
}

export function apiHeaders(key: string | null, extra: Record<string, string> = {}): Headers {
  const headers = new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "n8n/1.0 (tests)", ...extra });
  if (key) headers.set("authorization", `Bearer ${key}`);
  return headers;
}
