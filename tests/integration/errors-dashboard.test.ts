// The Errors screen's queries: series stacked by class, the by-integration table and the drill-down,
// each honouring the shared filters and never showing another workspace's events.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { HOUR, MINUTE, fixedClock } from "@/lib/clock";
import { createDb, type Db } from "@/lib/server/db";
import { getErrorSeries } from "@/lib/server/dashboard/errors/get-error-series";
import { errorsByIntegrationCsv, getErrorsByIntegration } from "@/lib/server/dashboard/errors/get-errors-by-integration";
import { errorEventsQuerySchema, listErrorEvents } from "@/lib/server/dashboard/errors/list-error-events";
import type { Prisma } from "@/lib/server/generated/prisma/client";
import { generateKeyringFile, parseKeyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { refreshWorkspace, seedConnections } from "./support/refresh-fixtures";

let database: TestDatabase;
let db: Db;
const clock = fixedClock("2026-12-07T10:20:00.000Z");
const keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
let ws: string;
let otherWs: string;
let crm: string; // prod, erroring now
let staging: string; // staging, erroring 3 days ago only
const ctx = () => ({ db, clock });
const ago = (ms: number) => new Date(clock.now().getTime() - ms);

function event(workspaceId: string, connectionId: string | null, at: Date, data: Partial<Prisma.AuthEventUncheckedCreateInput> = {}): Prisma.AuthEventUncheckedCreateInput {
  return { workspaceId, connectionId, providerKey: "authpulse-demo", source: "refresh", class: "unauthorized", occurredAt: at, ...data };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 4 });
  vi.stubEnv("DEMO_PROVIDER_URL", "http://127.0.0.1:9");
  const a = await refreshWorkspace({ db, clock, keyring }, { clientId: "c", clientSecret: "s" });
  const b = await refreshWorkspace({ db, clock, keyring }, { clientId: "c", clientSecret: "s" });
  ws = a.workspaceId;
  otherWs = b.workspaceId;
  [crm, staging] = (await seedConnections({ db, clock, keyring }, { workspaceId: ws, appId: a.appId, refreshTokens: ["r1", "r2"] })) as [string, string];
  const [foreign] = await seedConnections({ db, clock, keyring }, { workspaceId: otherWs, appId: b.appId, refreshTokens: ["r3"] });
  await db.connection.update({ where: { id: crm! }, data: { label: "HubSpot prod", workflows: ["lead-sync"] } });
  await db.connection.update({ where: { id: staging! }, data: { label: "HubSpot staging", environment: "staging" } });
  await db.authEvent.createMany({
    data: [
      event(ws, crm!, ago(10 * MINUTE), { class: "needs_reauth", httpStatus: 400, oauthError: "invalid_grant", attempt: 1, latencyMs: 120 }),
      event(ws, crm!, ago(2 * HOUR), { class: "rate_limited", httpStatus: 429, rateLimitRemaining: 0, rateLimitLimit: 100 }),
      event(ws, crm!, ago(3 * HOUR), { class: "rate_limited", httpStatus: 429 }),
      event(ws, crm!, ago(30 * HOUR), { class: "rate_limited", httpStatus: 429 }), // previous 24 h period
      event(ws, crm!, ago(5 * MINUTE), { class: "success" }), // not an error
      event(ws, staging!, ago(72 * HOUR), { class: "provider_unavailable", httpStatus: 503 }),
      event(ws, null, ago(20 * MINUTE), { source: "ingested", providerKey: "hubspot", class: "permission", httpStatus: 403 }),
      event(otherWs, foreign!, ago(10 * MINUTE), { class: "needs_reauth" }),
    ],
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await db?.$disconnect();
  await database?.drop();
});

describe("auth errors over time", () => {
  it("counts the last 24 h in 24 zero-filled hourly buckets stacked by class, successes excluded", async () => {
    const series = await getErrorSeries(ctx(), { workspaceId: ws, filters: {}, range: "24h" });
    expect(series.buckets).toHaveLength(24);
    expect(series.total).toBe(4);
    expect(series.classes).toEqual(["rate_limited", "needs_reauth", "permission"]);
    expect(series.buckets.at(-1)).toMatchObject({ start: new Date("2026-12-07T10:00:00.000Z"), total: 2, counts: { needs_reauth: 1, permission: 1 } });
    expect(series.latestBucketTotal).toBe(2);
    expect(series.buckets.filter((b) => b.total === 0)).toHaveLength(21);
  });

  it("over 7 days uses 28 six-hour buckets (or 168 hourly) and includes older errors", async () => {
    const six = await getErrorSeries(ctx(), { workspaceId: ws, filters: {}, range: "7d" });
    expect(six.buckets).toHaveLength(28);
    expect(six.total).toBe(6);
    const hourly = await getErrorSeries(ctx(), { workspaceId: ws, filters: {}, range: "7d", bucket: "1h" });
    expect(hourly.buckets).toHaveLength(168);
    expect(hourly.total).toBe(6);
  });

  it("honours environment, provider and workflow filters through the connection", async () => {
    expect((await getErrorSeries(ctx(), { workspaceId: ws, filters: { env: "staging" }, range: "7d" })).total).toBe(1);
    expect((await getErrorSeries(ctx(), { workspaceId: ws, filters: { workflow: "lead-sync" }, range: "24h" })).total).toBe(3);
    expect((await getErrorSeries(ctx(), { workspaceId: ws, filters: { provider: "hubspot" }, range: "24h" })).total).toBe(1);
  });
});

describe("auth errors by integration", () => {
  it("lists integrations erroring in the last 24 h first, with count, last seen, trend and top class", async () => {
    const result = await getErrorsByIntegration(ctx(), { workspaceId: ws, filters: {}, range: "7d" });
    expect(result.rows.map((r) => [r.label, r.count, r.erroringLast24h])).toEqual([
      ["HubSpot prod", 4, true],
      ["HubSpot (no connection)", 1, true],
      ["HubSpot staging", 1, false],
    ]);
    const day = await getErrorsByIntegration(ctx(), { workspaceId: ws, filters: {}, range: "24h" });
    const prod = day.rows.find((r) => r.connectionId === crm)!;
    expect(prod).toMatchObject({ count: 3, previousCount: 1, trend: "up", changePercent: 200, topClass: "rate_limited", lastSeenAt: ago(10 * MINUTE), classes: { rate_limited: 2, needs_reauth: 1 } });
    expect(day.rows.some((r) => r.connectionId === staging)).toBe(false);
    expect(day.summary).toEqual({ totalErrors: 4, integrations: 2, startedWithinLastHour: 1 });
    const top = await getErrorsByIntegration(ctx(), { workspaceId: ws, filters: {}, range: "7d", limit: 1 });
    expect(top).toMatchObject({ truncated: true, summary: { totalErrors: 6, integrations: 3 } });
    expect(top.rows.map((r) => r.label)).toEqual(["HubSpot prod"]);
    const stagingOnly = await getErrorsByIntegration(ctx(), { workspaceId: ws, filters: { env: "staging" }, range: "7d" });
    expect(stagingOnly.rows.map((r) => [r.label, r.count])).toEqual([["HubSpot staging", 1]]);
    expect(stagingOnly.summary).toMatchObject({ totalErrors: 1, integrations: 1 });
    const byWorkflow = await getErrorsByIntegration(ctx(), { workspaceId: ws, filters: { workflow: "lead-sync", provider: "authpulse-demo" }, range: "24h" });
    expect(byWorkflow.rows.map((r) => r.connectionId)).toEqual([crm]);
    const csv = errorsByIntegrationCsv(day);
    expect(csv.rows[0]).toContain("HubSpot prod");
  });

  it("never shows another workspace's events", async () => {
    const other = await getErrorsByIntegration(ctx(), { workspaceId: otherWs, filters: {}, range: "24h" });
    expect(other.rows).toHaveLength(1);
    expect(other.rows[0]!.connectionId).not.toBe(crm);
  });
});

describe("drill-down to events", () => {
  it("lists one connection's errors newest first with status and OAuth codes, paginated by cursor", async () => {
    const first = await listErrorEvents(ctx(), { workspaceId: ws, filters: {}, range: "24h", query: errorEventsQuerySchema.parse({ connection: crm }), limit: 2 });
    expect(first.events.map((e) => [e.class, e.httpStatus, e.oauthError])).toEqual([["needs_reauth", 400, "invalid_grant"], ["rate_limited", 429, null]]);
    expect(first.events[1]).toMatchObject({ rateLimitRemaining: 0, rateLimitLimit: 100 });
    expect(first.nextCursor).not.toBeNull();
    const second = await listErrorEvents(ctx(), { workspaceId: ws, filters: {}, range: "24h", query: errorEventsQuerySchema.parse({ connection: crm, cursor: first.nextCursor }), limit: 2 });
    expect(second.events.map((e) => e.occurredAt)).toEqual([ago(3 * HOUR)]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters by class, lists a provider's events without a connection, and hides other workspaces", async () => {
    const limited = await listErrorEvents(ctx(), { workspaceId: ws, filters: {}, range: "7d", query: errorEventsQuerySchema.parse({ connection: crm, class: "rate_limited" }) });
    expect(limited.events).toHaveLength(3);
    const loose = await listErrorEvents(ctx(), { workspaceId: ws, filters: {}, range: "24h", query: errorEventsQuerySchema.parse({ connection: "none", provider: "hubspot" }) });
    expect(loose.events.map((e) => e.httpStatus)).toEqual([403]);
    const foreign = await listErrorEvents(ctx(), { workspaceId: otherWs, filters: {}, range: "24h", query: errorEventsQuerySchema.parse({ connection: crm }) });
    expect(foreign.events).toEqual([]);
    expect(() => errorEventsQuerySchema.parse({ connection: "none" })).toThrow();
    expect(() => errorEventsQuerySchema.parse({ connection: crm, cursor: "abc" })).toThrow();
  });
});
