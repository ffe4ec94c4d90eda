import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";

type AuditClient = Pick<Db, "auditLog"> | Prisma.TransactionClient;

export type AuditEntry = {
  workspaceId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Allow-listed, non-secret fields only. */
  details?: Record<string, string | number | boolean | null>;
};

/** Appends one entry to the audit log (inside the caller's transaction when given one). */
export async function recordAudit(client: AuditClient, entry: AuditEntry, at: Date): Promise<void> {
  await client.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
      createdAt: at,
    },
  });
}
