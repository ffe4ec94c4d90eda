import "server-only";
import type { JobDefinition } from "./define-job";
import { retireExpiredOverlapsJob } from "../credentials/retire-expired-overlaps";
import { pruneAuthEventsJob } from "../auth-events/prune-auth-events";
import { purgeExpiredJob } from "./purge-expired";
import { alertEvaluationJob } from "../alerts/alert-evaluation-job";
import { monthlyChecklistJob } from "../checklist/monthly-checklist-job";

/** Every scheduled job the worker runs. Token refresh is not a job: it is the worker's refresh loop (lib/server/refresh). */
export const jobs: JobDefinition[] = [purgeExpiredJob, retireExpiredOverlapsJob, pruneAuthEventsJob, alertEvaluationJob, monthlyChecklistJob];
