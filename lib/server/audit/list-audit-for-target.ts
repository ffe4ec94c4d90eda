import "server-only";
import type { ServiceContext } from "../context";

export type AuditHistoryEntry = {
  id: string;
  action: string;
  actorId: string | null;
  /** The actor's name, or null for the system (jobs) or a deleted user. */
  actorName: string | null;
  createdAt: Date;
  /** Allow-listed, non-secret fields written with the entry. */
  details: Record<string, string | number | boolean | null>;
};

function plainDetails(value: unknown): AuditHistoryEntry["details"] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: AuditHistoryEntry["details"] = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[key] = v;
  }
  return out;
}

/** A workspace's audit entries about one target (e.g. a credential), newest first, with actor names. */
export async function listAuditForTarget(ctx: ServiceContext, input: { workspaceId: string; targetType: string; targetId: string; limit?: number }): Promise<AuditHistoryEntry[]> {
  const rows = await ctx.db.auditLog.findMany({
    where: { workspaceId: input.workspaceId, targetType: input.targetType, targetId: input.targetId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(input.limit ?? 100, 1), 500),
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const users = actorIds.length > 0 ? await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((r) => ({ id: r.id, action: r.action, actorId: r.actorId, actorName: r.actorId ? (names.get(r.actorId) ?? null) : null, createdAt: r.createdAt, details: plainDetails(r.details) }));
}
