import "server-only";
import { z } from "zod";
import { DAY } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { defineJob } from "./define-job";

/** Deletes sessions, set-up tokens, worker heartbeats, webhook replay keys and kept deliveries that can no longer matter. */
export async function purgeExpired(ctx: ServiceContext): Promise<{ sessions: number; setupTokens: number; heartbeats: number; webhookReplayKeys: number; webhookDeliveries: number }> {
  const now = ctx.clock.now().getTime();
  const dayAgo = new Date(now - DAY);
  const weekAgo = new Date(now - 7 * DAY);
  const sessions = await ctx.db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }] } });
  const setupTokens = await ctx.db.setupToken.deleteMany({ where: { OR: [{ expiresAt: { lt: weekAgo } }, { usedAt: { lt: weekAgo } }] } });
  const heartbeats = await ctx.db.workerHeartbeat.deleteMany({ where: { lastSeenAt: { lt: weekAgo } } });
  // A replay key matters only while a replay could still verify; kept deliveries are for 7 days of inspection.
  const replayKeys = await ctx.db.webhookReplayKey.deleteMany({ where: { expiresAt: { lt: new Date(now) } } });
  const deliveries = await ctx.db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: weekAgo } } });
  return { sessions: sessions.count, setupTokens: setupTokens.count, heartbeats: heartbeats.count, webhookReplayKeys: replayKeys.count, webhookDeliveries: deliveries.count };
}

export const purgeExpiredJob = defineJob({
  name: "maintenance.purge-expired",
  schedule: "*/15 * * * *",
  payload: z.object({}).passthrough(),
  handle: async (ctx) => purgeExpired(ctx),
});
