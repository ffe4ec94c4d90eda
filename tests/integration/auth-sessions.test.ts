import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, HOUR, MINUTE } from "@/lib/clock";
import { hashPassword } from "@/lib/server/auth/password";
import { createSession, revokeSession, revokeUserSessions, validateSession, type SessionPolicy } from "@/lib/server/auth/sessions";
import { resolveSsoUser, SSO_PROVIDER_ID } from "@/lib/server/auth/sso";
import { verifyCredentials } from "@/lib/server/auth/verify-credentials";
import { createDb, type Db } from "@/lib/server/db";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

const CANARY_PASSWORD = "canary-login-pw-91d0c3aa";
const policy: SessionPolicy = { idleMinutes: 30, absoluteHours: 8 };

let database: TestDatabase;
let db: Db;
let passwordHash: string;
const clock = fixedClock("2026-03-10T09:00:00.000Z");
const ctx = () => ({ db, clock });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  passwordHash = await hashPassword(CANARY_PASSWORD);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

let userCounter = 0;
async function createUser(overrides: { email?: string; passwordHash?: string | null; deactivatedAt?: Date } = {}) {
  userCounter += 1;
  return db.user.create({
    data: {
      email: overrides.email ?? `user${userCounter}@example.com`,
      name: `User ${userCounter}`,
      passwordHash: overrides.passwordHash === undefined ? passwordHash : overrides.passwordHash,
      deactivatedAt: overrides.deactivatedAt ?? null,
    },
  });
}

describe("password login (verifyCredentials)", () => {
  it("signs in with the right password, whatever the email's case and spacing", async () => {
    const user = await createUser({ email: "ada@example.com" });
    expect(await verifyCredentials(ctx(), { email: "ada@example.com", password: CANARY_PASSWORD })).toEqual({ userId: user.id });
    expect(await verifyCredentials(ctx(), { email: "  ADA@Example.com ", password: CANARY_PASSWORD })).toEqual({ userId: user.id });
  });

  it("answers a wrong password, an unknown email and a deactivated account the same way", async () => {
    await createUser({ email: "grace@example.com" });
    await createUser({ email: "gone@example.com", deactivatedAt: new Date("2026-01-01T00:00:00Z") });
    await createUser({ email: "sso-only@example.com", passwordHash: null });
    expect(await verifyCredentials(ctx(), { email: "grace@example.com", password: `${CANARY_PASSWORD}!` })).toBeNull();
    expect(await verifyCredentials(ctx(), { email: "nobody@example.com", password: CANARY_PASSWORD })).toBeNull();
    expect(await verifyCredentials(ctx(), { email: "gone@example.com", password: CANARY_PASSWORD })).toBeNull();
    expect(await verifyCredentials(ctx(), { email: "sso-only@example.com", password: CANARY_PASSWORD })).toBeNull();
  });

  it("refuses malformed input without touching the database", async () => {
    expect(await verifyCredentials(ctx(), { email: "not-an-email", password: CANARY_PASSWORD })).toBeNull();
    expect(await verifyCredentials(ctx(), { email: "ada@example.com", password: "" })).toBeNull();
    expect(await verifyCredentials(ctx(), { email: "ada@example.com", password: "x".repeat(257) })).toBeNull();
    expect(await verifyCredentials(ctx(), null)).toBeNull();
  });

  it("keeps the password out of every table", async () => {
    // The scan itself must see what is there: the hash is in users.
    expect(await tablesContaining(database.url, passwordHash)).toEqual(["users"]);
    expect(await tablesContaining(database.url, CANARY_PASSWORD)).toEqual([]);
    const [row] = await db.$queryRaw<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE email = 'ada@example.com'`;
    expect(row?.password_hash).toMatch(/^scrypt\$131072\$8\$1\$/);
  });
});

describe("sessions", () => {
  it("creates a live session and records the login time", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const sessionId = await createSession(ctx(), { userId: user.id, policy });
    expect(await validateSession(ctx(), { sessionId, policy })).toEqual({ sessionId, userId: user.id });
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } });
    expect(row.expiresAt.toISOString()).toBe("2026-03-10T17:00:00.000Z");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt?.toISOString()).toBe("2026-03-10T09:00:00.000Z");
  });

  it("signs out a session left idle longer than the idle limit", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const sessionId = await createSession(ctx(), { userId: user.id, policy });
    clock.advance(30 * MINUTE);
    expect(await validateSession(ctx(), { sessionId, policy })).not.toBeNull();
    clock.advance(30 * MINUTE + 1);
    expect(await validateSession(ctx(), { sessionId, policy })).toBeNull();
  });

  it("keeps an active session alive past the idle limit, touching last-seen at most once a minute", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const sessionId = await createSession(ctx(), { userId: user.id, policy });
    clock.advance(30_000);
    await validateSession(ctx(), { sessionId, policy });
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.toISOString()).toBe("2026-03-10T09:00:00.000Z");
    clock.set("2026-03-10T09:20:00.000Z");
    await validateSession(ctx(), { sessionId, policy });
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.toISOString()).toBe("2026-03-10T09:20:00.000Z");
    clock.set("2026-03-10T09:45:00.000Z");
    expect(await validateSession(ctx(), { sessionId, policy })).toEqual({ sessionId, userId: user.id });
  });

  it("ends a session at its absolute lifetime even while it is in use", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const sessionId = await createSession(ctx(), { userId: user.id, policy });
    for (let step = 1; step < 8 * 3; step++) {
      clock.advance(20 * MINUTE);
      expect(await validateSession(ctx(), { sessionId, policy }), `at ${clock.now().toISOString()}`).not.toBeNull();
    }
    clock.set(new Date(Date.parse("2026-03-10T09:00:00.000Z") + 8 * HOUR));
    expect(await validateSession(ctx(), { sessionId, policy })).toBeNull();
  });

  it("signs out one session on logout and leaves the user's other devices signed in", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const laptop = await createSession(ctx(), { userId: user.id, policy });
    const phone = await createSession(ctx(), { userId: user.id, policy });
    await revokeSession(ctx(), { sessionId: laptop });
    expect(await validateSession(ctx(), { sessionId: laptop, policy })).toBeNull();
    expect(await validateSession(ctx(), { sessionId: phone, policy })).toEqual({ sessionId: phone, userId: user.id });
    const revokedAt = (await db.session.findUniqueOrThrow({ where: { id: laptop } })).revokedAt;
    expect(revokedAt?.toISOString()).toBe("2026-03-10T09:00:00.000Z");
    // A second logout does not move the revocation time.
    clock.advance(HOUR);
    await revokeSession(ctx(), { sessionId: laptop });
    expect((await db.session.findUniqueOrThrow({ where: { id: laptop } })).revokedAt).toEqual(revokedAt);
  });

  it("signs a user out everywhere and counts only the sessions that were still live", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const other = await createUser();
    const sessions = [
      await createSession(ctx(), { userId: user.id, policy }),
      await createSession(ctx(), { userId: user.id, policy }),
      await createSession(ctx(), { userId: user.id, policy }),
    ];
    const othersSession = await createSession(ctx(), { userId: other.id, policy });
    await revokeSession(ctx(), { sessionId: sessions[0]! });
    expect(await revokeUserSessions(ctx(), { userId: user.id })).toBe(2);
    for (const sessionId of sessions) expect(await validateSession(ctx(), { sessionId, policy })).toBeNull();
    expect(await validateSession(ctx(), { sessionId: othersSession, policy })).not.toBeNull();
    expect(await revokeUserSessions(ctx(), { userId: user.id })).toBe(0);
  });

  it("refuses the session of a deactivated user and an unknown session id", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser();
    const sessionId = await createSession(ctx(), { userId: user.id, policy });
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: clock.now() } });
    expect(await validateSession(ctx(), { sessionId, policy })).toBeNull();
    expect(await validateSession(ctx(), { sessionId: "c-not-a-session", policy })).toBeNull();
  });
});

describe("single sign-on (resolveSsoUser)", () => {
  it("never creates an account for an unknown person, even with a verified email", async () => {
    const usersBefore = await db.user.count();
    const result = await resolveSsoUser(ctx(), { profile: { sub: "idp|stranger", email: "stranger@example.com", email_verified: true } });
    expect(result).toBeNull();
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.account.count({ where: { providerAccountId: "idp|stranger" } })).toBe(0);
  });

  it("links a verified email to the existing user, then recognises the identity by its subject", async () => {
    clock.set("2026-03-10T09:00:00.000Z");
    const user = await createUser({ email: "linus@example.com" });
    const first = await resolveSsoUser(ctx(), { profile: { sub: "idp|linus", email: "Linus@Example.com", email_verified: true, name: "Linus" } });
    expect(first).toEqual({ userId: user.id });
    const accounts = await db.account.findMany({ where: { userId: user.id } });
    expect(accounts.map((a) => ({ provider: a.provider, sub: a.providerAccountId, at: a.createdAt.toISOString() }))).toEqual([
      { provider: SSO_PROVIDER_ID, sub: "idp|linus", at: "2026-03-10T09:00:00.000Z" },
    ]);
    // Later the IdP reports another email (renamed mailbox): the link still decides.
    const again = await resolveSsoUser(ctx(), { profile: { sub: "idp|linus", email: "linus.t@example.com", email_verified: false } });
    expect(again).toEqual({ userId: user.id });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(1);
  });

  it("refuses to link by an email the identity provider has not verified", async () => {
    const user = await createUser({ email: "margaret@example.com" });
    expect(await resolveSsoUser(ctx(), { profile: { sub: "idp|m1", email: "margaret@example.com", email_verified: false } })).toBeNull();
    expect(await resolveSsoUser(ctx(), { profile: { sub: "idp|m2", email: "margaret@example.com" } })).toBeNull();
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a deactivated user whether linked or matched by email", async () => {
    const linkedUser = await createUser({ email: "barbara@example.com" });
    await resolveSsoUser(ctx(), { profile: { sub: "idp|barbara", email: "barbara@example.com", email_verified: true } });
    await db.user.update({ where: { id: linkedUser.id }, data: { deactivatedAt: clock.now() } });
    expect(await resolveSsoUser(ctx(), { profile: { sub: "idp|barbara" } })).toBeNull();

    const unlinked = await createUser({ email: "ken@example.com", deactivatedAt: clock.now() });
    expect(await resolveSsoUser(ctx(), { profile: { sub: "idp|ken", email: "ken@example.com", email_verified: true } })).toBeNull();
    expect(await db.account.count({ where: { userId: unlinked.id } })).toBe(0);
  });

  it("refuses a profile without a subject or with a malformed email", async () => {
    await createUser({ email: "dennis@example.com" });
    expect(await resolveSsoUser(ctx(), { profile: { email: "dennis@example.com", email_verified: true } })).toBeNull();
    expect(await resolveSsoUser(ctx(), { profile: { sub: "", email: "dennis@example.com", email_verified: true } })).toBeNull();
    expect(await resolveSsoUser(ctx(), { profile: { sub: "idp|d", email: "dennis", email_verified: true } })).toBeNull();
    expect(await resolveSsoUser(ctx(), { profile: null })).toBeNull();
    expect(await db.account.count({ where: { providerAccountId: "idp|d" } })).toBe(0);
  });
});
