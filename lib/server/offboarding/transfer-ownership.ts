import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { invalidInput, notFound } from "../errors";

const input = z.object({ subjectType: z.enum(["credential", "connection"]), subjectId: z.string().min(1), newOwnerId: z.string().min(1, "Choose the new owner.") });

/** Moves a credential or connection to another member of the workspace (offboarding's "transfer" task). */
export async function transferOwnership(ctx: ServiceContext, args: { actorId: string; workspaceId: string; subjectType: string; subjectId: string; newOwnerId: string }): Promise<void> {
  const parsed = input.safeParse(args);
  if (!parsed.success) throw invalidInput(parsed.error.issues);
  const { subjectType, subjectId, newOwnerId } = parsed.data;
  const member = await ctx.db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: args.workspaceId, userId: newOwnerId } } });
  if (!member) throw invalidInput([{ path: ["newOwnerId"], message: "Choose a current member of this workspace." }]);
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const updated =
      subjectType === "credential"
        ? await tx.credential.updateMany({ where: { id: subjectId, workspaceId: args.workspaceId, deletedAt: null }, data: { ownerId: newOwnerId } })
        : await tx.connection.updateMany({ where: { id: subjectId, workspaceId: args.workspaceId }, data: { ownerId: newOwnerId } });
    if (updated.count === 0) throw notFound(subjectType === "credential" ? "Credential not found." : "Connection not found.");
    await recordAudit(tx, { workspaceId: args.workspaceId, actorId: args.actorId, action: `${subjectType}.owner_transferred`, targetType: subjectType, targetId: subjectId, details: { to: newOwnerId } }, now);
  });
}
