// The Overview and Expiring APIs' query functions on real Postgres, with connections and
// credentials constructed in the states a RevOps user meets: which integrations break this week,
// the counts per state, the error trend from the hourly rollup, filters, and the CSV.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { connectionDeadlines } from "@/lib/dashboard/deadlines";
import { connectionState } from "@/lib/dashboard/item-states";
import { loadConnectionRows } from "@/lib/server/dashboard/deadline-rows";
import { getErrorTrend } from "@/lib/server/dashboard/error-trend";
import { expiringCsv, getExpiring } from "@/lib/server/dashboard/get-expiring";
import { getOverview, overviewHeadline } from "@/lib/server/dashboard/get-overview";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const clock = fixedClock("2026-12-07T09:30:00Z");
const now = clock.now();
const at = (days: number) => new Date(now.getTime() + days * DAY);
let database: TestDatabase;
let db: Db;
let workspaceId: string;
let otherWorkspaceId: string;
let ownerId: string;
const ctx = () => ({ db, clock });
const ids: Record<string, string> = {};

async function connection(key: string, data: Record<string, unknown>, workspace = workspaceId) {
  const row = await db.connection.create({
    data: {
      workspaceId: workspace, providerKey: "hubspot", method: "authorization_code", label: key, authorizedAt: at(-60), createdAt: at(-60),
      accessTokenExpiresAt: new Date(now.getTime() + HOUR), nextRefreshAt: new Date(now.getTime() + 30 * 60_000), refreshTokenIssuedAt: at(-1), lastRefreshedAt: at(-1), ...data,
    },
  });
  ids[key] = row.id;
}

async function credential(key: string, data: Record<string, unknown>) {
  const row = await db.credential.create({ data: { workspaceId, name: key, method: "api_key", provider: "clay", createdAt: at(-60), rotatedAt: at(-10), lastUsedAt: at(-1), ...data } });
  ids[key] = row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  workspaceId = (await db.workspace.create({ data: { name: "Acme", slug: "acme" } })).id;
  otherWorkspaceId = (await db.workspace.create({ data: { name: "Other", slug: "other" } })).id;
  ownerId = (await db.user.create({ data: { email: "rae@example.com", name: "Rae" } })).id;
  await connection("healthy", {});
  await connection("reauth", { health: "needs_reauth", status: "needs_reauth", healthReason: "The provider answered invalid_grant.", accessTokenExpiresAt: at(-1), nextRefreshAt: null });
  await connection("deadline", { providerKey: "salesforce", hardDeadlineAt: at(3), hardDeadlineReason: "special_case", hardDeadlineNote: "Refresh tokens of test apps die after 7 days: reconnect before then.", ownerId, workflows: ["lead-routing"] });
  await connection("far", { providerKey: "salesforce", hardDeadlineAt: at(20), hardDeadlineReason: "refresh_token_absolute_max", environment: "staging" });
  await connection("erroring", { providerKey: "outreach" });
  await connection("dormant", { providerKey: "gong", lastRefreshedAt: at(-40), lastUsedAt: at(-45), accessTokenExpiresAt: null, nextRefreshAt: null });
  await connection("gone", { status: "disconnected", health: "needs_reauth" });
  await connection("foreign", { health: "needs_reauth", status: "needs_reauth" }, otherWorkspaceId);
  await credential("fresh-key", {});
  await credential("due-key", { rotatedAt: at(-86), ownerId, workflows: ["lead-routing"] });
  await credential("cert", { method: "mtls", provider: "bank", expiresAt: at(25), rotatedAt: at(-1) });
  await credential("old-key", { lastUsedAt: null, rotatedAt: at(-40), rotationIntervalDays: 365 });
  // two auth errors an hour ago on the erroring connection, one success (not an error)
  await db.authEvent.createMany({
    data: [
      { workspaceId, connectionId: ids.erroring!, providerKey: "outreach", source: "proxy", class: "permission", httpStatus: 403, occurredAt: new Date(now.getTime() - HOUR) },
      { workspaceId, connectionId: ids.erroring!, providerKey: "outreach", source: "proxy", class: "permission", httpStatus: 403, occurredAt: new Date(now.getTime() - HOUR) },
      { workspaceId, connectionId: ids.healthy!, providerKey: "hubspot", source: "refresh", class: "success", occurredAt: new Date(now.getTime() - HOUR) },
      { workspaceId, connectionId: ids.healthy!, providerKey: "hubspot", source: "refresh", class: "network", occurredAt: new Date(now.getTime() - 30 * HOUR) },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("Overview", () => {
  it("answers which integrations break this week, counting each once and the broken one as already broken", async () => {
    const o = await getOverview(ctx(), { workspaceId, filters: {}, trendRange: "24h" });
    expect(o.breakingCount).toBe(3); // reauth (broken), deadline (in 3 days), due-key (in 4 days)
    expect(o.brokenCount).toBe(1);
    expect(overviewHeadline(o)).toBe("3 integrations break this week (1 already broken)");
    expect(o.nextDeadlines.map((d) => [d.subject.name, d.action])).toEqual([["reauth", "reconnect"], ["deadline", "reconnect"], ["due-key", "rotate"]]);
    expect(o.nextDeadlines[1]!.href).toBe(`/connections/${ids.deadline}#reconnect`);
    expect(o.nextDeadlines[2]!.href).toBe(`/credentials/${ids["due-key"]}/rotate`);
  });

  it("puts every connection and credential of this workspace in one state (disconnected and foreign ones left out)", async () => {
    const o = await getOverview(ctx(), { workspaceId, filters: {}, trendRange: "24h" });
    expect(o.connections).toEqual({ needs_reauth: 1, erroring: 1, expiring: 1, dormant: 1, healthy: 2 });
    expect(o.credentials).toEqual({ needs_reauth: 0, erroring: 0, expiring: 1, dormant: 1, healthy: 2 });
  });

  it("lists the items behind a count, with the reason and the link to the fix", async () => {
    const o = await getOverview(ctx(), { workspaceId, filters: {}, trendRange: "24h", state: "erroring" });
    expect(o.list?.items).toEqual([expect.objectContaining({ name: "erroring", reason: "2 auth errors in the last 24 h", href: `/connections/${ids.erroring}` })]);
  });

  it("counts a connection as erroring when its latest auth error is under 24 h old (from the rollup the trigger keeps)", async () => {
    const ws = (await db.workspace.create({ data: { name: "Edge", slug: "edge" } })).id;
    const recent = (await db.connection.create({ data: { workspaceId: ws, providerKey: "hubspot", method: "authorization_code", label: "recent", createdAt: at(-60), lastRefreshedAt: at(-1) } })).id;
    const older = (await db.connection.create({ data: { workspaceId: ws, providerKey: "hubspot", method: "authorization_code", label: "older", createdAt: at(-60), lastRefreshedAt: at(-1) } })).id;
    await db.authEvent.createMany({
      data: [
        { workspaceId: ws, connectionId: recent, providerKey: "hubspot", source: "ingested", class: "unauthorized", httpStatus: 401, occurredAt: new Date(now.getTime() - 23.5 * HOUR) },
        { workspaceId: ws, connectionId: older, providerKey: "hubspot", source: "ingested", class: "unauthorized", httpStatus: 401, occurredAt: new Date(now.getTime() - 24.5 * HOUR) },
      ],
    });
    const o = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h", state: "erroring" });
    expect(o.list?.items.map((i) => [i.name, i.reason])).toEqual([["recent", "1 auth error in the last 24 h"]]);
    expect(o.connections).toMatchObject({ erroring: 1, healthy: 1 });
  });

  it("narrows everything by the shared filters (owner and workflow)", async () => {
    const o = await getOverview(ctx(), { workspaceId, filters: { owner: ownerId, workflow: "lead-routing" }, trendRange: "24h" });
    expect(o.nextDeadlines.map((d) => d.subject.name)).toEqual(["deadline", "due-key"]);
    expect(overviewHeadline(o)).toBe("2 integrations break this week");
    const none = await getOverview(ctx(), { workspaceId, filters: { provider: "gong" }, trendRange: "24h" });
    expect(overviewHeadline(none)).toBe("Nothing breaks this week");
  });

  it("draws the error trend from the hourly rollup, zero-filled, errors only, narrowed by provider", async () => {
    const hour = (h: number) => new Date(Math.floor(now.getTime() / HOUR) * HOUR - h * HOUR);
    const trendWs = (await db.workspace.create({ data: { name: "Trend", slug: "trend" } })).id;
    // Through auth_events: the trigger keeps the hourly rollup the trend reads.
    const events = (h: number, providerKey: string, cls: "permission" | "needs_reauth" | "success" | "network", count: number) =>
      Array.from({ length: count }, () => ({ workspaceId: trendWs, occurredAt: new Date(hour(h).getTime() + 60_000), providerKey, source: "proxy" as const, class: cls }));
    await db.authEvent.createMany({ data: [...events(0, "hubspot", "permission", 4), ...events(0, "outreach", "needs_reauth", 1), ...events(2, "hubspot", "success", 50), ...events(5, "hubspot", "network", 2), ...events(30, "hubspot", "network", 7)] });
    const day = await getErrorTrend(ctx(), { workspaceId: trendWs, filters: {}, range: "24h" });
    expect(day.points).toHaveLength(24);
    expect(day.points.at(-1)!.errors).toBe(5);
    expect(day.points.at(-6)!.errors).toBe(2);
    expect(day.total).toBe(7);
    expect((await getErrorTrend(ctx(), { workspaceId: trendWs, filters: { provider: "outreach" }, range: "24h" })).total).toBe(1);
    const week = await getErrorTrend(ctx(), { workspaceId: trendWs, filters: {}, range: "7d" });
    expect(week.points).toHaveLength(28);
    expect(week.total).toBe(14);
  });
});

describe("only connections that may need attention are loaded", () => {
  it("gives the same counts, deadlines and timeline as judging every row, on 400 random connections", async () => {
    const ws = (await db.workspace.create({ data: { name: "Random", slug: "random" } })).id;
    const pick = <T,>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
    const maybe = (days: number) => (Math.random() < 0.3 ? null : at((Math.random() - 0.3) * days));
    await db.connection.createMany({
      data: Array.from({ length: 400 }, (_, i) => {
        const expires = maybe(10);
        return {
          workspaceId: ws, providerKey: pick(["hubspot", "salesforce"]), label: `r${i}`, method: pick(["authorization_code", "authorization_code", "client_credentials"] as const),
          status: pick(["active", "active", "active", "needs_reauth", "error", "disconnected"] as const), health: pick(["healthy", "healthy", "healthy", "refreshing", "degraded", "needs_reauth", "config_error", "exhausted"] as const),
          accessTokenExpiresAt: expires, nextRefreshAt: Math.random() < 0.2 ? null : expires && Math.random() < 0.8 ? new Date(expires.getTime() - 60_000) : maybe(10),
          refreshTokenIssuedAt: Math.random() < 0.8 ? at(-1) : null, hardDeadlineAt: maybe(20), hardDeadlineReason: pick(["refresh_token_idle", "special_case", "no_refresh_token"]),
          createdAt: at(-Math.random() * 90), lastUsedAt: maybe(-60), lastRefreshedAt: maybe(-60),
        };
      }),
    });
    const ids = (await db.connection.findMany({ where: { workspaceId: ws }, select: { id: true } })).map((c) => c.id);
    await db.authEvent.createMany({ data: ids.slice(0, 40).map((connectionId, i) => ({ workspaceId: ws, connectionId, source: "proxy" as const, class: "permission" as const, occurredAt: new Date(now.getTime() - i * HOUR) })) });
    const prefiltered = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h" });
    const everyRow = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h", state: "healthy" });
    expect(prefiltered.connections).toEqual(everyRow.connections);
    expect(Object.values(prefiltered.connections).reduce((a, b) => a + b, 0)).toBe(ids.length - (await db.connection.count({ where: { workspaceId: ws, status: "disconnected" } })));
    expect([prefiltered.breakingCount, prefiltered.deadlineCount, prefiltered.nextDeadlines]).toEqual([everyRow.breakingCount, everyRow.deadlineCount, everyRow.nextDeadlines]);
    expect(prefiltered.connections.healthy).toBeGreaterThan(0);
    expect(prefiltered.connections.expiring + prefiltered.connections.erroring).toBeGreaterThan(0);

    // The erroring list against every row judged by the pure rules (one error each, i hours ago: the first 25 are within 24 h).
    const judge = async () => {
      const rows = await loadConnectionRows(ctx(), { workspaceId: ws, filters: {} });
      const erroring = new Set(ids.slice(0, 25));
      return rows.filter((c) => connectionState({ ...c, errors24h: erroring.has(c.id) ? 1 : 0 }, connectionDeadlines(c, now).filter((d) => new Date(d.at).getTime() <= at(7).getTime()), now) === "erroring").map((c) => c.id).sort();
    };
    const listed = async () => {
      const o = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h", state: "erroring" });
      expect(o.list!.total).toBe(o.connections.erroring);
      return o.list!.items.map((i) => i.id).sort();
    };
    expect(await listed()).toEqual(await judge());

    // Updates go through the trigger that keeps the indexed columns: still the same as judging every row.
    const some = ids.filter((_, i) => i % 7 === 0);
    await db.connection.updateMany({ where: { id: { in: some.slice(0, 20) } }, data: { health: "needs_reauth" } });
    await db.connection.updateMany({ where: { id: { in: some.slice(20) } }, data: { health: "healthy", status: "active", hardDeadlineAt: null, accessTokenExpiresAt: at(30), lastUsedAt: at(0) } });
    const after = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h" });
    const afterEveryRow = await getOverview(ctx(), { workspaceId: ws, filters: {}, trendRange: "24h", state: "healthy" });
    expect(after.connections).toEqual(afterEveryRow.connections);
    expect(after.nextDeadlines).toEqual(afterEveryRow.nextDeadlines);
    expect(await listed()).toEqual(await judge());
  });
});

describe("Expiring timeline", () => {
  it("shows 7 days by default and more as the window widens to 30, grouped by provider", async () => {
    const week = await getExpiring(ctx(), { workspaceId, filters: {}, windowDays: 7 });
    expect(week.items.map((d) => d.subject.name)).toEqual(["reauth", "deadline", "due-key"]);
    const month = await getExpiring(ctx(), { workspaceId, filters: {}, windowDays: 30 });
    expect(month.items.map((d) => d.subject.name)).toEqual(["reauth", "deadline", "due-key", "far", "cert"]);
    expect(month.groups.map((g) => [g.provider, g.items.length])).toEqual([["hubspot", 1], ["salesforce", 2], ["clay", 1], ["bank", 1]]);
    expect(month.days).toHaveLength(31);
    expect(month.days[0]).toMatchObject({ count: 1, overdue: true });
  });

  it("filters by kind and environment", async () => {
    const certs = await getExpiring(ctx(), { workspaceId, filters: {}, windowDays: 90, kind: "certificate" });
    expect(certs.items.map((d) => [d.subject.name, d.action])).toEqual([["cert", "renew_cert"]]);
    const staging = await getExpiring(ctx(), { workspaceId, filters: { env: "staging" }, windowDays: 30 });
    expect(staging.items.map((d) => d.subject.name)).toEqual(["far"]);
  });

  it("exports CSV rows with an absolute link to each fix and no secret columns", async () => {
    const csv = expiringCsv(await getExpiring(ctx(), { workspaceId, filters: {}, windowDays: 7 }), "https://authpulse.example.com");
    expect(csv.filename).toBe("expiring-7d");
    expect(csv.rows).toHaveLength(3);
    expect(csv.rows[1]).toEqual([at(3).toISOString(), false, "salesforce", "connection", "deadline", "Refresh token stops working", "Refresh tokens of test apps die after 7 days: reconnect before then.", "Reconnect", `https://authpulse.example.com/connections/${ids.deadline}#reconnect`, "prod", "lead-routing"]);
    expect(csv.columns.join(",")).not.toMatch(/token_sealed|secret/);
  });

  it("says nothing expires when the window is empty", async () => {
    const empty = await getExpiring(ctx(), { workspaceId: otherWorkspaceId, filters: { provider: "zoom" }, windowDays: 90 });
    expect(empty.items).toEqual([]);
    expect(empty.groups).toEqual([]);
  });
});
