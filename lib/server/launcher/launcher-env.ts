import "server-only";
import { z } from "zod";
import { databaseUrlSchema, describeEnvIssues, EnvError } from "../env";

const port = (name: string, fallback: number) =>
  z.coerce.number({ error: `${name} must be a port number` }).int(`${name} must be a whole number`).min(1, `${name} must be 1-65535`).max(65535, `${name} must be 1-65535`).default(fallback);

const launcherEnvSchema = z.object({
  PORT: port("PORT", 3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: databaseUrlSchema.optional(),
  AUTHPULSE_DATA_DIR: z.string().min(1).default(".authpulse"),
  AUTHPULSE_PG_PORT: port("AUTHPULSE_PG_PORT", 54329),
  DEMO_PROVIDER_PORT: port("DEMO_PROVIDER_PORT", 4010),
  AUTHPULSE_DEMO_PROVIDER: z.enum(["on", "off"]).default("on"),
  AUTHPULSE_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  NEXTAUTH_URL: z.url().optional(),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
});

export type LauncherEnv = z.infer<typeof launcherEnvSchema>;

/** The launcher's settings; a malformed value is reported by name, never by value. */
export function parseLauncherEnv(source: Record<string, string | undefined>): LauncherEnv {
  const cleaned = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = launcherEnvSchema.safeParse(cleaned);
  if (!result.success) throw new EnvError(`Invalid configuration:\n${describeEnvIssues(result.error)}`);
  return result.data;
}
