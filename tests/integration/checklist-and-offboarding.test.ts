import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock } from "@/lib/clock";
import { runChecklist, signOffChecklistItem, getChecklistRun, listChecklistHistory } from "@/lib/server/checklist/checklist-runs";
import { createCredential, type CreateCredentialInput } from "@/lib/server/credentials/create-credential";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { scanUpload } from "@/lib/server/leak-scan/scan-upload";
import { removeMember } from "@/lib/server/members/members";
import { getBlastRadius } from "@/lib/server/offboarding/blast-radius";
import { transferOwnership } from "@/lib/server/offboarding/transfer-ownership";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { monthlyChecklistJob } from "@/lib/server/checklist/monthly-checklist-job";
import { DEFAULT_JOB_SETTINGS } from "@/lib/server/jobs/define-job";
import pino from "pino";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

// A constructed workspace where each checklist item has known failures, evaluated on live rows.

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-11-20T09:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
let workspaceId: string;
let ana: string;
let bo: string;
let cy: string;
let boMembership: string;
const ids: Record<string, string> = {};
const ago = (days: number) => new Date(clock.now().getTime() - days * DAY);
const secret = (name: string) => `key_${name.replace(/\W/g, "")}_${"0123456789abcdef".repeat(2)}`;

async function credential(name: string, input: Partial<CreateCredentialInput> & { rotatedDaysAgo?: number } = {}) {
  const { rotatedDaysAgo = 10, ...rest } = input;
  const base = { name, provider: "HubSpot", method: "api_key", secret: secret(name), headerName: "X-API-Key", ownerId: ana, lastRotatedAt: ago(rotatedDaysAgo) };
  return (await createCredential(ctx, { actorId: ana, workspaceId, input: { ...base, ...rest } as CreateCredentialInput })).credential.id;
}

const failing = async () => {
  const run = (await getChecklistRun(ctx, { workspaceId }))!;
  return Object.fromEntries(run.items.map((i) => [i.key, i.failures.map((f) => f.name).sort()]));
};

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  workspaceId = ws.id;
  [ana, bo, cy] = await Promise.all(["ana", "bo", "cy"].map(async (n) => (await db.user.create({ data: { email: `${n}@acme.example`, name: n[0]!.toUpperCase() + n.slice(1) } })).id)) as [string, string, string];
  await db.membership.create({ data: { workspaceId, userId: ana, role: "admin" } });
  boMembership = (await db.membership.create({ data: { workspaceId, userId: bo, role: "viewer" } })).id;
  await db.membership.create({ data: { workspaceId, userId: cy, role: "viewer" } });

  ids.fresh = await credential("Fresh key", { workflows: ["Lead routing"] });
  ids.overdue = await credential("Overdue key", { rotatedDaysAgo: 120, workflows: ["Billing"] });
  ids.shared = await credential("Shared key", { workflows: ["Lead routing", "Enrichment"] });
  ids.hardcoded = await credential("Hard-coded token", { method: "track_only", location: "hard_coded", workflows: ["Legacy"] } as Partial<CreateCredentialInput>);
  ids.ownerless = await credential("Ownerless key", { ownerId: null, workflows: ["Reports"] } as Partial<CreateCredentialInput>);
  ids.bosKey = await credential("Bo's key", { ownerId: bo, workflows: ["Bo's sync"] } as Partial<CreateCredentialInput>);
  ids.boCanRead = await credential("Key Bo could read", { peopleWithAccess: ["bo@acme.example"], workflows: ["Ops"] } as Partial<CreateCredentialInput>);
  const conn = (label: string, data: Partial<Parameters<Db["connection"]["create"]>[0]["data"]>) =>
    db.connection.create({ data: { workspaceId, providerKey: "hubspot", method: "authorization_code", label, requestedScopes: ["oauth", "crm.objects.contacts.read"], grantedScopes: ["oauth", "crm.objects.contacts.read"], grantedScopesKnown: true, ownerId: ana, authorizedById: ana, authorizedAt: ago(40), createdAt: ago(40), lastUsedAt: ago(1), ...data } as never });
  ids.wide = (await conn("HubSpot writer", { grantedScopes: ["oauth", "crm.objects.contacts.write", "crm.objects.deals.read"], requestedScopes: ["oauth", "crm.objects.contacts.write"] })).id;
  ids.dormant = (await conn("Old HubSpot", { lastUsedAt: ago(45) })).id;
  ids.byBo = (await conn("HubSpot by Bo", { authorizedById: bo, ownerId: null })).id;
  // Every credential was used recently except the dormant ones below.
  await db.credential.updateMany({ where: { workspaceId }, data: { lastUsedAt: ago(2), createdAt: ago(60) } });
  await db.credential.update({ where: { id: ids.shared }, data: { lastUsedAt: ago(40) } });
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("offboarding", () => {
  it("lists nothing while nobody has left", async () => {
    expect(await getBlastRadius(ctx, { workspaceId })).toEqual([]);
  });

  it("shows a departed member's blast radius with one task each, and refuses to let an admin mark themselves", async () => {
    const anaMembership = (await db.membership.findFirst({ where: { userId: ana } }))!.id;
    await expect(removeMember(ctx, { actorId: ana, workspaceId, membershipId: anaMembership, via: "marked" })).rejects.toThrow(ServiceError);
    clock.advance(DAY);
    await removeMember(ctx, { actorId: ana, workspaceId, membershipId: boMembership, via: "marked" });
    const [bo_] = await getBlastRadius(ctx, { workspaceId });
    expect(bo_).toMatchObject({ name: "Bo", email: "bo@acme.example", via: "marked" });
    expect(bo_!.tasks.map((t) => [t.name, t.relation, t.action])).toEqual([
      ["Bo's key", "owned", "transfer"],
      ["Bo's key", "owned", "rotate"],
      ["Key Bo could read", "had access", "rotate"],
      ["HubSpot by Bo", "authorized", "reconnect"],
    ]);
    expect(await db.membership.count({ where: { userId: bo } })).toBe(0);
  });

  it("drops each task when it is done, until the list is empty", async () => {
    const refused = await transferOwnership(ctx, { actorId: ana, workspaceId, subjectType: "credential", subjectId: ids.bosKey!, newOwnerId: bo }).catch((e: unknown) => e);
    expect(refused instanceof ServiceError && refused.fieldErrors).toEqual({ newOwnerId: "Choose a current member of this workspace." });
    await transferOwnership(ctx, { actorId: ana, workspaceId, subjectType: "credential", subjectId: ids.bosKey!, newOwnerId: cy });
    clock.advance(60_000);
    await rotateCredential(ctx, { actorId: ana, workspaceId, credentialId: ids.bosKey!, newSecret: secret("bos rotated") });
    const [after] = await getBlastRadius(ctx, { workspaceId });
    expect(after!.tasks.map((t) => [t.name, t.action])).toEqual([["Key Bo could read", "rotate"], ["HubSpot by Bo", "reconnect"]]);
  });
});

describe("the monthly checklist", () => {
  it("fails each item with exactly the credentials and connections that break it", async () => {
    await scanUpload(ctx, { workspaceId, actorId: ana, fileName: "lead-routing.json", bytes: new TextEncoder().encode(JSON.stringify({ nodes: [{ parameters: { headerParameters: { parameters: [{ name: "X-API-Key", value: secret("Fresh key") }] } } }] })) });
    const run = await runChecklist(ctx, { actorId: ana, workspaceId });
    expect(run.month).toBe("2026-11");
    expect(await failing()).toEqual({
      keys_in_store: ["Hard-coded token", "lead-routing.json"],
      least_privilege: ["HubSpot writer"],
      departed_members: ["HubSpot by Bo", "Key Bo could read"],
      dormant: ["Old HubSpot", "Shared key"],
      rotation_overdue: ["Overdue key"],
      shared_keys: ["Shared key"],
      certificates_expiring: [],
      no_owner: ["HubSpot by Bo", "Ownerless key"],
    });
    const item = run.items.find((i) => i.key === "rotation_overdue")!;
    expect(item.failures[0]).toMatchObject({ subjectType: "credential", subjectId: ids.overdue, fixPath: `/credentials/${ids.overdue}/rotate`, reason: expect.stringContaining("policy is 90") });
  });

  it("takes a pass only where nothing fails, and an accepted risk only with a reason and a date within a year", async () => {
    const run = (await getChecklistRun(ctx, { workspaceId }))!;
    const sign = (key: string, decision: Record<string, unknown>) => signOffChecklistItem(ctx, { actorId: ana, workspaceId, runId: run.id, key, ...decision } as never);
    await expect(sign("rotation_overdue", { decision: "pass" })).rejects.toThrow(/still fails/);
    await expect(sign("rotation_overdue", { decision: "accept_risk", reason: "short", riskExpiresAt: "2026-12-20" })).rejects.toThrow(ServiceError);
    await expect(sign("rotation_overdue", { decision: "accept_risk", reason: "Vendor rotates it for us on the 1st", riskExpiresAt: "2028-01-01" })).rejects.toThrow(ServiceError);
    await sign("certificates_expiring", { decision: "pass" });
    for (const key of ["keys_in_store", "least_privilege", "departed_members", "dormant", "rotation_overdue", "shared_keys", "no_owner"]) await sign(key, { decision: "accept_risk", reason: "Tracked in ticket SEC-42 with an owner", riskExpiresAt: "2026-12-31" });
    const signed = (await getChecklistRun(ctx, { workspaceId }))!;
    expect(signed.completedAt).toEqual(clock.now());
    expect(signed.completedBy).toBe("Ana");
    expect(signed.items.every((i) => i.reviewedBy === "Ana" && i.decision !== null)).toBe(true);
  });

  it("withdraws a pass when its item fails again on a re-run, and keeps unexpired accepted risks", async () => {
    const certificate = await db.credential.create({ data: { workspaceId, name: "Partner mTLS", method: "mtls", provider: "Bank", ownerId: ana, expiresAt: new Date(clock.now().getTime() + 10 * DAY), lastUsedAt: clock.now() } });
    const rerun = await runChecklist(ctx, { actorId: ana, workspaceId });
    const cert = rerun.items.find((i) => i.key === "certificates_expiring")!;
    expect([cert.failureCount, cert.decision]).toEqual([1, null]);
    expect(rerun.items.find((i) => i.key === "rotation_overdue")!.decision).toBe("accept_risk");
    expect(rerun.completedAt).toBeNull();
    await db.credential.delete({ where: { id: certificate.id } });
  });

  it("keeps one run per month and shows month-over-month progress", async () => {
    clock.set("2026-12-02T09:00:00Z");
    await rotateCredential(ctx, { actorId: ana, workspaceId, credentialId: ids.overdue!, newSecret: secret("overdue rotated") });
    const december = await runChecklist(ctx, { actorId: ana, workspaceId });
    expect(december.month).toBe("2026-12");
    // Last month's leak scan does not count against this month.
    expect(december.items.find((i) => i.key === "keys_in_store")!.failures.map((f) => f.name)).toEqual(["Hard-coded token"]);
    const history = await listChecklistHistory(ctx, { workspaceId });
    expect(history.map((h) => [h.month, h.failing])).toEqual([["2026-12", 6], ["2026-11", 8]]);
    expect(history[1]!.items.find((i) => i.key === "rotation_overdue")).toMatchObject({ failureCount: 1, decision: "accept_risk" });
  });
});

describe("the monthly job", () => {
  it("evaluates every workspace's checklist on the 1st, leaving sign-off to people", async () => {
    clock.set("2027-01-01T06:00:00Z");
    const summary = await monthlyChecklistJob.handle({ db, clock, keyring, log: pino({ level: "silent" }), settings: DEFAULT_JOB_SETTINGS }, {});
    expect(summary).toEqual({ workspaces: 1, evaluated: 1, failed: 0 });
    const january = (await getChecklistRun(ctx, { workspaceId, month: "2027-01" }))!;
    expect(january.items).toHaveLength(8);
    expect(january.items.every((i) => i.decision === null || i.decision === "accept_risk")).toBe(true);
    expect(january.completedAt).toBeNull();
    expect(monthlyChecklistJob.schedule).toBe("0 6 1 * *");
  });
});
