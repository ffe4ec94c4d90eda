import "server-only";
import { randomUUID } from "node:crypto";
import { recordAudit } from "../audit/record-audit";
import { ServiceError } from "../errors";
import { claimConnection } from "./claim";
import { runClaimedRefresh, type AttemptOutcome, type RefreshEngineContext } from "./refresh-connection";

/** Lease of an inline refresh started from the UI: one provider call (15 s timeout) and a commit. */
const INLINE_LEASE_MS = 60_000;

export type RefreshNowResult = { outcome: AttemptOutcome["result"] | "busy"; health: string | null; reason: string | null };

/**
 * "Refresh now": an admin asks for a refresh at once, e.g. after fixing the OAuth app's secret.
 * Clears a terminal state (config error, exhausted, needs re-auth) so the engine may try again,
 * then runs one attempt inline under the same lease and fencing rules as the workers.
 */
export async function refreshNow(ctx: RefreshEngineContext, input: { workspaceId: string; connectionId: string; actorId: string }): Promise<RefreshNowResult> {
  const now = ctx.clock.now();
  const row = await ctx.db.connection.findFirst({ where: { id: input.connectionId, workspaceId: input.workspaceId }, select: { id: true, status: true, health: true, providerKey: true } });
  if (!row) throw new ServiceError("NOT_FOUND", "Connection not found.");
  if (row.status === "disconnected") throw new ServiceError("CONFLICT", "This connection is disconnected. Reconnect it to get tokens again.");
  await ctx.db.$transaction(async (tx) => {
    await tx.connection.updateMany({
      where: { id: row.id, health: { in: ["needs_reauth", "config_error", "exhausted"] } },
      data: { health: "degraded", refreshAttempt: 0, nextRefreshAt: now },
    });
    await tx.connection.updateMany({ where: { id: row.id, refreshAttempt: { gt: 0 } }, data: { refreshAttempt: 0, nextRefreshAt: now } });
    await recordAudit(tx, { workspaceId: input.workspaceId, actorId: input.actorId, action: "connection.refresh_requested", targetType: "connection", targetId: row.id, details: { provider: row.providerKey, previousHealth: row.health } }, now);
  });
  const claim = await claimConnection(ctx.db, { connectionId: row.id, owner: `inline-${randomUUID()}`, now, leaseMs: INLINE_LEASE_MS, respectBackoff: false });
  if (!claim) return { outcome: "busy", health: null, reason: null };
  const outcome = await runClaimedRefresh(ctx, claim, "refresh");
  const after = await ctx.db.connection.findUnique({ where: { id: row.id }, select: { health: true, healthReason: true } });
  return { outcome: outcome.result, health: after?.health ?? null, reason: after?.healthReason ?? null };
}
