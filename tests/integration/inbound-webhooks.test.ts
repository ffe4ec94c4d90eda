import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY, fixedClock, HOUR } from "@/lib/clock";
import { createCredential } from "@/lib/server/credentials/create-credential";
import { rotateCredential } from "@/lib/server/credentials/rotate-credential";
import { createDb, type Db } from "@/lib/server/db";
import { ServiceError } from "@/lib/server/errors";
import { purgeExpired } from "@/lib/server/jobs/purge-expired";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { createWebhookSource, deleteWebhookSource, setWebhookSourceEnabled } from "@/lib/server/webhooks/manage-webhook-sources";
import { listWebhookDeliveries, listWebhookSources } from "@/lib/server/webhooks/list-webhook-sources";
import { receiveWebhook } from "@/lib/server/webhooks/receive-webhook";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

const SECRET = "whsec_canaryWebhookSecret4d2e9a71c0";
const ROTATED = "whsec_canaryRotatedWebhook8b3f1e55aa";

let database: TestDatabase;
let db: Db;
const keyring: Keyring = parseKeyring(JSON.stringify(generateKeyringFile()), "test");
const clock = fixedClock("2026-12-01T10:00:00Z");
let ctx: { db: Db; clock: typeof clock; keyring: Keyring };
let workspaceId: string;
let adminId: string;
let credentialId: string;
let sourceId: string;

const unix = () => Math.floor(clock.now().getTime() / 1000);
/** A delivery exactly as Stripe would send it, signed with `secret` at `t`. */
function stripeDelivery(body: string, secret = SECRET, t = unix()) {
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return { method: "POST", url: "https://authpulse.example/api/webhooks/x", headers: new Headers({ "stripe-signature": `t=${t},v1=${v1}`, "content-type": "application/json" }), body: new TextEncoder().encode(body) };
}
const receive = (request: ReturnType<typeof stripeDelivery>, id = sourceId) => receiveWebhook(ctx, { sourceId: id, request, search: "" });

async function failure(fn: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a ServiceError");
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ctx = { db, clock, keyring };
  const ws = await db.workspace.create({ data: { name: "Acme", slug: "acme" } });
  const admin = await db.user.create({ data: { email: "admin@acme.example", name: "Admin" } });
  await db.membership.create({ data: { workspaceId: ws.id, userId: admin.id, role: "admin" } });
  workspaceId = ws.id;
  adminId = admin.id;
  const created = await createCredential(ctx, { actorId: adminId, workspaceId, input: { name: "Stripe webhook secret", provider: "Stripe", method: "hmac", secret: SECRET, headerScheme: "stripe" } as never });
  credentialId = created.credential.id;
  sourceId = (await createWebhookSource(ctx, { actorId: adminId, workspaceId, input: { name: "Stripe billing", credentialId, scheme: "stripe", toleranceSeconds: 300 } })).id;
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

describe("configuring a source", () => {
  it("refuses a credential that is not an HMAC secret of the workspace, and a tolerance out of range", async () => {
    const apiKey = await createCredential(ctx, { actorId: adminId, workspaceId, input: { name: "Some key", provider: "Clay", method: "api_key", secret: "clay_0123456789abcdef", placement: "header", headerName: "Authorization", headerScheme: "Bearer" } as never });
    expect((await failure(() => createWebhookSource(ctx, { actorId: adminId, workspaceId, input: { name: "x", credentialId: apiKey.credential.id, scheme: "stripe", toleranceSeconds: 300 } }))).fieldErrors).toMatchObject({ credentialId: expect.stringContaining("HMAC") });
    expect((await failure(() => createWebhookSource(ctx, { actorId: adminId, workspaceId, input: { name: "x", credentialId, scheme: "stripe", toleranceSeconds: 5 } }))).fieldErrors).toMatchObject({ toleranceSeconds: expect.any(String) });
    expect(await db.webhookSource.count()).toBe(1);
  });
});

describe("receiving deliveries", () => {
  it("accepts a signed delivery once, keeps it for inspection, and refuses its replay", async () => {
    const delivery = stripeDelivery('{"id":"evt_1","type":"invoice.paid"}');
    expect(await receive(delivery)).toMatchObject({ status: 200, outcome: "verified" });
    expect(await receive(delivery)).toMatchObject({ status: 409, outcome: "replayed" });
    const kept = await listWebhookDeliveries(ctx, { workspaceId, sourceId, withBodies: true });
    expect(kept.map((d) => [d.outcome, d.eventId, d.secretVersion])).toEqual([["replayed", "evt_1", 1], ["verified", "evt_1", 1]]);
    expect(kept[1]!.body).toBe('{"id":"evt_1","type":"invoice.paid"}');
    expect(kept[0]!.body).toBeNull();
  });

  it("lets exactly one of five simultaneous copies of a delivery through", async () => {
    const delivery = stripeDelivery('{"id":"evt_race"}');
    const results = await Promise.all(Array.from({ length: 5 }, () => receive(delivery)));
    expect(results.map((r) => r!.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });

  it("answers 400 for missing or malformed headers and 401 for tampered, stale or future deliveries, each an auth event", async () => {
    const before = await db.authEvent.count();
    const good = stripeDelivery('{"id":"evt_2"}');
    const results = [
      await receive({ ...good, headers: new Headers() }),
      await receive({ ...good, headers: new Headers({ "stripe-signature": "nonsense" }) }),
      await receive({ ...good, body: new TextEncoder().encode('{"id":"evt_3"}') }),
      await receive(stripeDelivery('{"id":"evt_4"}', SECRET, unix() - 301)),
      await receive(stripeDelivery('{"id":"evt_5"}', SECRET, unix() + 301)),
      await receive(stripeDelivery('{"id":"evt_6"}', "whsec_someone_else_entirely")),
    ];
    expect(results.map((r) => [r!.status, r!.outcome])).toEqual([[400, "missing_header"], [400, "malformed"], [401, "bad_signature"], [401, "stale"], [401, "future"], [401, "bad_signature"]]);
    const events = await db.authEvent.findMany({ where: { id: { gt: BigInt(0) } }, orderBy: { id: "asc" }, skip: before });
    expect(events.map((e) => [e.source, e.class, e.httpStatus, e.oauthError])).toEqual([
      ["webhook", "invalid_signature", 400, "missing_header"],
      ["webhook", "invalid_signature", 400, "malformed"],
      ["webhook", "invalid_signature", 401, "bad_signature"],
      ["webhook", "invalid_signature", 401, "stale"],
      ["webhook", "invalid_signature", 401, "future"],
      ["webhook", "invalid_signature", 401, "bad_signature"],
    ]);
    expect(events.every((e) => e.workspaceId === workspaceId && e.providerKey === "webhook:stripe" && e.reason?.includes("Stripe billing"))).toBe(true);
  });

  it("verifies with both the old and the new secret during a rotation overlap, then only the new one", async () => {
    await rotateCredential(ctx, { actorId: adminId, workspaceId, credentialId, newSecret: ROTATED, overlapHours: 24 });
    expect(await receive(stripeDelivery('{"id":"evt_old"}', SECRET))).toMatchObject({ status: 200 });
    expect(await receive(stripeDelivery('{"id":"evt_new"}', ROTATED))).toMatchObject({ status: 200 });
    const versions = (await listWebhookDeliveries(ctx, { workspaceId, sourceId, withBodies: false })).slice(0, 2).map((d) => [d.eventId, d.secretVersion]);
    expect(versions).toEqual([["evt_new", 2], ["evt_old", 1]]);
    clock.advance(25 * HOUR);
    expect(await receive(stripeDelivery('{"id":"evt_old_late"}', SECRET))).toMatchObject({ status: 401, outcome: "bad_signature" });
    expect(await receive(stripeDelivery('{"id":"evt_new_late"}', ROTATED))).toMatchObject({ status: 200 });
  });

  it("summarises each source for the screen", async () => {
    const [view] = await listWebhookSources(ctx, { workspaceId });
    expect(view).toMatchObject({ id: sourceId, scheme: "stripe", schemeLabel: "Stripe", enabled: true, credential: { id: credentialId, deleted: false } });
    expect(view!.lastVerifiedAt).toEqual(clock.now());
    expect(view!.verified24h).toBe(1);
  });

  it("keeps the newest 50 deliveries of a source", async () => {
    for (let i = 0; i < 55; i++) await receive(stripeDelivery(`{"id":"evt_bulk_${i}"}`, ROTATED));
    const kept = await listWebhookDeliveries(ctx, { workspaceId, sourceId, withBodies: false });
    expect(kept).toHaveLength(50);
    expect(kept[0]!.eventId).toBe("evt_bulk_54");
    expect(await db.webhookDelivery.count({ where: { sourceId } })).toBe(50);
  });

  it("answers nothing for a disabled or deleted source", async () => {
    await setWebhookSourceEnabled(ctx, { actorId: adminId, workspaceId, sourceId, enabled: false });
    expect(await receive(stripeDelivery('{"id":"evt_off"}', ROTATED))).toBeNull();
    await setWebhookSourceEnabled(ctx, { actorId: adminId, workspaceId, sourceId, enabled: true });
    expect(await receive(stripeDelivery('{"id":"evt_on"}', ROTATED))).toMatchObject({ status: 200 });
    expect(await receive(stripeDelivery('{"id":"evt_x"}', ROTATED), "cjld2cjxh0000qzrmn831i7rn")).toBeNull();
  });

  it("forgets replay keys after their window and kept deliveries after 7 days", async () => {
    const delivery = stripeDelivery('{"id":"evt_window"}', ROTATED);
    expect(await receive(delivery)).toMatchObject({ status: 200 });
    clock.advance(8 * DAY);
    const summary = await purgeExpired(ctx);
    expect(summary.webhookReplayKeys).toBeGreaterThan(0);
    expect(summary.webhookDeliveries).toBe(50);
    // Long after its tolerance the same delivery is stale, so forgetting the key reopens nothing.
    expect(await receive(delivery)).toMatchObject({ status: 401, outcome: "stale" });
  });

  it("never stores a signing secret in clear", async () => {
    for (const secret of [SECRET, ROTATED]) expect(await tablesContaining(database.url, secret.slice(6, -4))).toEqual([]);
  });

  it("deletes a source with its deliveries and replay keys, keeping the credential", async () => {
    await deleteWebhookSource(ctx, { actorId: adminId, workspaceId, sourceId });
    expect(await db.webhookDelivery.count({ where: { sourceId } })).toBe(0);
    expect(await db.webhookReplayKey.count({ where: { sourceId } })).toBe(0);
    expect(await db.credential.count({ where: { id: credentialId, deletedAt: null } })).toBe(1);
  });
});
