import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DAY, fixedClock } from "@/lib/clock";
import { verifyCredentials } from "@/lib/server/auth/verify-credentials";
import { createDb, type Db } from "@/lib/server/db";
import { isServiceError, type ServiceError } from "@/lib/server/errors";
import { acceptInvite, inspectInvite, inviteMessages } from "@/lib/server/members/accept-invite";
import { createInvite, INVITE_TTL_DAYS, listPendingInvites, revokeInvite } from "@/lib/server/members/invites";
import { changeMemberRole, listMembers, removeMember } from "@/lib/server/members/members";
import { hashToken } from "@/lib/server/tokens";
import { createWorkspace, renameWorkspace } from "@/lib/server/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { tablesContaining } from "./support/database-text";

const CANARY_PASSWORD = "canary-invitee-pw-6a4d2b19";

let database: TestDatabase;
let db: Db;
const clock = fixedClock("2026-03-10T09:00:00.000Z");
const ctx = () => ({ db, clock });

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});
beforeEach(() => {
  clock.set("2026-03-10T09:00:00.000Z");
});

async function serviceErrorOf(promise: Promise<unknown>): Promise<ServiceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isServiceError(error)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

let counter = 0;
/** A user (no password: these tests do not log in) who is admin of a new workspace. */
async function adminWithWorkspace(name = "Acme") {
  counter += 1;
  const admin = await db.user.create({ data: { email: `admin${counter}@example.com`, name: `Admin ${counter}` } });
  const workspace = await createWorkspace(ctx(), { actorId: admin.id, name });
  return { admin, workspace };
}

async function addMember(workspaceId: string, role: "admin" | "viewer") {
  counter += 1;
  const user = await db.user.create({ data: { email: `member${counter}@example.com`, name: `Member ${counter}` } });
  const membership = await db.membership.create({ data: { workspaceId, userId: user.id, role } });
  return { user, membership };
}

const auditOf = (workspaceId: string, action: string) =>
  db.auditLog.findMany({ where: { workspaceId, action }, orderBy: { createdAt: "asc" } }).then((rows) =>
    rows.map((r) => ({ actorId: r.actorId, targetType: r.targetType, targetId: r.targetId, details: r.details, at: r.createdAt.toISOString() })),
  );

describe("workspaces", () => {
  it("makes the creator the first admin and records it", async () => {
    const { admin, workspace } = await adminWithWorkspace("Acme Ops");
    expect(workspace.slug).toMatch(/^acme-ops-[0-9a-f]{6}$/);
    expect((await listMembers(ctx(), { workspaceId: workspace.id })).map((m) => ({ userId: m.userId, role: m.role }))).toEqual([
      { userId: admin.id, role: "admin" },
    ]);
    expect(await auditOf(workspace.id, "workspace.created")).toEqual([
      { actorId: admin.id, targetType: "workspace", targetId: workspace.id, details: { name: "Acme Ops" }, at: "2026-03-10T09:00:00.000Z" },
    ]);
    await renameWorkspace(ctx(), { actorId: admin.id, workspaceId: workspace.id, name: "  Acme Revenue  " });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).name).toBe("Acme Revenue");
    expect((await auditOf(workspace.id, "workspace.renamed")).map((a) => a.details)).toEqual([{ name: "Acme Revenue" }]);
  });
});

describe("invites", () => {
  it("creates a 7-day link whose token is shown once and stored only as a hash", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const invite = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: " New.Person@Example.com ", role: "viewer" });
    expect(invite.expiresAt.toISOString()).toBe(new Date(Date.parse("2026-03-10T09:00:00.000Z") + INVITE_TTL_DAYS * DAY).toISOString());
    const row = await db.invite.findUniqueOrThrow({ where: { id: invite.inviteId } });
    expect(row).toMatchObject({ email: "new.person@example.com", role: "viewer", tokenHash: hashToken(invite.token), createdById: admin.id });
    expect(await tablesContaining(database.url, invite.token)).toEqual([]);
    expect(await auditOf(workspace.id, "member.invited")).toEqual([
      { actorId: admin.id, targetType: "invite", targetId: invite.inviteId, details: { email: "new.person@example.com", role: "viewer" }, at: "2026-03-10T09:00:00.000Z" },
    ]);
    const pending = await listPendingInvites(ctx(), { workspaceId: workspace.id });
    expect(pending).toEqual([{ id: invite.inviteId, email: "new.person@example.com", role: "viewer", expiresAt: invite.expiresAt, createdAt: row.createdAt, isExpired: false }]);
    expect(await inspectInvite(ctx(), invite.token)).toEqual({ state: "valid", email: "new.person@example.com", role: "viewer", workspaceName: "Acme", hasAccount: false });
  });

  it("refuses to invite someone who is already a member, or a malformed email or role", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const conflict = await serviceErrorOf(createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: admin.email.toUpperCase(), role: "viewer" }));
    expect({ code: conflict.code, message: conflict.message }).toEqual({ code: "CONFLICT", message: `${admin.email} is already a member of this workspace.` });
    const bad = await serviceErrorOf(createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "nope", role: "owner" }));
    expect(bad.code).toBe("BAD_REQUEST");
    expect(bad.fieldErrors).toEqual({ email: "Enter a valid email address.", role: "Choose admin or viewer." });
    expect(await db.invite.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("replaces a pending invite when the same email is invited again", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const first = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "twice@example.com", role: "viewer" });
    clock.advance(60_000);
    const second = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "twice@example.com", role: "admin" });
    expect(await inspectInvite(ctx(), first.token)).toEqual({ state: "revoked" });
    expect(await inspectInvite(ctx(), second.token)).toMatchObject({ state: "valid", role: "admin" });
    expect((await listPendingInvites(ctx(), { workspaceId: workspace.id })).map((i) => i.id)).toEqual([second.inviteId]);
  });

  it("lets a new person join with a name and password, once, without storing the password", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "newbie@example.com", role: "viewer" });

    const missing = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: null, name: " ", password: "short" }));
    expect(missing.code).toBe("BAD_REQUEST");
    expect(missing.fieldErrors).toEqual({ name: "Enter a name.", password: "Use at least 12 characters." });
    expect(await inspectInvite(ctx(), token)).toMatchObject({ state: "valid" });

    clock.advance(DAY);
    const joined = await acceptInvite(ctx(), { token, signedInUserId: null, name: "New Bie", password: CANARY_PASSWORD });
    expect(joined).toMatchObject({ workspaceId: workspace.id, email: "newbie@example.com" });
    const user = await db.user.findUniqueOrThrow({ where: { id: joined.userId } });
    expect(user).toMatchObject({ email: "newbie@example.com", name: "New Bie" });
    expect((await listMembers(ctx(), { workspaceId: workspace.id })).map((m) => [m.email, m.role])).toEqual([
      [admin.email, "admin"],
      ["newbie@example.com", "viewer"],
    ]);
    const invite = await db.invite.findFirstOrThrow({ where: { tokenHash: hashToken(token) } });
    expect({ acceptedAt: invite.acceptedAt?.toISOString(), acceptedById: invite.acceptedById }).toEqual({ acceptedAt: "2026-03-11T09:00:00.000Z", acceptedById: joined.userId });
    expect(await auditOf(workspace.id, "member.joined")).toEqual([
      { actorId: joined.userId, targetType: "user", targetId: joined.userId, details: { role: "viewer" }, at: "2026-03-11T09:00:00.000Z" },
    ]);

    expect(await verifyCredentials(ctx(), { email: "newbie@example.com", password: CANARY_PASSWORD })).toEqual({ userId: joined.userId });
    expect(await tablesContaining(database.url, CANARY_PASSWORD)).toEqual([]);
    const [row] = await db.$queryRaw<{ password_hash: string }[]>`SELECT password_hash FROM users WHERE email = 'newbie@example.com'`;
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(row!.password_hash).not.toContain(CANARY_PASSWORD);

    const again = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: null, name: "Someone Else", password: "another-password-1" }));
    expect({ code: again.code, message: again.message }).toEqual({ code: "GONE", message: inviteMessages.used });
    expect(await inspectInvite(ctx(), token)).toEqual({ state: "used" });
    expect(await db.user.count({ where: { email: "newbie@example.com" } })).toBe(1);
  });

  it("asks an existing user to sign in as the invited email before joining", async () => {
    const { admin, workspace } = await adminWithWorkspace("Beta");
    const { user: invitee } = await addMember((await adminWithWorkspace("Elsewhere")).workspace.id, "viewer");
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: invitee.email, role: "admin" });
    expect(await inspectInvite(ctx(), token)).toMatchObject({ state: "valid", hasAccount: true, workspaceName: "Beta" });

    const signedOut = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: null }));
    expect({ code: signedOut.code, status: signedOut.status, message: signedOut.message }).toEqual({
      code: "UNAUTHENTICATED",
      status: 401,
      message: `This invite is for ${invitee.email}. Log in as ${invitee.email} to accept it.`,
    });
    const wrongUser = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: admin.id }));
    expect(wrongUser.code).toBe("UNAUTHENTICATED");
    // Supplying a password does not let anyone take over the existing account.
    const takeover = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: null, name: "Mallory", password: "mallory-password-1" }));
    expect(takeover.code).toBe("UNAUTHENTICATED");
    expect(await inspectInvite(ctx(), token)).toMatchObject({ state: "valid" });

    const joined = await acceptInvite(ctx(), { token, signedInUserId: invitee.id });
    expect(joined).toEqual({ userId: invitee.id, workspaceId: workspace.id, email: invitee.email });
    const after = await db.user.findUniqueOrThrow({ where: { id: invitee.id } });
    expect({ name: after.name, passwordHash: after.passwordHash }).toEqual({ name: invitee.name, passwordHash: null });
    expect(await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: workspace.id, userId: invitee.id } } })).toMatchObject({ role: "admin" });
  });

  it("asks a signed-in user to log out before accepting an invite meant for a new account", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "fresh@example.com", role: "viewer" });
    const error = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: admin.id, name: "Fresh", password: "fresh-password-1" }));
    expect({ code: error.code, message: error.message }).toEqual({ code: "CONFLICT", message: "This invite is for fresh@example.com. Log out first, then open the link again." });
    expect(await db.user.count({ where: { email: "fresh@example.com" } })).toBe(0);
  });

  it("refuses a deactivated account", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const invitee = await db.user.create({ data: { email: `off${++counter}@example.com`, name: "Off", deactivatedAt: clock.now() } });
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: invitee.email, role: "viewer" });
    const error = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: invitee.id }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.membership.count({ where: { userId: invitee.id } })).toBe(0);
  });

  it("refuses an expired invite from the moment it expires", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { user: invitee } = await addMember((await adminWithWorkspace()).workspace.id, "viewer");
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: invitee.email, role: "viewer" });
    clock.advance(INVITE_TTL_DAYS * DAY);
    expect(await inspectInvite(ctx(), token)).toEqual({ state: "expired" });
    expect((await listPendingInvites(ctx(), { workspaceId: workspace.id })).map((i) => i.isExpired)).toEqual([true]);
    const error = await serviceErrorOf(acceptInvite(ctx(), { token, signedInUserId: invitee.id }));
    expect({ code: error.code, message: error.message }).toEqual({ code: "GONE", message: inviteMessages.expired });
    expect(await db.membership.count({ where: { workspaceId: workspace.id, userId: invitee.id } })).toBe(0);
  });

  it("refuses a revoked invite, and records who revoked it", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { user: invitee } = await addMember((await adminWithWorkspace()).workspace.id, "viewer");
    const invite = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: invitee.email, role: "viewer" });
    await revokeInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, inviteId: invite.inviteId });
    expect(await auditOf(workspace.id, "member.invite_revoked")).toEqual([
      { actorId: admin.id, targetType: "invite", targetId: invite.inviteId, details: {}, at: "2026-03-10T09:00:00.000Z" },
    ]);
    const error = await serviceErrorOf(acceptInvite(ctx(), { token: invite.token, signedInUserId: invitee.id }));
    expect({ code: error.code, message: error.message }).toEqual({ code: "GONE", message: inviteMessages.revoked });
    expect(await listPendingInvites(ctx(), { workspaceId: workspace.id })).toEqual([]);
    const twice = await serviceErrorOf(revokeInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, inviteId: invite.inviteId }));
    expect(twice.code).toBe("NOT_FOUND");
  });

  it("refuses an unknown invite link", async () => {
    expect(await inspectInvite(ctx(), "not-a-real-invite-token")).toEqual({ state: "unknown" });
    const error = await serviceErrorOf(acceptInvite(ctx(), { token: "not-a-real-invite-token", signedInUserId: null, name: "X", password: "long-enough-pass" }));
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({ code: "NOT_FOUND", status: 404, message: inviteMessages.unknown });
  });

  it("admits exactly one of several simultaneous acceptances of the same link", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { user: invitee } = await addMember((await adminWithWorkspace()).workspace.id, "viewer");
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: invitee.email, role: "viewer" });
    const attempts = await Promise.allSettled(Array.from({ length: 6 }, () => acceptInvite(ctx(), { token, signedInUserId: invitee.id })));
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const codes = attempts.flatMap((a) => (a.status === "rejected" ? [isServiceError(a.reason) ? a.reason.code : String(a.reason)] : []));
    expect(codes).toEqual(["GONE", "GONE", "GONE", "GONE", "GONE"]);
    expect(await db.membership.count({ where: { workspaceId: workspace.id, userId: invitee.id } })).toBe(1);
    expect(await auditOf(workspace.id, "member.joined")).toHaveLength(1);
  });

  it("creates one account when a new person's acceptance is submitted twice at once", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { token } = await createInvite(ctx(), { actorId: admin.id, workspaceId: workspace.id, email: "double-click@example.com", role: "viewer" });
    const attempts = await Promise.allSettled([0, 1].map(() => acceptInvite(ctx(), { token, signedInUserId: null, name: "Double", password: "double-click-pw-1" })));
    expect(attempts.map((a) => a.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect(isServiceError(rejected.reason) && rejected.reason.code).toBe("GONE");
    expect(await db.user.count({ where: { email: "double-click@example.com" } })).toBe(1);
  });
});

describe("members", () => {
  it("changes a role and records from and to", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { user, membership } = await addMember(workspace.id, "viewer");
    const updated = await changeMemberRole(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: membership.id, role: "admin" });
    expect(updated.role).toBe("admin");
    expect(await auditOf(workspace.id, "member.role_changed")).toEqual([
      { actorId: admin.id, targetType: "user", targetId: user.id, details: { from: "viewer", to: "admin" }, at: "2026-03-10T09:00:00.000Z" },
    ]);
    // Setting the role it already has changes nothing and logs nothing.
    await changeMemberRole(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: membership.id, role: "admin" });
    expect(await auditOf(workspace.id, "member.role_changed")).toHaveLength(1);
  });

  it("refuses to demote or remove the last admin", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    await addMember(workspace.id, "viewer");
    const own = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: admin.id } });
    const demote = await serviceErrorOf(changeMemberRole(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: own.id, role: "viewer" }));
    expect({ code: demote.code, status: demote.status, message: demote.message }).toEqual({
      code: "CONFLICT",
      status: 409,
      message: "A workspace needs at least one admin. Make someone else admin first.",
    });
    const remove = await serviceErrorOf(removeMember(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: own.id }));
    expect(remove.code).toBe("CONFLICT");
    expect((await db.membership.findUniqueOrThrow({ where: { id: own.id } })).role).toBe("admin");
    expect(await auditOf(workspace.id, "member.role_changed")).toEqual([]);
    expect(await auditOf(workspace.id, "member.removed")).toEqual([]);
  });

  it("lets an admin step down or leave once another admin exists", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { membership: second } = await addMember(workspace.id, "admin");
    const own = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: admin.id } });
    await changeMemberRole(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: own.id, role: "viewer" });
    const lastAdmin = await serviceErrorOf(removeMember(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: second.id }));
    expect(lastAdmin.code).toBe("CONFLICT");
    await removeMember(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: own.id });
    expect((await listMembers(ctx(), { workspaceId: workspace.id })).map((m) => m.membershipId)).toEqual([second.id]);
  });

  it("removes a member from one workspace only, keeping their account, and records it", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { user, membership } = await addMember(workspace.id, "viewer");
    const other = await adminWithWorkspace();
    await db.membership.create({ data: { workspaceId: other.workspace.id, userId: user.id, role: "viewer" } });
    await removeMember(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: membership.id });
    expect(await db.membership.findUnique({ where: { id: membership.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: user.id } })).not.toBeNull();
    expect(await db.membership.count({ where: { userId: user.id, workspaceId: other.workspace.id } })).toBe(1);
    expect(await auditOf(workspace.id, "member.removed")).toEqual([
      { actorId: admin.id, targetType: "user", targetId: user.id, details: {}, at: "2026-03-10T09:00:00.000Z" },
    ]);
  });

  it("answers 404, not 403, for another workspace's member or invite, and changes nothing there", async () => {
    const mine = await adminWithWorkspace("Mine");
    const theirs = await adminWithWorkspace("Theirs");
    const { membership: theirViewer } = await addMember(theirs.workspace.id, "viewer");
    const theirAdmin = await db.membership.findFirstOrThrow({ where: { workspaceId: theirs.workspace.id, userId: theirs.admin.id } });
    const theirInvite = await createInvite(ctx(), { actorId: theirs.admin.id, workspaceId: theirs.workspace.id, email: "pending@example.com", role: "viewer" });

    const attempts = [
      () => changeMemberRole(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, membershipId: theirViewer.id, role: "admin" }),
      () => changeMemberRole(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, membershipId: theirAdmin.id, role: "viewer" }),
      () => removeMember(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, membershipId: theirViewer.id }),
      () => removeMember(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, membershipId: theirAdmin.id }),
      () => revokeInvite(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, inviteId: theirInvite.inviteId }),
    ];
    for (const attempt of attempts) {
      const error = await serviceErrorOf(attempt());
      expect({ code: error.code, status: error.status }).toEqual({ code: "NOT_FOUND", status: 404 });
    }
    // The same answer as for an id that does not exist at all.
    const missing = await serviceErrorOf(removeMember(ctx(), { actorId: mine.admin.id, workspaceId: mine.workspace.id, membershipId: "cl-no-such-membership" }));
    expect({ code: missing.code, message: missing.message }).toEqual({ code: "NOT_FOUND", message: "Member not found." });

    expect((await db.membership.findUniqueOrThrow({ where: { id: theirViewer.id } })).role).toBe("viewer");
    expect((await db.membership.findUniqueOrThrow({ where: { id: theirAdmin.id } })).role).toBe("admin");
    expect(await inspectInvite(ctx(), theirInvite.token)).toMatchObject({ state: "valid" });
    expect(await db.auditLog.count({ where: { actorId: mine.admin.id, action: { not: "workspace.created" } } })).toBe(0);
  });

  it("keeps one admin when two admins demote each other at the same moment", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { membership: second } = await addMember(workspace.id, "admin");
    const own = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: admin.id } });
    const results = await Promise.allSettled([
      changeMemberRole(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: second.id, role: "viewer" }),
      changeMemberRole(ctx(), { actorId: second.userId, workspaceId: workspace.id, membershipId: own.id, role: "viewer" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.membership.count({ where: { workspaceId: workspace.id, role: "admin" } })).toBe(1);
  });

  it("keeps one admin when two admins are removed at the same moment", async () => {
    const { admin, workspace } = await adminWithWorkspace();
    const { membership: second } = await addMember(workspace.id, "admin");
    const own = await db.membership.findFirstOrThrow({ where: { workspaceId: workspace.id, userId: admin.id } });
    const results = await Promise.allSettled([
      removeMember(ctx(), { actorId: admin.id, workspaceId: workspace.id, membershipId: second.id }),
      removeMember(ctx(), { actorId: second.userId, workspaceId: workspace.id, membershipId: own.id }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.membership.count({ where: { workspaceId: workspace.id, role: "admin" } })).toBe(1);
  });
});
