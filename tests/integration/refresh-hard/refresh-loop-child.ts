// A separate OS process running the refresh engine's worker loop (startRefreshLoop) with the same
// settings bin/worker.ts derives from its env (REFRESH_CONCURRENCY, REFRESH_LEASE_SECONDS,
// REFRESH_TIMEOUT_SECONDS, REFRESH_POLL_MS, DEMO_PROVIDER_URL, AUTHPULSE_MASTER_KEY_FILE), but
// without pg-boss and the heartbeat, so it is ready in well under a second once spawned.
// Protocol (IPC): sends {type:"ready"} once modules are loaded and the database answers, starts the
// loop on {type:"go"} and sends {type:"started"}, reports each attempt's outcome, and stops
// gracefully on SIGTERM. Used by crash.test.ts, which SIGKILLs it at random points.
//
// Run: node --conditions=react-server --import tsx tests/integration/refresh-hard/refresh-loop-child.ts
import { randomUUID } from "node:crypto";
import pino from "pino";
import { systemClock } from "@/lib/clock";
import { createDb } from "@/lib/server/db";
import { parseWorkerEnv } from "@/lib/server/env";
import { startRefreshLoop, type RefreshLoop } from "@/lib/server/refresh/refresh-loop";
import { ResolveCache } from "@/lib/server/refresh/token-source";
import { loadKeyring } from "@/lib/server/vault/master-key";
import { masterKeySource } from "@/lib/server/vault/master-key-source";

const send = (message: Record<string, unknown>) => {
  if (process.connected) process.send?.({ ...message, at: Date.now() });
};

async function main() {
  const env = parseWorkerEnv(process.env);
  const keyring = loadKeyring(masterKeySource(env));
  const log = pino({ level: env.LOG_LEVEL, base: { pid: process.pid, name: "refresh-loop-child" } }, pino.destination(2));
  const db = createDb(env.DATABASE_URL, { max: Math.min(20, 4 + Math.ceil(env.REFRESH_CONCURRENCY / 2)) });
  await db.$queryRaw`SELECT 1`;
  let loop: RefreshLoop | null = null;
  let stopping = false;

  process.on("SIGTERM", () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      if (loop) {
        await loop.stop();
        send({ type: "stopped", stats: loop.stats() });
      }
      await db.$disconnect();
      process.exit(0);
    })();
  });
  // The test process went away: never outlive it.
  process.on("disconnect", () => process.exit(1));

  process.on("message", (message: { type?: string }) => {
    if (message.type !== "go" || loop || stopping) return;
    loop = startRefreshLoop({
      ctx: { db, clock: systemClock, keyring, timeoutMs: env.REFRESH_TIMEOUT_SECONDS * 1000, cache: new ResolveCache(), log: log.child({ loop: "refresh" }) },
      owner: `child-${randomUUID()}`,
      concurrency: env.REFRESH_CONCURRENCY,
      leaseMs: env.REFRESH_LEASE_SECONDS * 1000,
      idlePollMs: env.REFRESH_POLL_MS,
      log: log.child({ loop: "refresh" }),
      onOutcome: (outcome) => send({ type: "outcome", connectionId: outcome.connectionId, result: outcome.result }),
    });
    send({ type: "started" });
  });
  send({ type: "ready" });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
