import "server-only";
import { recordAudit } from "@/lib/server/audit/record-audit";
import type { ServiceContext } from "@/lib/server/context";
import { ServiceError } from "@/lib/server/errors";

function usageOf(hasOAuthApp: boolean, connections: number): string {
  const parts = [
    ...(hasOAuthApp ? ["an OAuth app is registered for it"] : []),
    ...(connections > 0 ? [`${connections} connection${connections === 1 ? "" : "s"} use${connections === 1 ? "s" : ""} it`] : []),
  ];
  return parts.join(" and ");
}

/**
 * Deletes a custom provider of this workspace. Refused (CONFLICT) while an OAuth app or any
 * connection, disconnected ones included, refers to it: their pages and history read its entry.
 * Another workspace's key answers NOT_FOUND, like an unknown one.
 */
export async function deleteCustomProvider(
  ctx: ServiceContext,
  input: { actorId: string | null; workspaceId: string; providerKey: string },
): Promise<{ providerKey: string; name: string }> {
  const now = ctx.clock.now();
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.customProvider.findFirst({ where: { workspaceId: input.workspaceId, providerKey: input.providerKey } });
    if (!row) throw new ServiceError("NOT_FOUND", "Custom provider not found.");
    const where = { workspaceId: input.workspaceId, providerKey: row.providerKey };
    const apps = await tx.oAuthApp.count({ where });
    const connections = await tx.connection.count({ where });
    if (apps > 0 || connections > 0) {
      throw new ServiceError("CONFLICT", `${row.name} cannot be deleted: ${usageOf(apps > 0, connections)}. Authpulse keeps a provider while anything refers to it.`, {
        details: { providerKey: row.providerKey, apps, connections },
      });
    }
    await tx.customProvider.delete({ where: { id: row.id } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "custom_provider.deleted", targetType: "custom_provider", targetId: row.id, details: { provider: row.providerKey, name: row.name } }, now);
    return { providerKey: row.providerKey, name: row.name };
  });
}
