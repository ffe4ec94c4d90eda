import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { ServiceError } from "../errors";

// Who is accountable for a connection and which workflows use it (dashboard filters, alerts,
// offboarding). Labels are trimmed, de-duplicated and short; the owner must be a member.

export const ownershipInputSchema = z.object({
  ownerId: z.preprocess((v) => (v === "" || v === null ? null : v), z.string().trim().min(1).max(64).nullable()),
  workflows: z
    .string()
    .max(2000, { error: "Too long: at most 20 labels." })
    .transform((text) => [...new Set(text.split(/[,\n]/).map((s) => s.trim()).filter(Boolean))])
    .pipe(z.array(z.string().max(120, { error: "A workflow label is at most 120 characters." }).regex(/^[^\u0000-\u001f]+$/, { error: "Labels cannot contain control characters." })).max(20, { error: "At most 20 workflow labels." })),
});

export type OwnershipInput = z.input<typeof ownershipInputSchema>;

/** Sets a connection's owner (a workspace member, or nobody) and workflow labels, with an audit entry. */
export async function updateConnectionOwnership(ctx: ServiceContext, input: { actorId: string; workspaceId: string; connectionId: string; values: OwnershipInput }) {
  const parsed = ownershipInputSchema.safeParse(input.values);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    throw new ServiceError("BAD_REQUEST", "Check the highlighted fields.", { fieldErrors });
  }
  const { ownerId, workflows } = parsed.data;
  const connection = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId }, select: { id: true, ownerId: true, workflows: true } });
  if (!connection) throw new ServiceError("NOT_FOUND", "This connection does not exist.");
  if (ownerId) {
    const member = await ctx.db.membership.findFirst({ where: { workspaceId: input.workspaceId, userId: ownerId }, select: { id: true } });
    if (!member) throw new ServiceError("BAD_REQUEST", "The owner must be a member of this workspace.", { fieldErrors: { ownerId: "Choose a member of this workspace." } });
  }
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: connection.id }, data: { ownerId, workflows } });
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: "connection.ownership_changed",
      targetType: "connection",
      targetId: connection.id,
      details: { ownerBefore: connection.ownerId, ownerAfter: ownerId, workflowsBefore: connection.workflows.join(", "), workflowsAfter: workflows.join(", ") },
    }, now);
  });
  return { ownerId, workflows };
}
