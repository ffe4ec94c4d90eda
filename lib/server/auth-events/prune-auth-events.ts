import "server-only";
import { z } from "zod";
import { DAY, HOUR } from "@/lib/clock";
import type { ServiceContext } from "../context";
import { defineJob } from "../jobs/define-job";

export const DEFAULT_RETENTION_DAYS = 90;
const BATCH = 10_000;

const retentionSchema = z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS);

/** AUTH_EVENT_RETENTION_DAYS (default 90); a bad value falls back to the default rather than deleting more. */
export function retentionDays(source: Record<string, string | undefined> = process.env): number {
  const parsed = retentionSchema.safeParse(source.AUTH_EVENT_RETENTION_DAYS || undefined);
  return parsed.success ? parsed.data : DEFAULT_RETENTION_DAYS;
}

/** The retention cutoff rounded down to a whole UTC hour, so pruning never leaves half an hour in the rollup. */
export function pruneCutoff(now: Date, days: number): Date {
  const raw = now.getTime() - days * DAY;
  return new Date(raw - (((raw % HOUR) + HOUR) % HOUR));
}

/**
 * Deletes auth events of whole hours older than the retention, in batches so a backlog never
 * holds a long lock. The rollup follows through the delete trigger; the final sweep drops any
 * rollup rows of pruned hours left behind (e.g. written before the trigger existed).
 */
export async function pruneAuthEvents(
  ctx: ServiceContext,
  input: { retentionDays: number },
): Promise<{ deleted: number; cutoff: string; rollupRowsSwept: number }> {
  const cutoff = pruneCutoff(ctx.clock.now(), input.retentionDays);
  let deleted = 0;
  for (;;) {
    const count = await ctx.db.$executeRaw`
      DELETE FROM auth_events WHERE id IN (
        SELECT id FROM auth_events WHERE occurred_at < ${cutoff} ORDER BY occurred_at LIMIT ${BATCH}
      )`;
    deleted += count;
    if (count < BATCH) break;
  }
  const rollupRowsSwept = await ctx.db.$executeRaw`DELETE FROM auth_event_hourly WHERE hour < ${cutoff}`;
  return { deleted, cutoff: cutoff.toISOString(), rollupRowsSwept };
}

export const pruneAuthEventsJob = defineJob({
  name: "maintenance.prune-auth-events",
  schedule: "17 * * * *",
  payload: z.object({}).passthrough(),
  handle: async (ctx) => pruneAuthEvents(ctx, { retentionDays: retentionDays() }),
});
