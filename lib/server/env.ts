import "server-only";
import { z } from "zod";

/** A postgres:// URL, checked early so a typo gets a clear message instead of a driver stack. */
export const databaseUrlSchema = z
  .string({ error: "DATABASE_URL is not set" })
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "DATABASE_URL must look like postgresql://user:password@host:5432/database");

const booleanFlag = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((value) => value === "1" || value === "true" || value === "yes");

const baseShape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrlSchema,
  AUTHPULSE_DATA_DIR: z.string().default(".authpulse"),
  AUTHPULSE_MASTER_KEY_FILE: z.string().optional(),
  AUTHPULSE_MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

const workerEnvSchema = z.object({
  ...baseShape,
  WORKER_HEARTBEAT_SECONDS: z.coerce.number().min(0.5).max(300).default(5),
  DEMO_PROVIDER_URL: z.url().optional(),
  /** Refreshes one worker runs at once. */
  REFRESH_CONCURRENCY: z.coerce.number().int().min(1).max(512).default(16),
  /** How long a claimed refresh is exclusive; a crashed worker's claims come back after this. */
  REFRESH_LEASE_SECONDS: z.coerce.number().min(2).max(600).default(60),
  /** Outbound timeout of one provider call; must stay well below the lease. */
  REFRESH_TIMEOUT_SECONDS: z.coerce.number().min(1).max(120).default(15),
  REFRESH_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  AUTH_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** The web app's public URL, for links in alert messages (the launcher passes it). */
  NEXTAUTH_URL: z.url().default("http://localhost:3000"),
  /** How often the alert rules are evaluated (delivery latency is at most this plus a few seconds). */
  ALERT_EVAL_SECONDS: z.coerce.number().int().min(5, "ALERT_EVAL_SECONDS must be at least 5").max(3600).default(30),
  /** Hysteresis: an alert resolves (and "recovered" is sent) after its condition stays clear this long. */
  ALERT_CLEAR_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
}).refine((e) => e.REFRESH_TIMEOUT_SECONDS * 1.5 < e.REFRESH_LEASE_SECONDS, {
  message: "REFRESH_LEASE_SECONDS must exceed REFRESH_TIMEOUT_SECONDS by half again (a lease must outlast one provider call and its commit)",
  path: ["REFRESH_LEASE_SECONDS"],
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

const envSchema = z
  .object({
    ...baseShape,
    NEXTAUTH_URL: z.url({ error: "NEXTAUTH_URL must be the public URL of the app, e.g. http://localhost:3000" }),
    NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters"),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(7 * 24 * 60).default(12 * 60),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
    AUTH_OIDC_ISSUER: z.url().optional(),
    AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
    AUTH_DISABLE_PASSWORD_LOGIN: booleanFlag,
    DEMO_PROVIDER_URL: z.url().optional(),
    DEMO_PROVIDER_CLIENT_SECRET: z.string().min(32).optional(),
    WORKER_STALE_SECONDS: z.coerce.number().min(5).max(3600).default(30),
  })
  .refine(
    (env) => !env.AUTH_OIDC_ISSUER || (env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET),
    { message: "AUTH_OIDC_ISSUER needs AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET", path: ["AUTH_OIDC_ISSUER"] },
  );

export type Env = z.infer<typeof envSchema>;

/** Formats zod issues as one line per variable, never echoing the values (they may be secrets). */
export function describeEnvIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `  - ${issue.path.join(".") || "env"}: ${issue.message}`).join("\n");
}

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

/** Parses an env record; throws EnvError with a readable list of problems. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(`Invalid configuration:\n${describeEnvIssues(result.error)}`);
  }
  return result.data;
}

/** Parses the worker's environment (no web settings needed). */
export function parseWorkerEnv(source: Record<string, string | undefined>): WorkerEnv {
  const result = workerEnvSchema.safeParse(source);
  if (!result.success) throw new EnvError(`Invalid configuration:\n${describeEnvIssues(result.error)}`);
  return result.data;
}

let cached: Env | undefined;

/** The process environment, validated once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function isOidcConfigured(e: Env = env()): boolean {
  return Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_CLIENT_ID && e.AUTH_OIDC_CLIENT_SECRET);
}
