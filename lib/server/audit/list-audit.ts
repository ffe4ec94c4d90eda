import "server-only";
import type { Prisma } from "../generated/prisma/client";
import type { ServiceContext } from "../context";

export type AuditFilters = { action?: string; actorId?: string; targetType?: string; outcome?: string; from?: Date; to?: Date };

export type AuditListEntry = {
  id: string;
  createdAt: Date;
  action: string;
  actorId: string | null;
  /** Null for the system (jobs, API keys) or a deleted user. */
  actorName: string | null;
  actorEmail: string | null;
  targetType: string | null;
  targetId: string | null;
  outcome: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Allow-listed, non-secret fields written with the entry. */
  details: Record<string, string | number | boolean | null>;
};

export type AuditPage = { entries: AuditListEntry[]; nextCursor: string | null };

export const MAX_AUDIT_PAGE = 200;

/** An opaque keyset cursor: the (createdAt, id) of the last entry shown. */
export function encodeAuditCursor(entry: { createdAt: Date; id: string }): string {
  return Buffer.from(`${entry.createdAt.toISOString()}|${entry.id}`, "utf8").toString("base64url");
}

/** The cursor's position, or null for anything malformed (treated as "start from the newest"). */
export function decodeAuditCursor(cursor: string | undefined | null): { createdAt: Date; id: string } | null {
  if (!cursor || cursor.length > 200) return null;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const bar = text.indexOf("|");
  if (bar < 0) return null;
  const createdAt = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (Number.isNaN(createdAt.getTime()) || !/^[\w-]{1,64}$/.test(id)) return null;
  return { createdAt, id };
}

function plainDetails(value: unknown): AuditListEntry["details"] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const out: AuditListEntry["details"] = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[key] = v;
  }
  return out;
}

function whereFor(workspaceId: string, filters: AuditFilters, cursor: string | undefined): Prisma.AuditLogWhereInput {
  const createdAt: Prisma.DateTimeFilter<"AuditLog"> = {};
  if (filters.from) createdAt.gte = filters.from;
  if (filters.to) createdAt.lt = filters.to;
  const after = decodeAuditCursor(cursor);
  return {
    // The workspace scope is applied first and unconditionally: no filter can widen it.
    workspaceId,
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actorId ? { actorId: filters.actorId } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
    ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
  };
}

async function fetchPage(ctx: ServiceContext, input: { workspaceId: string; filters?: AuditFilters; cursor?: string }, take: number): Promise<AuditPage> {
  const rows = await ctx.db.auditLog.findMany({
    where: whereFor(input.workspaceId, input.filters ?? {}, input.cursor),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const actorIds = [...new Set(page.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const users = actorIds.length > 0 ? await ctx.db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true, email: true } }) : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const entries = page.map((r) => {
    const actor = r.actorId ? byId.get(r.actorId) : undefined;
    return {
      id: r.id,
      createdAt: r.createdAt,
      action: r.action,
      actorId: r.actorId,
      actorName: actor?.name ?? null,
      actorEmail: actor?.email ?? null,
      targetType: r.targetType,
      targetId: r.targetId,
      outcome: r.outcome,
      ip: r.ip,
      userAgent: r.userAgent,
      details: plainDetails(r.details),
    };
  });
  const last = entries.at(-1);
  return { entries, nextCursor: rows.length > take && last ? encodeAuditCursor(last) : null };
}

/** One page of a workspace's audit log, newest first, with actor names; keyset-paginated by (createdAt, id). */
export async function listAudit(ctx: ServiceContext, input: { workspaceId: string; filters?: AuditFilters; cursor?: string; limit?: number }): Promise<AuditPage> {
  return fetchPage(ctx, input, Math.min(Math.max(Math.trunc(input.limit ?? 50), 1), MAX_AUDIT_PAGE));
}

/** Every matching entry for an export, newest first, in batches; stops after `max` entries and says whether more remained. */
export async function* iterateAuditForExport(ctx: ServiceContext, input: { workspaceId: string; filters?: AuditFilters; max: number; batchSize?: number }): AsyncGenerator<AuditListEntry[], { capped: boolean }> {
  let cursor: string | undefined;
  let sent = 0;
  for (;;) {
    const take = Math.min(input.batchSize ?? 1000, input.max - sent);
    if (take <= 0) {
      const more = await fetchPage(ctx, { workspaceId: input.workspaceId, filters: input.filters, cursor }, 1);
      return { capped: more.entries.length > 0 };
    }
    const page = await fetchPage(ctx, { workspaceId: input.workspaceId, filters: input.filters, cursor }, take);
    if (page.entries.length > 0) yield page.entries;
    sent += page.entries.length;
    if (!page.nextCursor) return { capped: false };
    cursor = page.nextCursor;
  }
}

/** The values the Audit screen's filters offer: distinct actions, target types and outcomes in the workspace. */
export async function listAuditFilterOptions(ctx: ServiceContext, input: { workspaceId: string }): Promise<{ actions: string[]; targetTypes: string[]; outcomes: string[] }> {
  const where = { workspaceId: input.workspaceId };
  const [actions, targetTypes, outcomes] = await Promise.all([
    ctx.db.auditLog.findMany({ where, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
    ctx.db.auditLog.findMany({ where: { ...where, targetType: { not: null } }, distinct: ["targetType"], select: { targetType: true }, orderBy: { targetType: "asc" } }),
    ctx.db.auditLog.findMany({ where: { ...where, outcome: { not: null } }, distinct: ["outcome"], select: { outcome: true }, orderBy: { outcome: "asc" } }),
  ]);
  return {
    actions: actions.map((a) => a.action),
    targetTypes: targetTypes.map((t) => t.targetType).filter((t): t is string => t !== null),
    outcomes: outcomes.map((o) => o.outcome).filter((o): o is string => o !== null),
  };
}
