// The connection page's additions on real Postgres: the 7-day refresh history from auth events,
// and the admin setting of owner and workflow labels (validated, member-only, audited).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { updateConnectionOwnership } from "@/lib/server/connect/update-connection-ownership";
import { createDb, type Db } from "@/lib/server/db";
import { isServiceError } from "@/lib/server/errors";
import { getRefreshHistory } from "@/lib/server/refresh/refresh-history";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

const clock = fixedClock("2026-12-07T15:00:00Z");
let database: TestDatabase;
let db: Db;
let workspaceId: string;
let connectionId: string;
let adminId: string;
let outsiderId: string;
const ctx = () => ({ db, clock });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  workspaceId = (await db.workspace.create({ data: { name: "Acme", slug: "acme" } })).id;
  const otherWs = (await db.workspace.create({ data: { name: "Other", slug: "other" } })).id;
  adminId = (await db.user.create({ data: { email: "rae@example.com", name: "Rae" } })).id;
  outsiderId = (await db.user.create({ data: { email: "eve@example.com", name: "Eve" } })).id;
  await db.membership.create({ data: { workspaceId, userId: adminId, role: "admin" } });
  await db.membership.create({ data: { workspaceId: otherWs, userId: outsiderId, role: "admin" } });
  connectionId = (await db.connection.create({ data: { workspaceId, providerKey: "hubspot", method: "authorization_code", label: "HubSpot" } })).id;
  const at = (daysAgo: number, hours = 0) => new Date(clock.now().getTime() - daysAgo * DAY - hours * HOUR);
  await db.authEvent.createMany({
    data: [
      { workspaceId, connectionId, source: "refresh", class: "success", latencyMs: 100, occurredAt: at(0, 1) },
      { workspaceId, connectionId, source: "refresh", class: "success", latencyMs: 300, occurredAt: at(0, 2) },
      { workspaceId, connectionId, source: "refresh", class: "provider_unavailable", latencyMs: 900, occurredAt: at(2) },
      { workspaceId, connectionId, source: "refresh", class: "recovered", latencyMs: 200, occurredAt: at(2) },
      { workspaceId, connectionId, source: "proxy", class: "permission", occurredAt: at(1) },
      { workspaceId, connectionId, source: "refresh", class: "success", occurredAt: at(8) },
    ],
  });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("refresh history", () => {
  it("counts refresh successes and failures per day for 7 days with latency, ignoring proxy errors and older days", async () => {
    const history = await getRefreshHistory(ctx(), { workspaceId, connectionId });
    expect(history.days.map((d) => d.date)).toEqual(["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06", "2026-12-07"]);
    expect(history.days[6]).toEqual({ date: "2026-12-07", succeeded: 2, failed: 0, avgLatencyMs: 200, maxLatencyMs: 300 });
    expect(history.days[4]).toEqual({ date: "2026-12-05", succeeded: 1, failed: 1, avgLatencyMs: 550, maxLatencyMs: 900 });
    expect(history.days[5]).toMatchObject({ succeeded: 0, failed: 0, avgLatencyMs: null });
    expect([history.succeeded, history.failed]).toEqual([3, 1]);
  });

  it("shows nothing for a connection of another workspace", async () => {
    const other = await db.workspace.findFirstOrThrow({ where: { slug: "other" } });
    expect((await getRefreshHistory(ctx(), { workspaceId: other.id, connectionId })).succeeded).toBe(0);
  });
});

describe("owner and workflows", () => {
  it("saves a member as owner and de-duplicated labels, and writes an audit entry", async () => {
    const result = await updateConnectionOwnership(ctx(), { actorId: adminId, workspaceId, connectionId, values: { ownerId: adminId, workflows: "lead-routing, enrichment\nlead-routing , " } });
    expect(result).toEqual({ ownerId: adminId, workflows: ["lead-routing", "enrichment"] });
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { ownerId: true, workflows: true } })).toEqual({ ownerId: adminId, workflows: ["lead-routing", "enrichment"] });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "connection.ownership_changed", targetId: connectionId } });
    expect(audit.details).toMatchObject({ ownerBefore: null, ownerAfter: adminId, workflowsAfter: "lead-routing, enrichment" });
  });

  it("refuses an owner who is not a member of this workspace, and too-long labels, changing nothing", async () => {
    const refused = async (values: { ownerId: string; workflows: string }) => {
      const error = await updateConnectionOwnership(ctx(), { actorId: adminId, workspaceId, connectionId, values }).catch((e: unknown) => e);
      expect(isServiceError(error)).toBe(true);
      return (error as { fieldErrors?: Record<string, string> }).fieldErrors;
    };
    expect(await refused({ ownerId: outsiderId, workflows: "x" })).toEqual({ ownerId: "Choose a member of this workspace." });
    expect(Object.keys((await refused({ ownerId: "", workflows: "a".repeat(121) })) ?? {})).toEqual(["workflows"]);
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { ownerId: true } })).toEqual({ ownerId: adminId });
  });

  it("clears the owner with an empty choice", async () => {
    await updateConnectionOwnership(ctx(), { actorId: adminId, workspaceId, connectionId, values: { ownerId: "", workflows: "" } });
    expect(await db.connection.findUniqueOrThrow({ where: { id: connectionId }, select: { ownerId: true, workflows: true } })).toEqual({ ownerId: null, workflows: [] });
  });

  it("answers not found for a connection of another workspace", async () => {
    const other = await db.workspace.findFirstOrThrow({ where: { slug: "other" } });
    await expect(updateConnectionOwnership(ctx(), { actorId: outsiderId, workspaceId: other.id, connectionId, values: { ownerId: "", workflows: "" } })).rejects.toThrow("does not exist");
  });
});
