import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";

/**
 * Deletes a credential: the row stays (soft delete, for history and the leak scanner's
 * fingerprints), every version is retired and every sealed secret nulled, so nothing can be
 * revealed again. Written to the audit log.
 */
export async function deleteCredential(ctx: ServiceContext, input: { actorId: string | null; workspaceId: string; credentialId: string }): Promise<{ id: string; deletedAt: Date }> {
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM credentials WHERE id = ${input.credentialId} AND workspace_id = ${input.workspaceId} AND deleted_at IS NULL FOR UPDATE`;
    if (rows.length !== 1) throw notFound("Credential not found.");
    const retired = await tx.credentialVersion.updateMany({ where: { credentialId: input.credentialId, state: { in: ["active", "overlap"] } }, data: { state: "retired", retiredAt: now } });
    await tx.credentialVersion.updateMany({ where: { credentialId: input.credentialId, secretSealed: { not: null } }, data: { secretSealed: null } });
    const credential = await tx.credential.update({ where: { id: input.credentialId }, data: { deletedAt: now } });
    await recordAudit(
      tx,
      {
        workspaceId: input.workspaceId,
        actorId: input.actorId,
        action: "credential.deleted",
        targetType: "credential",
        targetId: credential.id,
        details: { name: credential.name, method: credential.method, provider: credential.provider, environment: credential.environment, versionsRetired: retired.count },
      },
      now,
    );
    return { id: credential.id, deletedAt: now };
  });
}
