import "server-only";
import type { Prisma } from "../generated/prisma/client";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";
import { roleSchema } from "../workspaces/workspace-schemas";

export type MemberView = { membershipId: string; userId: string; name: string; email: string; role: "admin" | "viewer"; joinedAt: Date; lastLoginAt: Date | null };

/** Members of a workspace, admins first. */
export async function listMembers(ctx: ServiceContext, input: { workspaceId: string }): Promise<MemberView[]> {
  const rows = await ctx.db.membership.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true, lastLoginAt: true } } },
  });
  return rows.map((r) => ({ membershipId: r.id, userId: r.user.id, name: r.user.name, email: r.user.email, role: r.role, joinedAt: r.createdAt, lastLoginAt: r.user.lastLoginAt }));
}

async function assertAnotherAdminRemains(tx: Prisma.TransactionClient, workspaceId: string, membershipId: string) {
  // Lock the workspace's admin rows so two concurrent demotions cannot both pass.
  const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM memberships WHERE workspace_id = ${workspaceId} AND role = 'admin' FOR UPDATE`;
  if (!admins.some((a) => a.id !== membershipId)) {
    throw new ServiceError("CONFLICT", "A workspace needs at least one admin. Make someone else admin first.");
  }
}

/** Changes a member's role; refuses to leave the workspace without an admin. */
export async function changeMemberRole(ctx: ServiceContext, input: { actorId: string; workspaceId: string; membershipId: string; role: string }) {
  const role = roleSchema.parse(input.role);
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: input.membershipId, workspaceId: input.workspaceId } });
    if (!membership) throw new ServiceError("NOT_FOUND", "Member not found.");
    if (membership.role === role) return membership;
    if (membership.role === "admin") await assertAnotherAdminRemains(tx, input.workspaceId, membership.id);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "member.role_changed", targetType: "user", targetId: membership.userId, details: { from: membership.role, to: role } }, now);
    return updated;
  });
}

/**
 * Removes a member from the workspace (their account and other workspaces stay) and records the
 * departure, so the offboarding screen lists what they owned, could read or authorized.
 * `via: "marked"` is the admin's "mark as departed"; plain removal is recorded as "removed".
 */
export async function removeMember(ctx: ServiceContext, input: { actorId: string; workspaceId: string; membershipId: string; via?: "marked" | "removed" }) {
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: input.membershipId, workspaceId: input.workspaceId }, include: { user: { select: { name: true, email: true } } } });
    if (!membership) throw new ServiceError("NOT_FOUND", "Member not found.");
    if (membership.userId === input.actorId && input.via === "marked") throw new ServiceError("CONFLICT", "You cannot mark yourself as departed. Ask another admin.");
    if (membership.role === "admin") await assertAnotherAdminRemains(tx, input.workspaceId, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
    const departure = { name: membership.user.name, email: membership.user.email, departedAt: now, markedById: input.actorId, via: input.via ?? "removed" };
    await tx.departure.upsert({ where: { workspaceId_userId: { workspaceId: input.workspaceId, userId: membership.userId } }, create: { workspaceId: input.workspaceId, userId: membership.userId, ...departure }, update: departure });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: input.via === "marked" ? "member.departed" : "member.removed", targetType: "user", targetId: membership.userId }, now);
  });
}
