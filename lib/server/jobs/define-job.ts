import "server-only";
import type { Logger } from "pino";
import type { z } from "zod";
import type { ServiceContext } from "../context";

export type JobContext = ServiceContext & { log: Logger };

/** A background job: its queue name, optional cron schedule, payload schema and handler. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  /** Cron expression (UTC) when the job runs on a schedule. */
  schedule?: string;
  payload: S;
  retryLimit?: number;
  /** Returns a summary object that is logged and stored as the job's output. */
  handle: (ctx: JobContext, payload: z.infer<S>) => Promise<Record<string, number | string | boolean>>;
};

/** Declares a job; a typed identity helper so the registry stays a plain list. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
