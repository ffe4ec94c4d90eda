import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findFreePort } from "../../../lib/server/launcher/ports";

export const ROOT = resolve(import.meta.dirname, "../../..");

export type AuthpulseProcess = {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  output: () => string;
  /** The one-time set-up link printed on first start, if any. */
  setupLink: () => string | null;
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
  /** URL of the embedded database (only when no DATABASE_URL was given). */
  embeddedDatabaseUrl: () => string;
};

export type StartOptions = { env?: Record<string, string | undefined>; dataDir?: string; readyTimeoutMs?: number };

/** Runs `npm start`'s entry (bin/start.ts) on free ports and a temp data dir, without waiting. */
export async function spawnAuthpulse(options: StartOptions = {}): Promise<AuthpulseProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "authpulse-e2e-"));
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DEMO_PROVIDER_PORT: String(await findFreePort()),
    AUTHPULSE_PG_PORT: String(await findFreePort()),
    AUTHPULSE_DATA_DIR: dataDir,
    WORKER_HEARTBEAT_SECONDS: "1",
    LOG_LEVEL: "info",
    ...options.env,
  };
  delete env.NODE_OPTIONS;
  for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", join(ROOT, "bin", "start.ts")], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const url = env.NEXTAUTH_URL ?? `http://localhost:${env.PORT}`;
  return {
    url,
    port: Number(env.PORT),
    dataDir,
    child,
    output: () => output,
    setupLink: () => output.match(/(http:\/\/\S+\/setup\?token=[\w-]+)/)?.[1] ?? null,
    stop: async (signal = "SIGINT") => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
    exited,
    embeddedDatabaseUrl: () => {
      const { postgresPassword } = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
      return `postgresql://authpulse:${encodeURIComponent(postgresPassword)}@127.0.0.1:${env.AUTHPULSE_PG_PORT}/authpulse`;
    },
  };
}

/** Starts Authpulse and waits until it prints that it is ready; throws with its output if it exits first. */
export async function startAuthpulse(options: StartOptions = {}): Promise<AuthpulseProcess> {
  const app = await spawnAuthpulse(options);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (!app.output().includes("Press Ctrl-C to stop.")) {
    if (app.child.exitCode !== null) throw new Error(`Authpulse exited with ${app.child.exitCode} before it was ready:\n${app.output()}`);
    if (Date.now() > deadline) {
      await app.stop("SIGKILL");
      throw new Error(`Authpulse was not ready in time:\n${app.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return app;
}

/** Runs Authpulse expecting it to refuse to start; resolves with its exit code and output. */
export async function runAuthpulseExpectingFailure(options: StartOptions = {}): Promise<{ code: number | null; output: string }> {
  const app = await spawnAuthpulse(options);
  const timer = setTimeout(() => app.child.kill("SIGKILL"), options.readyTimeoutMs ?? 120_000);
  const code = await app.exited;
  clearTimeout(timer);
  return { code, output: app.output() };
}
