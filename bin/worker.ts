// The background worker: pg-boss jobs and the heartbeat. Run several for more throughput
// (`npm run worker` with the same DATABASE_URL); pg-boss hands each job to one of them.
import { readFileSync } from "node:fs";
import { systemClock } from "../lib/clock";
import { createDb } from "../lib/server/db";
import { EnvError, parseWorkerEnv } from "../lib/server/env";
import { jobs } from "../lib/server/jobs/registry";
import { runWorker } from "../lib/server/jobs/run-worker";
import { createLogger } from "../lib/server/logger";
import { KeyringError } from "../lib/server/vault/keyring";
import { loadKeyring } from "../lib/server/vault/master-key";
import { reloadingKeyring } from "../lib/server/vault/runtime-keyring";
import { masterKeySource } from "../lib/server/vault/master-key-source";

const log = createLogger({ name: "worker" });

async function main() {
  const env = parseWorkerEnv(process.env);
  // Fail at start, not at the first refresh, when the master key is unusable.
  loadKeyring(masterKeySource(env));
  // Follows `npm run keys:rotate` while running, like the web process.
  const keyring = reloadingKeyring(masterKeySource(env));
  const db = createDb(env.DATABASE_URL, { max: Math.min(20, 4 + Math.ceil(env.REFRESH_CONCURRENCY / 2)) });
  const version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  const worker = await runWorker({ db, clock: systemClock, log, connectionString: env.DATABASE_URL, jobs,
    heartbeatSeconds: env.WORKER_HEARTBEAT_SECONDS,
    version,
    keyring,
    settings: { appUrl: env.NEXTAUTH_URL, alertEvalSeconds: env.ALERT_EVAL_SECONDS, alertClearSeconds: env.ALERT_CLEAR_SECONDS },
    refresh: { keyring, concurrency: env.REFRESH_CONCURRENCY, leaseMs: env.REFRESH_LEASE_SECONDS * 1000, pollMs: env.REFRESH_POLL_MS, timeoutMs: env.REFRESH_TIMEOUT_SECONDS * 1000 },
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping worker");
    await worker.stop();
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof KeyringError) {
    console.error(`Authpulse worker cannot start.\n${error.message}`);
  } else {
    log.fatal({ err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "worker failed to start");
  }
  process.exit(1);
});
