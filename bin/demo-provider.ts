// Standalone demo OAuth/OIDC provider: `npm run demo-provider`.
// Env: DEMO_PROVIDER_PORT (4010), DEMO_PROVIDER_ISSUER (http://127.0.0.1:<port>),
// DEMO_PROVIDER_CLIENT_SECRET (required, >= 32 chars), DEMO_PROVIDER_REDIRECT_URIS (comma-separated).
import { z } from "zod";
import { describeEnvIssues } from "@/lib/server/env";
import { createLogger } from "@/lib/server/logger";
import { demoClients } from "@/lib/server/demo-provider/demo-clients";
import { DemoProviderPortInUseError, startDemoProvider } from "@/lib/server/demo-provider/start-demo-provider";

const envSchema = z.object({
  DEMO_PROVIDER_PORT: z.coerce
    .number({ error: "DEMO_PROVIDER_PORT must be a number" })
    .int()
    .min(1, "DEMO_PROVIDER_PORT must be between 1 and 65535")
    .max(65535, "DEMO_PROVIDER_PORT must be between 1 and 65535")
    .default(4010),
  DEMO_PROVIDER_ISSUER: z.url({ error: "DEMO_PROVIDER_ISSUER must be a URL, e.g. http://127.0.0.1:4010" }).optional(),
  // Short on purpose (issue: "a few minutes"), so refreshes happen while you watch.
  DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(300),
  DEMO_PROVIDER_JWKS_FILE: z.string().min(1).optional(),
  DEMO_PROVIDER_CLIENT_SECRET: z
    .string({ error: "DEMO_PROVIDER_CLIENT_SECRET is not set" })
    .min(32, "DEMO_PROVIDER_CLIENT_SECRET must be at least 32 characters"),
  DEMO_PROVIDER_REDIRECT_URIS: z
    .string({ error: "DEMO_PROVIDER_REDIRECT_URIS is not set (comma-separated redirect URIs)" })
    .transform((value) =>
      value
        .split(",")
        .map((uri) => uri.trim())
        .filter((uri) => uri !== ""),
    )
    .pipe(
      z
        .array(z.url({ error: "DEMO_PROVIDER_REDIRECT_URIS must hold absolute URLs" }))
        .min(1, "DEMO_PROVIDER_REDIRECT_URIS needs at least one redirect URI"),
    ),
});

const log = createLogger({ name: "demo-provider" });

function fail(message: string): never {
  process.stderr.write(`demo-provider: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const env = envSchema.safeParse({
    ...process.env,
    DEMO_PROVIDER_PORT: process.env.DEMO_PROVIDER_PORT || undefined,
    DEMO_PROVIDER_ISSUER: process.env.DEMO_PROVIDER_ISSUER || undefined,
    DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS: process.env.DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS || undefined,
  });
  if (!env.success) fail(`invalid configuration:\n${describeEnvIssues(env.error)}`);
  const { DEMO_PROVIDER_PORT: port, DEMO_PROVIDER_ISSUER: issuer } = env.data;

  const provider = await startDemoProvider({
    port,
    issuer,
    clients: demoClients({
      redirectUris: env.data.DEMO_PROVIDER_REDIRECT_URIS,
      clientSecret: env.data.DEMO_PROVIDER_CLIENT_SECRET,
    }),
    log,
    accessTokenTtlSeconds: env.data.DEMO_PROVIDER_ACCESS_TOKEN_TTL_SECONDS,
    jwksFile: env.data.DEMO_PROVIDER_JWKS_FILE,
  }).catch((error: unknown) => {
    if (error instanceof DemoProviderPortInUseError) fail(`port ${error.port} is in use; set DEMO_PROVIDER_PORT`);
    fail(error instanceof Error ? error.message : String(error));
  });
  log.info({ issuer: provider.issuer }, `Demo provider ready at ${provider.issuer}`);

  const shutdown = (signal: NodeJS.Signals) => {
    log.info({ signal }, "demo provider stopping");
    provider.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "demo provider did not close cleanly");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

void main();
