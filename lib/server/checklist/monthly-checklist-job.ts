import "server-only";
import { z } from "zod";
import { defineJob } from "../jobs/define-job";
import { runChecklist } from "./checklist-runs";

/**
 * On the 1st of each month, evaluates every workspace's checklist on live data so the month's
 * run is waiting with its failures when the team sits down to review (the reminder alert points
 * to it). Sign-off stays with people. A workspace whose evaluation fails is counted, not retried.
 */
export const monthlyChecklistJob = defineJob({
  name: "checklist.monthly",
  schedule: "0 6 1 * *",
  payload: z.object({}).passthrough(),
  handle: async (ctx) => {
    const workspaces = await ctx.db.workspace.findMany({ select: { id: true } });
    let evaluated = 0;
    let failed = 0;
    for (const { id } of workspaces) {
      try {
        await runChecklist(ctx, { actorId: null, workspaceId: id });
        evaluated += 1;
      } catch (error) {
        failed += 1;
        ctx.log.error({ workspaceId: id, err: error instanceof Error ? { name: error.name, message: error.message } : String(error) }, "monthly checklist evaluation failed");
      }
    }
    return { workspaces: workspaces.length, evaluated, failed };
  },
});
