import "server-only";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { notFound } from "../errors";
import { toCredentialDetail, versionViewSelect, type CredentialDetail } from "./credential-views";

/** Loads a live credential of the workspace with all its versions, or null (deleted or another workspace's). */
export async function findCredentialDetail(ctx: ServiceContext, input: { workspaceId: string; credentialId: string }): Promise<CredentialDetail | null> {
  const row = await ctx.db.credential.findFirst({
    where: { id: input.credentialId, workspaceId: input.workspaceId, deletedAt: null },
    include: { versions: { select: versionViewSelect, orderBy: { version: "desc" } } },
  });
  return row ? toCredentialDetail(row, ctx.clock.now()) : null;
}

/**
 * One credential's metadata and every version with its state, for the detail page. Another
 * workspace's or a deleted credential is a 404. Viewing is written to the audit log.
 */
export async function getCredential(ctx: ServiceContext, input: { actorId: string | null; workspaceId: string; credentialId: string }): Promise<CredentialDetail> {
  const detail = await findCredentialDetail(ctx, input);
  if (!detail) throw notFound("Credential not found.");
  await recordAudit(ctx.db, { workspaceId: input.workspaceId, actorId: input.actorId, action: "credential.viewed", targetType: "credential", targetId: detail.id, details: { name: detail.name, method: detail.method } }, ctx.clock.now());
  return detail;
}
