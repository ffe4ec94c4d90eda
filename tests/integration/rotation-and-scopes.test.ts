import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock } from "@/lib/clock";
import { addCustomProviderFromEndpoints } from "@/lib/server/connect/custom/add-custom-provider";
import { createCredential, type CreateCredentialInput } from "@/lib/server/credentials/create-credential";
import { getRotationAge, rotationAgeCsv } from "@/lib/server/dashboard/get-rotation-age";
import { assessScopes, matchesShow, sortByFinding, summarizeScopes } from "@/lib/dashboard/scope-audit";
import { getScopeAudit, scopeAuditCsv } from "@/lib/server/dashboard/get-scope-audit";
import { findProvider } from "@/lib/server/providers/catalog";
import { createDb, type Db } from "@/lib/server/db";
import type { ConnectionMethod } from "@/lib/server/generated/prisma/client";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// Rotation age and scope audit against real Postgres: credentials created through the service
// (with "last rotated on" for imported keys), connections as the connect flow leaves them.

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-12-07T09:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
let workspaceId: string;
let otherWorkspaceId: string;
let ana: string;
let bo: string;
const ago = (days: number) => new Date(clock.now().getTime() - days * DAY - 3_600_000);

async function credential(input: Partial<CreateCredentialInput> & { name: string; days: number }, workspace = workspaceId) {
  const { days, ...rest } = input;
  const base = { method: "api_key", secret: `sk_live_${input.name.replace(/\W/g, "")}0123456789abcdef`, headerName: "X-API-Key", provider: "HubSpot" };
  const result = await createCredential(ctx, { actorId: ana, workspaceId: workspace, input: { ...base, ...rest, lastRotatedAt: ago(days) } as CreateCredentialInput });
  return result.credential.id;
}

async function connection(input: { label: string; providerKey: string; requested: string[]; granted: string[]; grantedKnown?: boolean; method?: ConnectionMethod; status?: "active" | "disconnected"; ownerId?: string | null; workflows?: string[]; environment?: string }) {
  const row = await db.connection.create({
    data: {
      workspaceId,
      providerKey: input.providerKey,
      method: input.method ?? "authorization_code",
      label: input.label,
      environment: input.environment ?? "prod",
      status: input.status ?? "active",
      requestedScopes: input.requested,
      grantedScopes: input.granted,
      grantedScopesKnown: input.grantedKnown ?? true,
      ownerId: input.ownerId ?? null,
      workflows: input.workflows ?? [],
      authorizedAt: ago(3),
    },
  });
  return row.id;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const other = await db.workspace.create({ data: { name: "Globex", slug: "globex" } });
  workspaceId = ws.id;
  otherWorkspaceId = other.id;
  ana = (await db.user.create({ data: { email: "ana@acme.example", name: "Ana" } })).id;
  bo = (await db.user.create({ data: { email: "bo@acme.example", name: "Bo" } })).id;
  await db.membership.createMany({ data: [{ workspaceId, userId: ana, role: "admin" }, { workspaceId, userId: bo, role: "viewer" }, { workspaceId: otherWorkspaceId, userId: ana, role: "admin" }] });

  ids.fresh = await credential({ name: "Fresh key", days: 5, ownerId: ana, workflows: ["Lead routing"] });
  ids.sensitive45 = await credential({ name: "Stripe billing", days: 45, sensitive: true, provider: "Stripe", ownerId: bo, workflows: ["Billing"] });
  ids.normal45 = await credential({ name: "Clay enrichment", days: 45, provider: "Clay", workflows: ["Enrichment"] });
  ids.edge90 = await credential({ name: "Edge ninety", days: 90, ownerId: ana });
  ids.old200 = await credential({ name: "Old webhook", days: 200, method: "hmac", secret: "whsec_canaryOld200secretvalue", headerScheme: "github", provider: "GitHub", ownerId: ana, workflows: ["Lead routing", "Alerts"] } as never);
  ids.ancient = await credential({ name: "Ancient tracked", days: 412, method: "track_only", location: "one_password", environment: "staging", workflows: ["Billing"] } as never);
  ids.custom = await credential({ name: "Long policy", days: 150, rotationIntervalDays: 180, ownerId: bo });
  await credential({ name: "Other workspace key", days: 900 }, otherWorkspaceId);
  const deleted = await credential({ name: "Deleted key", days: 800 });
  await db.credential.update({ where: { id: deleted }, data: { deletedAt: clock.now() } });

  await addCustomProviderFromEndpoints(ctx, { actorId: ana, workspaceId, input: { id: "acme-crm", name: "Acme CRM", authorizationUrl: "https://login.acme-crm.example/oauth/authorize", tokenUrl: "https://login.acme-crm.example/oauth/token", defaultScopes: ["acme.read", "acme.profile"], minimumScopes: ["acme.read"] } });
  ids.hubspotOk = await connection({ label: "HubSpot sync", providerKey: "hubspot", requested: ["oauth", "crm.objects.contacts.read"], granted: ["oauth", "crm.objects.contacts.read"], ownerId: ana, workflows: ["Lead routing"] });
  ids.hubspotWide = await connection({ label: "HubSpot writer", providerKey: "hubspot", requested: ["oauth", "crm.objects.contacts.write"], granted: ["oauth", "crm.objects.contacts.write", "crm.objects.deals.read"], ownerId: bo, workflows: ["Enrichment"] });
  ids.customMissing = await connection({ label: "Acme CRM", providerKey: "acme-crm", requested: ["acme.profile"], granted: ["acme.profile"] });
  ids.unreported = await connection({ label: "Acme admin", providerKey: "acme-crm", requested: ["acme.read", "acme.admin"], granted: [], grantedKnown: false, environment: "staging" });
  ids.unknown = await connection({ label: "Retired provider", providerKey: "gone-provider", requested: ["x"], granted: ["x"] });
  await connection({ label: "Machine", providerKey: "hubspot", method: "client_credentials", requested: ["admin"], granted: ["admin"] });
  await connection({ label: "Disconnected", providerKey: "hubspot", status: "disconnected", requested: ["admin"], granted: ["admin"] });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe("rotation age", () => {
  it("buckets every live credential of the workspace and counts the overdue ones per bar", async () => {
    const report = await getRotationAge(ctx, { workspaceId, filters: {}, sort: "age", dir: "desc" });
    expect(report.histogram.map((b) => [b.key, b.total, b.overdue])).toEqual([
      ["0-30", 1, 0],
      ["31-60", 2, 1],
      ["61-90", 1, 0],
      ["91-180", 1, 0],
      ["181-365", 1, 1],
      ["over-365", 1, 1],
    ]);
    expect(report.summary).toMatchObject({ total: 7, overdue: 3, sensitiveOverdue: 1, oldestOverdueDays: 412 });
    expect(report.policy).toEqual({ standardDays: 90, sensitiveDays: 30 });
  });

  it("lists the overdue ones oldest first, with the rotate link and no secret material", async () => {
    const report = await getRotationAge(ctx, { workspaceId, filters: {}, sort: "age", dir: "desc" });
    expect(report.overdue.map((i) => [i.name, i.ageDays, i.policyDays, i.overdueByDays])).toEqual([
      ["Ancient tracked", 412, 90, 322],
      ["Old webhook", 200, 90, 110],
      ["Stripe billing", 45, 30, 15],
    ]);
    expect(report.overdue[0]).toMatchObject({ rotateHref: `/credentials/${ids.ancient}/rotate`, detailHref: `/credentials/${ids.ancient}` });
    expect(JSON.stringify(report)).not.toMatch(/canaryOld200|0123456789abcdef/);
  });

  it("sorts the overdue list by owner and by workflow", async () => {
    const byOwner = await getRotationAge(ctx, { workspaceId, filters: {}, sort: "owner", dir: "asc" });
    expect(byOwner.overdue.map((i) => [i.name, i.ownerName])).toEqual([["Old webhook", "Ana"], ["Stripe billing", "Bo"], ["Ancient tracked", null]]);
    const byWorkflow = await getRotationAge(ctx, { workspaceId, filters: {}, sort: "workflow", dir: "desc" });
    expect(byWorkflow.overdue.map((i) => i.name)).toEqual(["Ancient tracked", "Stripe billing", "Old webhook"]);
  });

  it("narrows by owner, workflow, environment and provider", async () => {
    const names = async (filters: Parameters<typeof getRotationAge>[1]["filters"]) => (await getRotationAge(ctx, { workspaceId, filters, sort: "age", dir: "desc" })).overdue.map((i) => i.name);
    expect(await names({ owner: ana })).toEqual(["Old webhook"]);
    expect(await names({ owner: "none" })).toEqual(["Ancient tracked"]);
    expect(await names({ workflow: "Billing" })).toEqual(["Ancient tracked", "Stripe billing"]);
    expect(await names({ env: "staging" })).toEqual(["Ancient tracked"]);
    expect(await names({ provider: "stripe" })).toEqual(["Stripe billing"]);
    const none = await getRotationAge(ctx, { workspaceId, filters: { env: "sandbox" }, sort: "age", dir: "desc" });
    expect(none.summary.total).toBe(0);
  });

  it("records an imported key's last rotation in the audit log, and refuses one in the future", async () => {
    const entry = await db.auditLog.findFirstOrThrow({ where: { targetId: ids.old200, action: "credential.created" } });
    expect(entry.details).toMatchObject({ lastRotatedAt: ago(200).toISOString() });
    const fresh = await db.auditLog.findFirstOrThrow({ where: { targetId: ids.fresh, action: "credential.created" } });
    expect(fresh.details).toMatchObject({ lastRotatedAt: ago(5).toISOString() });
    await expect(createCredential(ctx, { actorId: ana, workspaceId, input: { method: "bearer", token: "tomorrow-token-0123456789", name: "Tomorrow", provider: "X", lastRotatedAt: new Date(clock.now().getTime() + DAY) } as CreateCredentialInput })).rejects.toMatchObject({ fieldErrors: { lastRotatedAt: "The last rotation cannot be in the future." } });
  });

  it("exports the overdue list as CSV rows", async () => {
    const csv = rotationAgeCsv(await getRotationAge(ctx, { workspaceId, filters: {}, sort: "age", dir: "desc" }));
    expect(csv.columns).toContain("overdue_by_days");
    expect(csv.rows[1]).toEqual(["Old webhook", "hmac", "GitHub", "prod", "Ana", "Lead routing; Alerts", false, ago(200).toISOString(), 200, 90, 110]);
  });
});

describe("scope audit", () => {
  it("lists only the most urgent connections when asked for a limit, while the summary and the count cover all", async () => {
    const all = await getScopeAudit(ctx, { workspaceId, filters: {}, show: "all" });
    const first = await getScopeAudit(ctx, { workspaceId, filters: {}, show: "all", limit: 1 });
    expect(all.matching).toBeGreaterThan(1);
    expect(first).toMatchObject({ matching: all.matching, summary: all.summary });
    expect(first.items.map((i) => i.connectionId)).toEqual([all.items[0]!.connectionId]);
  });

  it("flags over-privileged and missing scopes against the catalog and custom providers", async () => {
    const report = await getScopeAudit(ctx, { workspaceId, filters: {}, show: "all" });
    expect(report.items.map((i) => [i.label, i.assessment.status, i.assessment.extra, i.assessment.missing])).toEqual([
      ["Acme CRM", "missing", [], ["acme.read"]],
      ["Acme admin", "over_privileged", ["acme.admin"], []],
      // deals.read is in HubSpot's default set: optional, not flagged
      ["HubSpot writer", "over_privileged", ["crm.objects.contacts.write"], []],
      ["Retired provider", "no_baseline", [], []],
      ["HubSpot sync", "ok", [], []],
    ]);
    expect(report.summary).toEqual({ total: 5, flagged: 3, overPrivileged: 2, missing: 1, unreported: 1, noBaseline: 1 });
  });

  it("links each flagged connection to its reconnect form with the suggested scopes", async () => {
    const report = await getScopeAudit(ctx, { workspaceId, filters: {}, show: "flagged" });
    const byLabel = Object.fromEntries(report.items.map((i) => [i.label, i]));
    expect(Object.keys(byLabel)).toEqual(["Acme CRM", "Acme admin", "HubSpot writer"]);
    expect(byLabel["HubSpot writer"]!.reconnectHref).toBe(`/connections/${ids.hubspotWide}?scopes=crm.objects.deals.read+oauth#reconnect`);
    expect(byLabel["Acme CRM"]!.reconnectHref).toBe(`/connections/${ids.customMissing}?scopes=acme.profile+acme.read#reconnect`);
    expect(byLabel["Acme admin"]).toMatchObject({ grantedKnown: false, assessment: { basis: "requested" } });
  });

  it("narrows by the shared filters and by finding", async () => {
    const labels = async (filters: Parameters<typeof getScopeAudit>[1]["filters"], show: "all" | "over" | "missing" = "all") => (await getScopeAudit(ctx, { workspaceId, filters, show })).items.map((i) => i.label);
    expect(await labels({ owner: bo })).toEqual(["HubSpot writer"]);
    expect(await labels({ provider: "acme-crm" })).toEqual(["Acme CRM", "Acme admin"]);
    expect(await labels({ env: "staging" })).toEqual(["Acme admin"]);
    expect(await labels({ workflow: "Lead routing" })).toEqual(["HubSpot sync"]);
    expect(await labels({}, "missing")).toEqual(["Acme CRM"]);
    const other = await getScopeAudit(ctx, { workspaceId: otherWorkspaceId, filters: {}, show: "all" });
    expect(other.items).toEqual([]);
  });

  it("exports the audit as CSV, leaving granted blank when the provider did not report it", async () => {
    const csv = scopeAuditCsv(await getScopeAudit(ctx, { workspaceId, filters: {}, show: "all" }));
    const admin = csv.rows.find((r) => r[0] === "Acme admin")!;
    expect(admin).toEqual(["Acme admin", "Acme CRM", "staging", "", "", "over-privileged", "acme.admin acme.read", "", false, "acme.read", "acme.admin", "", "acme.read"]);
  });
});

describe("scope audit at volume", () => {
  it("judges each connection as assessing it alone would, and lists the same first ones (by finding, then name) as sorting them all", async () => {
    const ws = (await db.workspace.create({ data: { name: "Volume", slug: "volume" } })).id;
    const pick = <T,>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
    const scopeSets = [["crm.objects.contacts.read", "oauth"], ["crm.objects.contacts.read", "crm.objects.contacts.write", "oauth"], ["oauth"], ["crm.objects.contacts.read"], ["crm.objects.contacts.write"], ["crm.objects.contacts.read", "crm.objects.deals.read", "oauth"], ["oauth", "crm.objects.contacts.read"]];
    const names = ["acme", "Acme", "beta", "Zeta", "zulu", "alpha 2", "Alpha 10", "mid"];
    await db.connection.createMany({
      data: Array.from({ length: 300 }, (_, i) => {
        const requested = pick(scopeSets);
        return {
          workspaceId: ws, providerKey: pick(["hubspot", "hubspot", "retired-crm"]), method: pick(["authorization_code", "authorization_code", "client_credentials"] as const),
          status: pick(["active", "active", "active", "disconnected"] as const), label: `${pick(names)} ${i % 37}`, environment: pick(["prod", "staging"]),
          requestedScopes: requested, grantedScopes: Math.random() < 0.7 ? requested : pick(scopeSets), grantedScopesKnown: Math.random() < 0.8,
        };
      }),
    });
    const all = await getScopeAudit(ctx, { workspaceId: ws, filters: {}, show: "all" });
    const rows = await db.connection.findMany({ where: { workspaceId: ws, method: "authorization_code", status: { not: "disconnected" } }, select: { id: true, label: true, providerKey: true, requestedScopes: true, grantedScopes: true, grantedScopesKnown: true } });
    const entry = findProvider("hubspot")!;
    const hubspot = { minimum: entry.minimumScopes, recommended: entry.defaultScopes };
    // Equal names keep the order of their ids (the stable sort of the rows as the database sorts ids).
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected = sortByFinding(rows.map((r) => ({ id: r.id, label: r.label, grantedKnown: r.grantedScopesKnown, assessment: assessScopes({ requested: r.requestedScopes, granted: r.grantedScopes, grantedKnown: r.grantedScopesKnown, baseline: r.providerKey === "hubspot" ? hubspot : null }) })));
    expect(all.items.map((i) => [i.connectionId, i.assessment.status])).toEqual(expected.map((e) => [e.id, e.assessment.status]));
    expect(all.summary).toEqual(summarizeScopes(expected));
    for (const show of ["all", "flagged", "missing"] as const) {
      const matching = expected.filter((e) => matchesShow(e.assessment.status, show));
      // Cut-offs inside a finding, where names differing only in case must still come in name order.
      for (const limit of [3, 12, 25]) {
        const limited = await getScopeAudit(ctx, { workspaceId: ws, filters: {}, show, limit });
        expect(limited.matching).toBe(matching.length);
        expect(limited.items.map((i) => i.connectionId)).toEqual(matching.slice(0, limit).map((e) => e.id));
      }
    }
  });
});
