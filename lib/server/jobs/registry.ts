import "server-only";
import type { JobDefinition } from "./define-job";
import { retireExpiredOverlapsJob } from "../credentials/retire-expired-overlaps";
import { purgeExpiredJob } from "./purge-expired";

/** Every job the worker runs. Later issues add refresh, alerts and checklist jobs here. */
export const jobs: JobDefinition[] = [purgeExpiredJob, retireExpiredOverlapsJob];
