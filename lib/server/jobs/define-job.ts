import "server-only";
import type { Logger } from "pino";
import type { z } from "zod";
import type { ServiceContext } from "../context";
import type { Keyring } from "../vault/keyring";

/** Worker settings some jobs need (from the worker's env). */
export type JobSettings = {
  /** The public URL of the web app (links in alert messages). */
  appUrl: string;
  /** How often the alert evaluation runs. */
  alertEvalSeconds: number;
  /** Hysteresis: how long an alert's condition must stay clear before it resolves. */
  alertClearSeconds: number;
};

export const DEFAULT_JOB_SETTINGS: JobSettings = { appUrl: "http://localhost:3000", alertEvalSeconds: 30, alertClearSeconds: 300 };

/** What a job handler receives: services, the logger, the keyring (null in a worker started without one) and settings. */
export type JobContext = ServiceContext & { log: Logger; keyring: Keyring | null; settings: JobSettings };

/** A background job: its queue name, optional cron schedule, payload schema and handler. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  /** Cron expression (UTC) when the job runs on a schedule. */
  schedule?: string;
  /** Runs every N seconds (below cron's one-minute grain): the worker enqueues it as a singleton per interval, so one worker runs each tick. */
  everySeconds?: (settings: JobSettings) => number;
  payload: S;
  retryLimit?: number;
  /** True when a run's summary says nothing happened (logged at debug instead of info). */
  isQuiet?: (summary: Record<string, number | string | boolean>) => boolean;
  /** Returns a summary object that is logged and stored as the job's output. */
  handle: (ctx: JobContext, payload: z.infer<S>) => Promise<Record<string, number | string | boolean>>;
};

/** Declares a job; a typed identity helper so the registry stays a plain list. */
export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
