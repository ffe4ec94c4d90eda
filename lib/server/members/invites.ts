import "server-only";
import { z } from "zod";
import { DAY } from "@/lib/clock";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";
import { generateToken, hashToken } from "../tokens";
import { emailSchema, roleSchema } from "../workspaces/workspace-schemas";

export const INVITE_TTL_DAYS = 7;

export const createInviteInput = z.object({ email: emailSchema, role: roleSchema });

/** Creates an invite link for an email and role; the token is returned once and stored hashed. */
export async function createInvite(
  ctx: ServiceContext,
  input: { actorId: string; workspaceId: string; email: string; role: string },
): Promise<{ inviteId: string; token: string; expiresAt: Date }> {
  const parsed = createInviteInput.safeParse({ email: input.email, role: input.role });
  if (!parsed.success) {
    throw invalidInput(parsed.error.issues);
  }
  const { email, role } = parsed.data;
  const existing = await ctx.db.membership.findFirst({ where: { workspaceId: input.workspaceId, user: { email } } });
  if (existing) throw new ServiceError("CONFLICT", `${email} is already a member of this workspace.`, { fieldErrors: { email: "Already a member." } });
  const now = ctx.clock.now();
  const token = generateToken();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_DAYS * DAY);
  const invite = await ctx.db.$transaction(async (tx) => {
    // A new invite for the same email replaces any pending one.
    await tx.invite.updateMany({ where: { workspaceId: input.workspaceId, email, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    const created = await tx.invite.create({
      data: { workspaceId: input.workspaceId, email, role, tokenHash: hashToken(token), expiresAt, createdById: input.actorId, createdAt: now },
    });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "member.invited", targetType: "invite", targetId: created.id, details: { email, role } }, now);
    return created;
  });
  return { inviteId: invite.id, token, expiresAt };
}

/** Revokes a pending invite of the workspace (404 for another workspace's invite). */
export async function revokeInvite(ctx: ServiceContext, input: { actorId: string; workspaceId: string; inviteId: string }): Promise<void> {
  const now = ctx.clock.now();
  const result = await ctx.db.invite.updateMany({
    where: { id: input.inviteId, workspaceId: input.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: now },
  });
  if (result.count === 0) throw new ServiceError("NOT_FOUND", "Invite not found.");
  await recordAudit(ctx.db, { workspaceId: input.workspaceId, actorId: input.actorId, action: "member.invite_revoked", targetType: "invite", targetId: input.inviteId }, now);
}

export type InviteView = { id: string; email: string; role: "admin" | "viewer"; expiresAt: Date; createdAt: Date; isExpired: boolean };

/** Pending invites of a workspace (no tokens: they were shown once). */
export async function listPendingInvites(ctx: ServiceContext, input: { workspaceId: string }): Promise<InviteView[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db.invite.findMany({
    where: { workspaceId: input.workspaceId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, isExpired: row.expiresAt <= now }));
}
