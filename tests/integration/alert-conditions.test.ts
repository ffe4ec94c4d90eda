// The alert rules' conditions against real rows: repeated 403s on one connection within 15 minutes,
// deadlines within 7 days (connection hard deadline, certificate notAfter), and one weekly rotation
// digest per workspace listing every overdue credential (30 days for sensitive ones).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, fixedClock, MINUTE } from "@/lib/clock";
import { loadAlertConditions } from "@/lib/server/alerts/load-conditions";
import { createDb, type Db } from "@/lib/server/db";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let db: Db;
let workspaceId: string;
const clock = fixedClock("2026-12-07T10:00:00Z");
const ago = (ms: number) => new Date(clock.now().getTime() - ms);
const ahead = (ms: number) => new Date(clock.now().getTime() + ms);

async function connection(data: { label: string; health?: "healthy" | "degraded" | "needs_reauth"; hardDeadlineAt?: Date; status?: "active" | "disconnected" }) {
  const row = await db.connection.create({ data: { id: randomUUID(), workspaceId, providerKey: "hubspot", method: "authorization_code", label: data.label, health: data.health ?? "healthy", status: data.status ?? "active", hardDeadlineAt: data.hardDeadlineAt ?? null, healthReason: data.health === "needs_reauth" ? "The authorization was revoked or expired." : null } });
  return row.id;
}
async function forbidden(connectionId: string, count: number, at: Date) {
  await db.authEvent.createMany({ data: Array.from({ length: count }, () => ({ workspaceId, connectionId, providerKey: "hubspot", source: "proxy" as const, class: "permission" as const, httpStatus: 403, occurredAt: at, reason: "The provider refused the call (403)." })) });
}
async function credential(data: { name: string; rotatedAt: Date; sensitive?: boolean; method?: "api_key" | "mtls" | "track_only"; expiresAt?: Date }) {
  await db.credential.create({ data: { workspaceId, name: data.name, method: data.method ?? "api_key", provider: "Clay", sensitive: data.sensitive ?? false, rotationIntervalDays: data.sensitive ? 30 : 90, rotatedAt: data.rotatedAt, expiresAt: data.expiresAt ?? null } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, { max: 4 });
  workspaceId = (await db.workspace.create({ data: { name: "RevOps", slug: "revops" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

beforeEach(async () => {
  await db.authEvent.deleteMany();
  await db.connection.deleteMany();
  await db.credential.deleteMany();
});

describe("alert conditions", () => {
  it("repeated 403s: three within 15 minutes on one connection raise a critical alert; two, or old ones, do not", async () => {
    const hot = await connection({ label: "HubSpot prod" });
    const few = await connection({ label: "HubSpot staging" });
    const old = await connection({ label: "HubSpot old" });
    await forbidden(hot, 3, ago(10 * MINUTE));
    await forbidden(few, 2, ago(MINUTE));
    await forbidden(old, 5, ago(16 * MINUTE));
    const conditions = (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "permission_denied");
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({ connectionId: hot, severity: "critical", class: "permission", count: 3, fixPath: `/connections/${hot}` });
  });

  it("refresh health: degraded is a warning, needs_reauth is critical, healthy and disconnected raise nothing", async () => {
    const degraded = await connection({ label: "A", health: "degraded" });
    const reauth = await connection({ label: "B", health: "needs_reauth" });
    await connection({ label: "C" });
    await connection({ label: "D", health: "needs_reauth", status: "disconnected" });
    const conditions = (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "refresh_failing");
    expect(conditions.map((c) => [c.connectionId, c.severity]).sort()).toEqual([[degraded, "warning"], [reauth, "critical"]].sort());
    expect(conditions.find((c) => c.connectionId === reauth)!.body).toBe("The authorization was revoked or expired.");
  });

  it("deadlines within 7 days: a connection's hard deadline and a certificate's notAfter warn; 8 days away does not", async () => {
    const soon = await connection({ label: "Google Ads (Testing app)", hardDeadlineAt: ahead(3 * DAY) });
    await connection({ label: "Later", hardDeadlineAt: ahead(8 * DAY) });
    await credential({ name: "Bank mTLS", method: "mtls", rotatedAt: ago(DAY), expiresAt: ahead(6 * DAY) });
    const conditions = (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "hard_deadline");
    expect(conditions).toHaveLength(2);
    expect(conditions.find((c) => c.connectionId === soon)).toMatchObject({ severity: "warning", title: expect.stringContaining("must be reconnected by 2026-12-10 10:00 UTC") });
    expect(conditions.find((c) => c.credentialId)).toMatchObject({ title: expect.stringContaining("certificate expires"), fixPath: expect.stringMatching(/^\/credentials\/.+\/rotate$/) });
  });

  it("rotation: one digest for the workspace listing every overdue key (30 days when sensitive), oldest first", async () => {
    await credential({ name: "Clay key", rotatedAt: ago(120 * DAY) });
    await credential({ name: "Stripe restricted key", rotatedAt: ago(31 * DAY), sensitive: true });
    await credential({ name: "Fresh key", rotatedAt: ago(10 * DAY) });
    await credential({ name: "Tracked only", rotatedAt: ago(400 * DAY), method: "track_only" });
    const digests = (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "rotation_overdue");
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ subject: `workspace:${workspaceId}`, count: 2, title: "2 credentials are overdue for rotation" });
    expect(digests[0]!.body.split("\n")).toEqual(["• Clay key (Clay): 120 days since rotation", "• Stripe restricted key (Clay): 31 days since rotation"]);
  });
});

describe("security review conditions (issue 8)", () => {
  it("a spike of refused webhook deliveries on one source raises a warning; a few, or verified ones, do not", async () => {
    const secret = await db.credential.create({ data: { workspaceId, name: "Stripe signing secret", method: "hmac", provider: "Stripe" } });
    const source = (name: string) => db.webhookSource.create({ data: { workspaceId, name, scheme: "stripe", credentialId: secret.id } });
    const [hot, calm] = await Promise.all([source("Stripe billing"), source("Stripe payouts")]);
    const deliveries = (sourceId: string, outcome: string, count: number, at: Date) => db.webhookDelivery.createMany({ data: Array.from({ length: count }, () => ({ sourceId, workspaceId, outcome, bodySize: 10, receivedAt: at })) });
    await deliveries(hot.id, "bad_signature", 5, ago(5 * MINUTE));
    await deliveries(calm.id, "bad_signature", 4, ago(MINUTE));
    await deliveries(calm.id, "verified", 20, ago(MINUTE));
    await deliveries(calm.id, "stale", 3, ago(20 * MINUTE));
    const conditions = (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "webhook_signatures");
    expect(conditions.map((c) => [c.subject, c.severity, c.count])).toEqual([[`webhook_source:${hot.id}`, "warning", 5]]);
    expect(conditions[0]!.fixPath).toBe(`/webhooks#source-${hot.id}`);
    await db.webhookSource.deleteMany();
  });

  it("reminds a team that reviewed last month until this month's review is signed off", async () => {
    await db.alertChannel.create({ data: { workspaceId, kind: "slack", name: "Ops", configSealed: "sealed" } });
    const due = async () => (await loadAlertConditions({ db, clock })).filter((c) => c.rule === "checklist_due").map((c) => c.title);
    expect(await due()).toEqual([]);
    await db.checklistRun.create({ data: { workspaceId, month: "2026-11", evaluatedAt: ago(30 * DAY), completedAt: ago(29 * DAY) } });
    expect(await due()).toEqual(["The monthly security review for 2026-12 is due"]);
    const december = await db.checklistRun.create({ data: { workspaceId, month: "2026-12", evaluatedAt: ago(MINUTE) } });
    expect(await due()).toHaveLength(1);
    await db.checklistRun.update({ where: { id: december.id }, data: { completedAt: clock.now() } });
    expect(await due()).toEqual([]);
  });
});
