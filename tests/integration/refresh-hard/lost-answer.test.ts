// SECURITY.md item 6, the on-the-wire half: the provider rotated the refresh token but its answer never
// arrived (timeout after the provider processed the call, connection dropped). The next calls present
// the consumed token; the first invalid_grant must be flagged "refresh response lost", whatever
// transient failures came in between. Found by fault-injection.test.ts: a call that timed out after the
// provider had rotated, then a 429 and two 5xx, left the connection degraded in a 5-minute cool-down,
// and its next invalid_grant was classified as a plain needs_reauth. Fixed by the persistent
// connections.refresh_answer_maybe_lost flag (set by a network failure or a crash, cleared by a success).
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { fixedClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { claimDueConnections } from "@/lib/server/refresh/claim";
import { REFRESH_RESPONSE_LOST_REASON } from "@/lib/server/refresh/plan-outcome";
import { runClaimedRefresh, type RefreshEngineContext } from "@/lib/server/refresh/refresh-connection";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../../helpers/test-database";
import { startTokenServer, type FaultKind, type TokenServer } from "../../helpers/token-server";
import { refreshWorkspace, seedConnections } from "../support/refresh-fixtures";
import { printFigures } from "./support";

const CLIENT = { clientId: "lost-client", clientSecret: "lost-secret-canary-51c2" };
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock(new Date());

let database: TestDatabase;
let db: Db;
let server: TokenServer;
let ctx: RefreshEngineContext;
let workspaceId: string;
let appId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 5 });
  server = await startTokenServer(CLIENT);
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  ctx = { db, clock, keyring, log: pino({ level: "silent" }), timeoutMs: 2000 };
  ({ workspaceId, appId } = await refreshWorkspace({ db, clock, keyring }, CLIENT));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server?.close();
  await db?.$disconnect();
  await database?.drop();
});

beforeEach(async () => {
  clock.set(new Date());
  await db.authEvent.deleteMany();
  await db.connection.deleteMany();
});

/** Runs attempts (each: wait until due, claim, one call, commit) with the given faults, then one without a fault. */
async function runAttempts(faults: readonly FaultKind[]) {
  const token = server.issueGrant();
  const [id] = await seedConnections({ db, clock, keyring }, { workspaceId, appId, refreshTokens: [token] });
  for (const fault of [...faults, null]) {
    const row = await db.connection.findUniqueOrThrow({ where: { id: id! } });
    if (row.nextRefreshAt === null) break;
    clock.set(new Date(Math.max(clock.now().getTime(), row.nextRefreshAt.getTime())));
    if (fault) server.failNext(fault);
    const [claim] = await claimDueConnections(db, { owner: "w", now: clock.now(), limit: 1, leaseMs: 30_000 });
    if (!claim) throw new Error("nothing due");
    await runClaimedRefresh(ctx, claim);
  }
  const row = await db.connection.findUniqueOrThrow({ where: { id: id! } });
  const events = await db.authEvent.findMany({ where: { connectionId: id! }, orderBy: { id: "asc" } });
  return { row, events, grant: server.grantOf(token)! };
}

describe("an answer lost on the wire after the provider rotated", () => {
  // The control: straight after the network failure, the invalid_grant is flagged as a lost answer .
  it("lost answer → invalid_grant: refresh_response_lost", async () => {
    const { row, events, grant } = await runAttempts(["lost_response"]);
    expect(grant).toMatchObject({ refreshes: 1, revoked: true });
    expect(events.map((e) => e.class)).toEqual(["network", "refresh_response_lost"]);
    expect(row).toMatchObject({ health: "needs_reauth", lastRefreshError: "refresh_response_lost", healthReason: REFRESH_RESPONSE_LOST_REASON });
  });

  it.each<[string, FaultKind[]]>([
    ["a 500", ["lost_response", "http_500"]],
    ["a 429 with Retry-After", ["lost_response", "http_429_seconds"]],
    ["a 429, a 503 and a 502", ["lost_response", "http_429_seconds", "http_503_retry_after", "http_502"]],
    // What fault-injection.test.ts saw: the 5-call budget spent, a cool-down, and the next refresh's first call.
    ["a reset, a 429, a 503 and a 502 (5 calls, cool-down)", ["lost_response", "reset", "http_429_seconds", "http_503_retry_after", "http_502"]],
  ])("lost answer, then %s, then invalid_grant: still refresh_response_lost, not a plain needs_reauth", async (_label, faults) => {
    const { row, events, grant } = await runAttempts(faults);
    printFigures("refresh-hard/lost-answer", {
      faults,
      providerRefreshes: grant.refreshes,
      providerRevoked: grant.revoked,
      events: events.map((e) => [e.attempt, e.class, e.httpStatus, e.oauthError]),
      health: row.health,
      lastRefreshError: row.lastRefreshError,
      healthReason: row.healthReason,
    });
    // The provider did rotate on the first call, and the last call was the reuse that revoked the grant.
    expect(grant).toMatchObject({ refreshes: 1, revoked: true });
    expect(events.map((e) => e.class)).toEqual(["network", ...faults.slice(1).map((f) => (f === "reset" ? "network" : f.startsWith("http_429") ? "rate_limited" : "provider_unavailable")), expect.any(String)]);
    expect(row.health).toBe("needs_reauth");
    expect(events.at(-1)?.class).toBe("refresh_response_lost");
    expect(row).toMatchObject({ lastRefreshError: "refresh_response_lost", healthReason: REFRESH_RESPONSE_LOST_REASON });
  });
});
