import "server-only";
import { z } from "zod";
import { hashPassword, passwordSchema } from "../auth/password";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, ServiceError } from "../errors";
import { hashToken } from "../tokens";
import { personNameSchema } from "../workspaces/workspace-schemas";

export type InviteState =
  | { state: "valid"; email: string; role: "admin" | "viewer"; workspaceName: string; hasAccount: boolean }
  | { state: "unknown" | "used" | "expired" | "revoked" };

export const inviteMessages = {
  unknown: "This invite link is not valid. Ask an admin of the workspace for a new one.",
  used: "This invite was already accepted. Log in to continue.",
  expired: "This invite has expired. Ask an admin of the workspace to invite you again.",
  revoked: "This invite was withdrawn. Ask an admin of the workspace for a new one.",
} as const;

/** Describes an invite for its landing page without consuming it. */
export async function inspectInvite(ctx: ServiceContext, token: string): Promise<InviteState> {
  const invite = await ctx.db.invite.findUnique({ where: { tokenHash: hashToken(token) }, include: { workspace: { select: { name: true } } } });
  if (!invite) return { state: "unknown" };
  if (invite.acceptedAt) return { state: "used" };
  if (invite.revokedAt) return { state: "revoked" };
  if (invite.expiresAt <= ctx.clock.now()) return { state: "expired" };
  const hasAccount = (await ctx.db.user.count({ where: { email: invite.email } })) > 0;
  return { state: "valid", email: invite.email, role: invite.role, workspaceName: invite.workspace.name, hasAccount };
}

export const newAccountInput = z.object({ name: personNameSchema, password: passwordSchema });

/**
 * Accepts an invite exactly once. A new person sets a name and password; an existing user
 * must be signed in as the invited email. Returns the workspace joined.
 */
export async function acceptInvite(
  ctx: ServiceContext,
  input: { token: string; signedInUserId: string | null; name?: string; password?: string },
): Promise<{ userId: string; workspaceId: string; email: string }> {
  const now = ctx.clock.now();
  const invite = await ctx.db.invite.findUnique({ where: { tokenHash: hashToken(input.token) } });
  if (!invite) throw new ServiceError("NOT_FOUND", inviteMessages.unknown);
  if (invite.acceptedAt) throw new ServiceError("GONE", inviteMessages.used);
  if (invite.revokedAt) throw new ServiceError("GONE", inviteMessages.revoked);
  if (invite.expiresAt <= now) throw new ServiceError("GONE", inviteMessages.expired);

  const existing = await ctx.db.user.findUnique({ where: { email: invite.email }, select: { id: true, deactivatedAt: true } });
  let passwordHash: string | null = null;
  let name = "";
  if (existing) {
    if (existing.deactivatedAt) throw new ServiceError("FORBIDDEN", "This account is deactivated. Ask an admin to reactivate it.");
    if (input.signedInUserId !== existing.id) {
      throw new ServiceError("UNAUTHENTICATED", `This invite is for ${invite.email}. Log in as ${invite.email} to accept it.`);
    }
  } else {
    if (input.signedInUserId) throw new ServiceError("CONFLICT", `This invite is for ${invite.email}. Log out first, then open the link again.`);
    const parsed = newAccountInput.safeParse({ name: input.name, password: input.password });
    if (!parsed.success) throw invalidInput(parsed.error.issues);
    name = parsed.data.name;
    passwordHash = await hashPassword(parsed.data.password);
  }

  return ctx.db.$transaction(async (tx) => {
    // The conditional update makes acceptance single-use even when two requests race.
    const claimed = await tx.invite.updateMany({
      where: { id: invite.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    if (claimed.count !== 1) throw new ServiceError("GONE", inviteMessages.used);
    const userId = existing ? existing.id : (await tx.user.create({ data: { email: invite.email, name, passwordHash, createdAt: now } })).id;
    await tx.invite.update({ where: { id: invite.id }, data: { acceptedById: userId } });
    await tx.membership.upsert({
      where: { workspaceId_userId: { workspaceId: invite.workspaceId, userId } },
      create: { workspaceId: invite.workspaceId, userId, role: invite.role, createdAt: now },
      update: {},
    });
    // Someone who comes back is no longer departed (what they still own is theirs again).
    await tx.departure.deleteMany({ where: { workspaceId: invite.workspaceId, userId } });
    await recordAudit(tx, { workspaceId: invite.workspaceId, actorId: userId, action: "member.joined", targetType: "user", targetId: userId, details: { role: invite.role } }, now);
    return { userId, workspaceId: invite.workspaceId, email: invite.email };
  });
}
