// What the screens read from the refresh engine: the Status summary, a connection's refresh view,
// "Refresh now", the scheduling done at connect time, and the auth-event retention job.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DAY, fixedClock, MINUTE } from "@/lib/clock";
import { pruneAuthEvents, retentionDays } from "@/lib/server/auth-events/prune-auth-events";
import { createDb, type Db } from "@/lib/server/db";
import { claimDueConnections } from "@/lib/server/refresh/claim";
import { runClaimedRefresh, type RefreshEngineContext } from "@/lib/server/refresh/refresh-connection";
import { refreshNow } from "@/lib/server/refresh/refresh-now";
import { getRefreshSummary } from "@/lib/server/refresh/refresh-summary";
import { getRefreshView } from "@/lib/server/refresh/refresh-view";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { startTokenServer, type TokenServer } from "../helpers/token-server";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

const CLIENT = { clientId: "views-client", clientSecret: "views-secret-canary-81be" };
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const log = pino({ level: "silent" });
let database: TestDatabase;
let db: Db;
let server: TokenServer;
let clock: ReturnType<typeof fixedClock>;
let ctx: RefreshEngineContext;
let ws: { workspaceId: string; appId: string };
let other: { workspaceId: string; appId: string };
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  server = await startTokenServer(CLIENT);
  vi.stubEnv("DEMO_PROVIDER_URL", server.url);
  clock = fixedClock(new Date());
  ctx = { db, clock, keyring, log, timeoutMs: 2000 };
  ws = await refreshWorkspace({ db, clock, keyring }, CLIENT);
  other = await refreshWorkspace({ db, clock, keyring }, CLIENT);
  userId = (await db.user.create({ data: { email: "admin@example.com", name: "Admin" } })).id;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
  await db.$disconnect();
  await database.drop();
});

beforeEach(async () => {
  clock.set(new Date());
  await db.authEvent.deleteMany();
  await db.connection.deleteMany();
});

async function refreshAllDue() {
  for (const claim of await claimDueConnections(db, { owner: "t", now: clock.now(), limit: 100, leaseMs: MINUTE })) await runClaimedRefresh(ctx, claim);
}

describe("Status page summary", () => {
  it("counts this workspace's connections by health, overdue work, and the last hour's refreshes — never another workspace's", async () => {
    await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant(), server.issueGrant(), server.issueGrant()] });
    await seedConnections({ db, clock, keyring }, { ...other, refreshTokens: [server.issueGrant()] });
    server.failNext("invalid_grant");
    await refreshAllDue();
    const overdueIds = await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant()], dueAt: new Date(clock.now().getTime() - 5 * MINUTE) });

    const summary = await getRefreshSummary(ctx, { workspaceId: ws.workspaceId });
    const healthyInWs = summary.byHealth.healthy;
    expect(healthyInWs + summary.byHealth.needs_reauth).toBe(4);
    expect(summary.overdue).toBe(1);
    expect(summary.refreshedLastHour + summary.failedLastHour).toBe(3);
    expect(summary.recent.every((r) => r.connectionId !== null)).toBe(true);
    expect(summary.lastRefreshAt).not.toBeNull();
    const otherSummary = await getRefreshSummary(ctx, { workspaceId: other.workspaceId });
    expect(otherSummary.byHealth.healthy + otherSummary.byHealth.needs_reauth).toBe(1);
    expect(otherSummary.recent.map((r) => r.connectionId)).not.toContain(overdueIds[0]);
  });
});

describe("connection refresh view", () => {
  it("shows health, schedule, forecast and events; 404-equivalent (null) from another workspace", async () => {
    const [id] = await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant()] });
    await refreshAllDue();
    const view = await getRefreshView(ctx, { workspaceId: ws.workspaceId, connectionId: id! });
    expect(view).toMatchObject({ health: "healthy", refreshAttempt: 0 });
    expect(view!.events).toHaveLength(1);
    expect(view!.events[0]).toMatchObject({ class: "success", source: "refresh", httpStatus: 200 });
    expect(view!.hardDeadline?.reason).toMatch(/refresh_token_(idle|absolute_max)/);
    expect(await getRefreshView(ctx, { workspaceId: other.workspaceId, connectionId: id! })).toBeNull();
  });
});

describe("deadline forecast with an app-level special case", () => {
  it("an OAuth app marked with a catalog special case forecasts that deadline at each refresh", async () => {
    const { registerOAuthApp } = await import("@/lib/server/connect/oauth-apps");
    const view = await registerOAuthApp(ctx, { actorId: userId, workspaceId: ws.workspaceId, providerKey: "authpulse-demo", clientId: CLIENT.clientId, authMethod: "client_secret_basic", refreshSpecialCase: "The demo provider restarted" });
    expect(view.refreshSpecialCase).toBe("The demo provider restarted");
    const [id] = await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant()] });
    await refreshAllDue();
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ health: "healthy", hardDeadlineReason: "special_case" });
    expect(row.hardDeadlineAt?.getTime()).toBe(clock.now().getTime());
    await registerOAuthApp(ctx, { actorId: userId, workspaceId: ws.workspaceId, providerKey: "authpulse-demo", clientId: CLIENT.clientId, authMethod: "client_secret_basic", refreshSpecialCase: null });
  });
});

describe("Refresh now", () => {
  it("clears a configuration error after the admin fixed it, refreshes at once, and audits the request", async () => {
    const [id] = await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant()] });
    server.failNext("invalid_client");
    await refreshAllDue();
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).health).toBe("config_error");
    const result = await refreshNow(ctx, { workspaceId: ws.workspaceId, connectionId: id!, actorId: userId });
    expect(result).toMatchObject({ outcome: "refreshed", health: "healthy" });
    expect((await db.authEvent.findFirst({ orderBy: { id: "desc" } }))?.class).toBe("recovered");
    expect(await db.auditLog.count({ where: { action: "connection.refresh_requested", targetId: id } })).toBe(1);
  });

  it("says busy when a worker holds the lease, and refuses another workspace's id", async () => {
    const [id] = await seedConnections({ db, clock, keyring }, { ...ws, refreshTokens: [server.issueGrant()] });
    await claimDueConnections(db, { owner: "worker", now: clock.now(), limit: 1, leaseMs: MINUTE });
    expect((await refreshNow(ctx, { workspaceId: ws.workspaceId, connectionId: id!, actorId: userId })).outcome).toBe("busy");
    await expect(refreshNow(ctx, { workspaceId: other.workspaceId, connectionId: id!, actorId: userId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("auth event retention", () => {
  it("deletes events older than the retention only", async () => {
    const now = clock.now().getTime();
    await db.authEvent.createMany({
      data: [91, 90.5, 89, 1].map((days) => ({ workspaceId: ws.workspaceId, source: "ingested" as const, class: "rate_limited" as const, occurredAt: new Date(now - days * DAY) })),
    });
    expect(await pruneAuthEvents(ctx, { retentionDays: 90 })).toMatchObject({ deleted: 2 });
    expect(await db.authEvent.count()).toBe(2);
    expect(retentionDays({ AUTH_EVENT_RETENTION_DAYS: "30" })).toBe(30);
    expect(retentionDays({ AUTH_EVENT_RETENTION_DAYS: "0" })).toBe(90);
    expect(retentionDays({})).toBe(90);
  });
});
