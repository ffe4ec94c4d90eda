import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db";
import { currentRequestMeta } from "./request-meta";

type AuditClient = Pick<Db, "auditLog"> | Prisma.TransactionClient;

export type AuditEntry = {
  workspaceId: string | null;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  /** Allow-listed, non-secret fields only. */
  details?: Record<string, string | number | boolean | null>;
  /** "success" unless said otherwise (e.g. "denied"). */
  outcome?: string;
};

/**
 * Appends one entry to the audit log (inside the caller's transaction when given one), with the
 * client's IP and user agent when it runs while serving a request.
 */
export async function recordAudit(client: AuditClient, entry: AuditEntry, at: Date): Promise<void> {
  const meta = await currentRequestMeta();
  await client.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
      ip: meta.ip,
      userAgent: meta.userAgent,
      outcome: entry.outcome ?? "success",
      createdAt: at,
    },
  });
}
