import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { slugifyWorkspaceName } from "./slug";
import { workspaceNameSchema } from "./workspace-schemas";

export const createWorkspaceInput = z.object({ name: workspaceNameSchema });

/** Creates a workspace with the acting user as its first admin. */
export async function createWorkspace(ctx: ServiceContext, input: { actorId: string; name: string }) {
  const { name } = createWorkspaceInput.parse({ name: input.name });
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({ data: { name, slug: slugifyWorkspaceName(name), createdAt: now } });
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: input.actorId, role: "admin", createdAt: now } });
    await recordAudit(tx, { workspaceId: workspace.id, actorId: input.actorId, action: "workspace.created", targetType: "workspace", targetId: workspace.id, details: { name } }, now);
    return workspace;
  });
}

/** Renames a workspace (admins only; the caller checks the role). */
export async function renameWorkspace(ctx: ServiceContext, input: { actorId: string; workspaceId: string; name: string }) {
  const { name } = createWorkspaceInput.parse({ name: input.name });
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const workspace = await tx.workspace.update({ where: { id: input.workspaceId }, data: { name } });
    await recordAudit(tx, { workspaceId: workspace.id, actorId: input.actorId, action: "workspace.renamed", targetType: "workspace", targetId: workspace.id, details: { name } }, now);
    return workspace;
  });
}
