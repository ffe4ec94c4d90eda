// `npm start`: the whole product on one command. Generates the Prisma client and builds the
// web app when needed, starts embedded PostgreSQL (or uses DATABASE_URL), migrates, checks
// the master key, then runs the web app, the worker(s) and the demo OAuth provider, and
// stops them all, database last, on Ctrl-C. See docs/decisions/0002-process-model.md.
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EnvError } from "../lib/server/env";
import { ensureProductionBuild } from "../lib/server/launcher/build";
import { claimDataDir, loadOrCreateLocalSecrets, prepareDataDir } from "../lib/server/launcher/data-dir";
import { parseLauncherEnv } from "../lib/server/launcher/launcher-env";
import { assertPortFree, PortInUseError } from "../lib/server/launcher/ports";
import { ensurePrismaClient } from "../lib/server/launcher/prisma-client-freshness";
import { startChild, stopChildren, waitForHttp, type Supervised } from "../lib/server/launcher/supervisor";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const say = (message: string) => process.stdout.write(`[authpulse] ${message}\n`);
const cleanups: Array<() => Promise<void> | void> = [];
const children: Supervised[] = [];
let shuttingDown = false;

async function shutdown(code: number, reason?: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  if (reason) say(reason);
  say("Stopping…");
  await stopChildren(children);
  for (const cleanup of cleanups.reverse()) await cleanup();
  say("Stopped.");
  process.exit(code);
}

async function main() {
  const env = parseLauncherEnv(process.env);
  const dataDir = prepareDataDir(resolve(root, env.AUTHPULSE_DATA_DIR));
  const bindHost = env.HOST;
  const publicUrl = (env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");

  if (process.env.AUTH_OIDC_ISSUER === "demo" && env.AUTHPULSE_DEMO_PROVIDER === "off") {
    throw new EnvError("Invalid configuration:\n  - AUTH_OIDC_ISSUER=demo needs the demo provider (AUTHPULSE_DEMO_PROVIDER=on)");
  }
  const releaseDir = await claimDataDir(dataDir, say);
  cleanups.push(releaseDir);
  process.on("SIGINT", () => void shutdown(0, "Received SIGINT (Ctrl-C)."));
  process.on("SIGTERM", () => void shutdown(0, "Received SIGTERM."));
  process.on("SIGHUP", () => void shutdown(0, "Received SIGHUP (terminal closed)."));
  // After the claim, so that a second `npm start` with the same settings says "already running"
  // rather than blaming the port its twin holds.
  await assertPortFree(env.PORT, bindHost, "the web app", "PORT");
  if (env.AUTHPULSE_DEMO_PROVIDER === "on") await assertPortFree(env.DEMO_PROVIDER_PORT, "127.0.0.1", "the demo OAuth provider", "DEMO_PROVIDER_PORT");

  if ((await ensurePrismaClient(root)) === "generated") say("Generated the Prisma client.");
  await ensureProductionBuild(root, say);

  const { secrets, created } = loadOrCreateLocalSecrets(dataDir.secretsFile);
  if (created) say(`Generated local secrets in ${dataDir.secretsFile} (mode 0600).`);

  let databaseUrl = env.DATABASE_URL;
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    say(`Using external PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (no embedded database started).`);
  } else {
    await assertPortFree(env.AUTHPULSE_PG_PORT, "127.0.0.1", "the embedded PostgreSQL", "AUTHPULSE_PG_PORT");
    const { startEmbeddedPostgres, ensureDatabase } = await import("../lib/server/embedded-postgres/embedded-postgres");
    const pg = await startEmbeddedPostgres({
      dataDir: dataDir.postgresDir,
      logFile: dataDir.postgresLog,
      port: env.AUTHPULSE_PG_PORT,
      user: "authpulse",
      password: secrets.postgresPassword,
      log: say,
    });
    cleanups.push(async () => {
      await pg.stop();
      say("PostgreSQL stopped.");
    });
    await ensureDatabase(pg.url("postgres"), "authpulse");
    databaseUrl = pg.url("authpulse");
    say(`Embedded PostgreSQL ready on 127.0.0.1:${pg.port} (data in ${dataDir.postgresDir}).`);
  }

  const { migrateDatabase } = await import("../lib/server/migrate/apply-migrations");
  const migration = await migrateDatabase({ connectionString: databaseUrl, migrationsDir: join(root, "prisma", "migrations"), log: (m) => say(m) });
  say(migration.applied.length ? `Applied ${migration.applied.length} migration(s): ${migration.applied.join(", ")}.` : `Database schema is up to date (${migration.alreadyApplied} migrations).`);

  const { createDb } = await import("../lib/server/db");
  const { ensureMasterKey } = await import("../lib/server/vault/master-key");
  const { issueSetupToken } = await import("../lib/server/setup/setup-link");
  const db = createDb(databaseUrl, { max: 2 });
  cleanups.push(() => db.$disconnect());
  const keyFile = process.env.AUTHPULSE_MASTER_KEY_FILE ? resolve(process.env.AUTHPULSE_MASTER_KEY_FILE) : dataDir.masterKeyFile;
  const master = await ensureMasterKey(db, { file: keyFile, envKey: process.env.AUTHPULSE_MASTER_KEY }, new Date());
  if (master.created) say(`Generated the master encryption key in ${keyFile} (mode 0600). Back it up: without it, stored secrets cannot be read.`);
  for (const warning of master.warnings) say(warning);

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    AUTHPULSE_DATA_DIR: dataDir.root,
    AUTHPULSE_MASTER_KEY_FILE: keyFile,
    NEXTAUTH_URL: publicUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? secrets.sessionSecret,
  };
  const tsNode = [process.execPath, "--conditions=react-server", "--import", "tsx"] as const;

  if (env.AUTHPULSE_DEMO_PROVIDER === "on") {
    const issuer = `http://127.0.0.1:${env.DEMO_PROVIDER_PORT}`;
    childEnv.DEMO_PROVIDER_URL = issuer;
    childEnv.DEMO_PROVIDER_CLIENT_SECRET = secrets.demoClientSecret;
    if (process.env.AUTH_OIDC_ISSUER === "demo") {
      // Try single sign-on locally: the demo provider plays the company IdP.
      Object.assign(childEnv, { AUTH_OIDC_ISSUER: issuer, AUTH_OIDC_CLIENT_ID: "authpulse-demo", AUTH_OIDC_CLIENT_SECRET: secrets.demoClientSecret, AUTH_OIDC_NAME: process.env.AUTH_OIDC_NAME ?? "Demo SSO" });
      say("Single sign-on uses the demo provider (AUTH_OIDC_ISSUER=demo).");
    }
    const demo = startChild("demo-provider", tsNode[0], [...tsNode.slice(1), join(root, "bin", "demo-provider.ts")], {
      cwd: root,
      env: { ...childEnv, DEMO_PROVIDER_PORT: String(env.DEMO_PROVIDER_PORT), DEMO_PROVIDER_ISSUER: issuer, DEMO_PROVIDER_JWKS_FILE: join(dataDir.root, "demo-provider-jwks.json"), DEMO_PROVIDER_CLIENT_SECRET: secrets.demoClientSecret, DEMO_PROVIDER_REDIRECT_URIS: `${publicUrl}/api/oauth/callback,${publicUrl}/api/auth/callback/oidc` },
    });
    children.push(demo);
    await waitForHttp(`${issuer}/.well-known/openid-configuration`, demo, 30_000);
  }
  for (let i = 0; i < env.AUTHPULSE_WORKERS; i++) {
    children.push(startChild(env.AUTHPULSE_WORKERS > 1 ? `worker-${i + 1}` : "worker", tsNode[0], [...tsNode.slice(1), join(root, "bin", "worker.ts")], { cwd: root, env: { ...childEnv, AUTHPULSE_PROCESS: "worker" } }));
  }
  const web = startChild("web", process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(env.PORT), "-H", bindHost], { cwd: root, env: childEnv });
  children.push(web);
  await waitForHttp(`http://${bindHost.includes(":") ? `[${bindHost}]` : bindHost}:${env.PORT}/api/health`, web);

  for (const child of children) {
    void child.exited.then((code) => {
      if (!shuttingDown) void shutdown(1, `${child.name} exited unexpectedly (code ${code}); stopping everything. See its output above.`);
    });
  }

  say(`Authpulse is running at ${publicUrl}`);
  if (env.AUTHPULSE_DEMO_PROVIDER === "on") say(`Demo OAuth provider: http://127.0.0.1:${env.DEMO_PROVIDER_PORT} (discovery at /.well-known/openid-configuration)`);
  const setup = await issueSetupToken({ db, clock: { now: () => new Date() } });
  if (setup) {
    say("First run: create the admin account with this one-time link (valid 24 h):");
    process.stdout.write(`\n    ${publicUrl}/setup?token=${setup.token}\n\n`);
  }
  say("Press Ctrl-C to stop.");
}

main().catch(async (error: unknown) => {
  const known = error instanceof EnvError || error instanceof PortInUseError || (error instanceof Error && /Error$/.test(error.name) && error.name !== "Error" && error.name !== "TypeError");
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n[authpulse] Cannot start: ${message}\n${known ? "" : `${error instanceof Error ? error.stack : ""}\n`}`);
  await shutdown(1);
});
