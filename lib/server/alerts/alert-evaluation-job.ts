import "server-only";
import { z } from "zod";
import { defineJob, type JobContext } from "../jobs/define-job";
import { defaultAlertPolicy } from "./alert-condition";
import { evaluateAlerts, type AlertEvaluationSummary } from "./evaluate-alerts";
import { loadAlertConditions } from "./load-conditions";

/** One tick of the alert engine as the worker runs it (every ALERT_EVAL_SECONDS, one worker per tick). */
export async function runAlertEvaluation(ctx: JobContext): Promise<AlertEvaluationSummary | { skipped: string }> {
  // A worker started without the master key cannot open channel settings; the others do the work.
  if (!ctx.keyring) return { skipped: "no keyring" };
  const conditions = await loadAlertConditions(ctx);
  return evaluateAlerts({ db: ctx.db, clock: ctx.clock, keyring: ctx.keyring, log: ctx.log, appUrl: ctx.settings.appUrl, policy: defaultAlertPolicy(ctx.settings.alertClearSeconds * 1000) }, conditions);
}

export const alertEvaluationJob = defineJob({
  name: "alerts.evaluate",
  everySeconds: (settings) => settings.alertEvalSeconds,
  retryLimit: 0,
  isQuiet: (s) => !s.opened && !s.resolved && !s.messages && !s.failedMessages,
  payload: z.object({}).passthrough(),
  handle: async (ctx) => runAlertEvaluation(ctx),
});
