import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, MINUTE } from "@/lib/clock";
import { decodeAuditCursor, iterateAuditForExport, listAudit, listAuditFilterOptions, type AuditListEntry } from "@/lib/server/audit/list-audit";
import { createDb, type Db } from "@/lib/server/db";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let db: Db;
const clock = fixedClock("2026-11-23T10:00:00Z");
let ctx: { db: Db; clock: typeof clock };
let workspaceId: string;
let otherWorkspaceId: string;
let adminId: string;
let viewerId: string;
const T0 = new Date("2026-11-20T12:00:00Z").getTime();

async function entry(data: { workspaceId?: string; actorId?: string | null; action: string; targetType?: string; targetId?: string; outcome?: string; ip?: string; userAgent?: string; at: number; id?: string; details?: object }) {
  return db.auditLog.create({
    data: {
      ...(data.id ? { id: data.id } : {}),
      workspaceId: data.workspaceId ?? workspaceId,
      actorId: data.actorId ?? null,
      action: data.action,
      targetType: data.targetType ?? null,
      targetId: data.targetId ?? null,
      outcome: data.outcome ?? null,
      ip: data.ip ?? null,
      userAgent: data.userAgent ?? null,
      details: data.details ?? {},
      createdAt: new Date(data.at),
    },
  });
}

const ids = (entries: AuditListEntry[]) => entries.map((e) => e.id);

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const other = await db.workspace.create({ data: { name: "Globex", slug: "globex" } });
  const admin = await db.user.create({ data: { email: "admin@acme.example", name: "Ada Admin" } });
  const viewer = await db.user.create({ data: { email: "viewer@acme.example", name: "Vic Viewer" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "admin" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: viewer.id, role: "viewer" } });
  workspaceId = ws.id;
  otherWorkspaceId = other.id;
  adminId = admin.id;
  viewerId = viewer.id;

  await entry({ id: "a01", actorId: adminId, action: "credential.created", targetType: "credential", targetId: "c1", at: T0, details: { version: 1 } });
  await entry({ id: "a02", actorId: viewerId, action: "credential.viewed", targetType: "credential", targetId: "c1", at: T0 + 1 * MINUTE });
  await entry({ id: "a03", actorId: adminId, action: "credential.rotated", targetType: "credential", targetId: "c1", at: T0 + 2 * MINUTE });
  await entry({ id: "a04", action: "credential.secret_read", targetType: "credential", targetId: "c1", outcome: "allowed", ip: "203.0.113.7", userAgent: "n8n/1.0", at: T0 + 3 * MINUTE });
  await entry({ id: "a05", action: "api_key.denied", targetType: "api_key", outcome: "denied", ip: "198.51.100.9", at: T0 + 3 * MINUTE });
  await entry({ id: "a06", actorId: adminId, action: "member.role_changed", targetType: "user", targetId: viewerId, at: T0 + 2 * 24 * 60 * MINUTE });
  // Another workspace's entries, some at the very same instants, must never show up.
  await entry({ id: "b01", workspaceId: otherWorkspaceId, action: "credential.created", targetType: "credential", at: T0 + 3 * MINUTE });
  await entry({ id: "b02", workspaceId: otherWorkspaceId, action: "secret.leaked_elsewhere", outcome: "weird", at: T0 + 5 * MINUTE });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("listAudit", () => {
  it("lists the workspace's entries newest first with actor names and emails, ties broken by id", async () => {
    const page = await listAudit(ctx, { workspaceId });
    expect(ids(page.entries)).toEqual(["a06", "a05", "a04", "a03", "a02", "a01"]);
    expect(page.nextCursor).toBeNull();
    expect(page.entries[0]).toMatchObject({ actorName: "Ada Admin", actorEmail: "admin@acme.example", action: "member.role_changed", targetType: "user", targetId: viewerId });
    expect(page.entries[2]).toMatchObject({ actorId: null, actorName: null, actorEmail: null, outcome: "allowed", ip: "203.0.113.7", userAgent: "n8n/1.0" });
    expect(page.entries.at(-1)?.details).toEqual({ version: 1 });
  });

  it("filters by action, actor, target type and outcome", async () => {
    expect(ids((await listAudit(ctx, { workspaceId, filters: { action: "credential.viewed" } })).entries)).toEqual(["a02"]);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { actorId: adminId } })).entries)).toEqual(["a06", "a03", "a01"]);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { targetType: "api_key" } })).entries)).toEqual(["a05"]);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { outcome: "denied" } })).entries)).toEqual(["a05"]);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { actorId: adminId, targetType: "credential" } })).entries)).toEqual(["a03", "a01"]);
  });

  it("filters by date range: from inclusive, to exclusive", async () => {
    const from = new Date(T0 + 1 * MINUTE);
    const to = new Date(T0 + 3 * MINUTE);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { from, to } })).entries)).toEqual(["a03", "a02"]);
    expect(ids((await listAudit(ctx, { workspaceId, filters: { from: new Date(T0 + 24 * 60 * MINUTE) } })).entries)).toEqual(["a06"]);
  });

  it("pages with a keyset cursor without skipping or repeating entries that share a timestamp", async () => {
    const first = await listAudit(ctx, { workspaceId, limit: 2 });
    expect(ids(first.entries)).toEqual(["a06", "a05"]);
    expect(decodeAuditCursor(first.nextCursor)).toEqual({ createdAt: new Date(T0 + 3 * MINUTE), id: "a05" });
    const second = await listAudit(ctx, { workspaceId, limit: 2, cursor: first.nextCursor! });
    expect(ids(second.entries)).toEqual(["a04", "a03"]);
    const third = await listAudit(ctx, { workspaceId, limit: 2, cursor: second.nextCursor! });
    expect(ids(third.entries)).toEqual(["a02", "a01"]);
    expect(third.nextCursor).toBeNull();
  });

  it("keeps the filters while paging", async () => {
    const first = await listAudit(ctx, { workspaceId, filters: { targetType: "credential" }, limit: 3 });
    expect(ids(first.entries)).toEqual(["a04", "a03", "a02"]);
    const second = await listAudit(ctx, { workspaceId, filters: { targetType: "credential" }, limit: 3, cursor: first.nextCursor! });
    expect(ids(second.entries)).toEqual(["a01"]);
    expect(second.nextCursor).toBeNull();
  });

  it("caps a page at 200 entries and starts from the newest for a malformed cursor", async () => {
    const page = await listAudit(ctx, { workspaceId, limit: 10_000, cursor: "not-a-cursor" });
    expect(page.entries).toHaveLength(6);
    expect(decodeAuditCursor("not-a-cursor")).toBeNull();
    expect(decodeAuditCursor(Buffer.from("2026-01-01T00:00:00Z|x' OR 1=1").toString("base64url"))).toBeNull();
  });

  it("never returns another workspace's entries, whatever the filters or cursor", async () => {
    const all = await listAudit(ctx, { workspaceId, limit: 200 });
    expect(all.entries.every((e) => !e.id.startsWith("b"))).toBe(true);
    expect((await listAudit(ctx, { workspaceId, filters: { outcome: "weird" } })).entries).toEqual([]);
    const others = await listAudit(ctx, { workspaceId: otherWorkspaceId });
    expect(ids(others.entries)).toEqual(["b02", "b01"]);
  });
});

describe("listAuditFilterOptions", () => {
  it("offers the workspace's own distinct actions, target types and outcomes", async () => {
    expect(await listAuditFilterOptions(ctx, { workspaceId })).toEqual({
      actions: ["api_key.denied", "credential.created", "credential.rotated", "credential.secret_read", "credential.viewed", "member.role_changed"],
      targetTypes: ["api_key", "credential", "user"],
      outcomes: ["allowed", "denied"],
    });
  });
});

describe("iterateAuditForExport", () => {
  async function collect(max: number, batchSize: number) {
    const gen = iterateAuditForExport(ctx, { workspaceId, max, batchSize });
    const batches: string[][] = [];
    for (;;) {
      const next = await gen.next();
      if (next.done) return { batches, capped: next.value.capped };
      batches.push(ids(next.value));
    }
  }

  it("yields every entry in batches, newest first, uncapped when all fit", async () => {
    expect(await collect(50, 4)).toEqual({ batches: [["a06", "a05", "a04", "a03"], ["a02", "a01"]], capped: false });
    expect(await collect(6, 3)).toEqual({ batches: [["a06", "a05", "a04"], ["a03", "a02", "a01"]], capped: false });
  });

  it("stops at the cap and reports that more entries remained", async () => {
    expect(await collect(5, 2)).toEqual({ batches: [["a06", "a05"], ["a04", "a03"], ["a02"]], capped: true });
  });
});
