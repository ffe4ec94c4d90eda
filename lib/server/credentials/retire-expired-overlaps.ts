import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import type { ServiceContext } from "../context";
import { defineJob } from "../jobs/define-job";

const BATCH = 200;

/**
 * Retires every overlap version whose window has ended: state `retired`, retiredAt set, and
 * the sealed secret nulled, so a retired secret no longer exists anywhere in Authpulse (its
 * fingerprint, prefix and last four stay for the leak scanner and the history). Safe to run
 * from several workers at once: each version is retired, and audited, exactly once.
 */
export async function retireExpiredOverlaps(ctx: ServiceContext): Promise<{ retired: number }> {
  const now = ctx.clock.now();
  let retired = 0;
  for (;;) {
    const due = await ctx.db.credentialVersion.findMany({
      where: { state: "overlap", overlapEndsAt: { lte: now } },
      select: { id: true, credentialId: true, workspaceId: true, version: true },
      orderBy: { overlapEndsAt: "asc" },
      take: BATCH,
    });
    for (const version of due) {
      const done = await ctx.db.$transaction(async (tx) => {
        const claimed = await tx.credentialVersion.updateMany({ where: { id: version.id, state: "overlap" }, data: { state: "retired", retiredAt: now, secretSealed: null } });
        if (claimed.count !== 1) return false;
        await recordAudit(tx, { workspaceId: version.workspaceId, actorId: null, action: "credential.overlap_retired", targetType: "credential", targetId: version.credentialId, details: { version: version.version } }, now);
        return true;
      });
      if (done) retired++;
    }
    if (due.length < BATCH) return { retired };
  }
}

export const retireExpiredOverlapsJob = defineJob({
  name: "credentials.retire-expired-overlaps",
  schedule: "*/5 * * * *",
  payload: z.object({}).passthrough(),
  handle: async (ctx) => retireExpiredOverlaps(ctx),
});
