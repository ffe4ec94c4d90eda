import "server-only";
import type { Db } from "../db";

/** Where an API request came from, as written to the audit log. */
export type RequestMeta = { ip: string; userAgent: string | null };

export type ApiAuditOutcome = "allowed" | "denied";

const MAX_IP = 100;
const MAX_USER_AGENT = 500;

/** The caller's address (first x-forwarded-for value, else "unknown") and user agent, bounded in length. */
export function requestMeta(request: Request): RequestMeta {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const userAgent = request.headers.get("user-agent")?.trim();
  return { ip: forwarded ? forwarded.slice(0, MAX_IP) : "unknown", userAgent: userAgent ? userAgent.slice(0, MAX_USER_AGENT) : null };
}

export type ApiAuditEntry = {
  workspaceId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  outcome: ApiAuditOutcome;
  meta: RequestMeta;
  /** Allow-listed, non-secret fields only (never the presented key). */
  details?: Record<string, string | number | boolean | null>;
};

/** Appends one API audit entry with its ip, user agent and outcome columns. */
export async function recordApiAudit(db: Pick<Db, "auditLog">, entry: ApiAuditEntry, at: Date): Promise<void> {
  await db.auditLog.create({
    data: {
      workspaceId: entry.workspaceId,
      actorId: null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      details: entry.details ?? {},
      ip: entry.meta.ip,
      userAgent: entry.meta.userAgent,
      outcome: entry.outcome,
      createdAt: at,
    },
  });
}

/**
 * The same client, but every audit row it creates carries these request columns: lets
 * services that write their own audit entry (revealSecretForUse) fill ip, user agent and outcome.
 */
export function withAuditRequestColumns(db: Db, meta: RequestMeta, outcome: ApiAuditOutcome): Db {
  return db.$extends({
    query: {
      auditLog: {
        create({ args, query }) {
          return query({ ...args, data: { ...args.data, ip: meta.ip, userAgent: meta.userAgent, outcome } as typeof args.data });
        },
      },
    },
  }) as unknown as Db;
}
