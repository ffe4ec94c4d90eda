import "server-only";
import { z } from "zod";
import { DAY } from "@/lib/clock";
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

/** Deletes auth events older than the retention, in batches so a backlog never holds a long lock. */
export async function pruneAuthEvents(ctx: ServiceContext, input: { retentionDays: number }): Promise<{ deleted: number; cutoff: string }> {
  const cutoff = new Date(ctx.clock.now().getTime() - input.retentionDays * DAY);
  let deleted = 0;
  for (;;) {
    const count = await ctx.db.$executeRaw`
      DELETE FROM auth_events WHERE id IN (
        SELECT id FROM auth_events WHERE occurred_at < ${cutoff} ORDER BY occurred_at LIMIT ${BATCH}
      )`;
    deleted += count;
    if (count < BATCH) break;
  }
  return { deleted, cutoff: cutoff.toISOString() };
}

export const pruneAuthEventsJob = defineJob({
  name: "maintenance.prune-auth-events",
  schedule: "17 * * * *",
  payload: z.object({}).passthrough(),
  handle: async (ctx) => pruneAuthEvents(ctx, { retentionDays: retentionDays() }),
});
