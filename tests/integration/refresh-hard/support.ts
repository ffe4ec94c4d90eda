// Shared pieces of the refresh-hard integration tests (SECURITY.md items 3–8 against real OS
// processes): a keyring file the worker processes read, spawning `bin/worker.ts` or the small
// refresh-loop child (refresh-loop-child.ts), killing them by process group, polling helpers and
// the one-JSON-line figure printer.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { aadFor } from "@/lib/server/vault/aad";
import { generateKeyringFile, parseKeyring, type Keyring } from "@/lib/server/vault/keyring";
import { open } from "@/lib/server/vault/seal";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LOOP_CHILD = fileURLToPath(new URL("./refresh-loop-child.ts", import.meta.url));

/** A fresh keyring, also written (mode 0600) to a file for AUTHPULSE_MASTER_KEY_FILE. */
export function keyringOnDisk(): { keyring: Keyring; file: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "authpulse-refresh-hard-"));
  const file = join(dir, "master.key");
  const content = JSON.stringify(generateKeyringFile());
  writeFileSync(file, `${content}\n`, { mode: 0o600 });
  return { keyring: parseKeyring(content, file), file, dir };
}

export function refreshTokenOf(keyring: Keyring, row: { id: string; refreshTokenSealed: string | null }): string {
  if (!row.refreshTokenSealed) throw new Error(`connection ${row.id} has no refresh token`);
  return open(keyring, row.refreshTokenSealed, aadFor("connection", row.id, "refresh_token"));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `accept` holds, or throws with the last value. */
export async function waitUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, options: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`${options.what}: not reached within ${options.timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(options.intervalMs ?? 100);
  }
}

/** Prints the figures of a test as one JSON line (copy-paste friendly). */
export function printFigures(test: string, figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ test, ...figures }));
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export type WorkerEnv = {
  DATABASE_URL: string;
  AUTHPULSE_MASTER_KEY_FILE: string;
  DEMO_PROVIDER_URL: string;
  REFRESH_CONCURRENCY: number;
  REFRESH_LEASE_SECONDS: number;
  REFRESH_TIMEOUT_SECONDS: number;
  REFRESH_POLL_MS: number;
  LOG_LEVEL?: string;
};

function childEnv(env: WorkerEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...process.env };
  // Nothing of the test runner's own node options leaks into the worker.
  delete out.NODE_OPTIONS;
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = String(value);
  out.LOG_LEVEL ??= "info";
  out.WORKER_HEARTBEAT_SECONDS = "5";
  return out;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null; at: number };

/** A spawned OS process in its own process group (so a kill -9 of the group leaves nothing behind). */
export class GroupProcess {
  readonly child: ChildProcess;
  readonly spawnedAt = Date.now();
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private exit: Exit | null = null;

  constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise<Exit>((resolve) => {
      child.once("exit", (code, signal) => {
        this.exit = { code, signal, at: Date.now() };
        resolve(this.exit);
      });
    });
    const collect = (into: string[]) => {
      let rest = "";
      return (chunk: Buffer) => {
        const text = rest + chunk.toString("utf8");
        const lines = text.split("\n");
        rest = lines.pop() ?? "";
        into.push(...lines.filter(Boolean));
      };
    };
    child.stdout?.on("data", collect(this.stdout));
    child.stderr?.on("data", collect(this.stderr));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("process did not start");
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === null;
  }

  /** kill -9 of the whole process group. */
  async kill9(): Promise<Exit> {
    if (this.alive) {
      try {
        process.kill(-this.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return this.exited;
  }

  /** SIGTERM (graceful stop); kill -9 of the group if it has not exited within `graceMs`. */
  async terminate(graceMs = 40_000): Promise<Exit> {
    if (this.alive) {
      try {
        process.kill(this.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    const timer = sleep(graceMs).then(() => null);
    const result = await Promise.race([this.exited, timer]);
    if (result) return result;
    return this.kill9();
  }

  /** JSON log lines (pino) on stdout and stderr. */
  logs(): Array<Record<string, unknown>> {
    return [...this.stdout, ...this.stderr].flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return value && typeof value === "object" ? [value as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }

  tail(lines = 20): string {
    return [...this.stdout, ...this.stderr].slice(-lines).join("\n");
  }
}

/** The real worker process: `node --conditions=react-server --import tsx bin/worker.ts`. */
export function spawnWorker(env: WorkerEnv): GroupProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "bin/worker.ts"], {
    cwd: ROOT,
    env: childEnv(env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new GroupProcess(child);
}

/** Waits for a worker's "worker started" log line (or its death). Returns ms since spawn. */
export async function workerStarted(worker: GroupProcess, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.logs().some((line) => line.msg === "worker started")) return Date.now() - worker.spawnedAt;
    if (!worker.alive) throw new Error(`worker ${worker.pid} exited before starting:\n${worker.tail()}`);
    await sleep(25);
  }
  throw new Error(`worker ${worker.pid} did not start within ${timeoutMs} ms:\n${worker.tail()}`);
}

/**
 * Starts `count` worker processes: the first alone (it creates pg-boss's queues on a fresh database),
 * then the others together. Started all at once on a fresh database, workers can die at start with
 * "deadlock detected" in pg-boss createQueue — worker-startup.test.ts covers that bug; the refresh
 * tests here step around it so that they test the refresh engine. Spawned processes are also pushed
 * to `registry` (for cleanup).
 */
export async function startWorkers(env: WorkerEnv, count: number, registry: GroupProcess[]): Promise<{ workers: GroupProcess[]; startupMs: number[] }> {
  const first = spawnWorker(env);
  registry.push(first);
  const firstMs = await workerStarted(first, 90_000);
  const rest = Array.from({ length: count - 1 }, () => spawnWorker(env));
  registry.push(...rest);
  const restMs = await Promise.all(rest.map((worker) => workerStarted(worker, 90_000)));
  return { workers: [first, ...rest], startupMs: [firstMs, ...restMs] };
}

/** The refresh stats a worker logs when its loop stops (SIGTERM). */
export function stoppedStats(worker: GroupProcess): Record<string, number> | null {
  const line = worker.logs().find((entry) => entry.msg === "refresh loop stopped");
  return line && typeof line.refresh === "object" ? (line.refresh as Record<string, number>) : null;
}

type LoopMessage =
  | { type: "ready"; at: number }
  | { type: "started"; at: number }
  | { type: "outcome"; at: number; connectionId: string; result: string }
  | { type: "stopped"; at: number; stats: Record<string, number> };

/**
 * The refresh-loop child (refresh-loop-child.ts): a separate OS process running startRefreshLoop
 * exactly as bin/worker.ts configures it, minus pg-boss and the heartbeat. It loads its modules
 * and connects at spawn, then waits for go() — so a test can spawn it ahead of time and start
 * it the moment it is needed.
 */
export class LoopChild extends GroupProcess {
  readonly ready: Promise<number>;
  readonly started: Promise<number>;
  readonly outcomes: Array<{ at: number; connectionId: string; result: string }> = [];

  constructor(child: ChildProcess) {
    super(child);
    let onReady!: (at: number) => void;
    let onStarted!: (at: number) => void;
    this.ready = new Promise((resolve) => (onReady = resolve));
    this.started = new Promise((resolve) => (onStarted = resolve));
    child.on("message", (raw) => {
      const message = raw as LoopMessage;
      if (message.type === "ready") onReady(message.at);
      else if (message.type === "started") onStarted(message.at);
      else if (message.type === "outcome") this.outcomes.push({ at: message.at, connectionId: message.connectionId, result: message.result });
    });
    const died = this.exited.then((exit) => {
      throw new Error(`refresh-loop child exited (${exit.code ?? exit.signal}):\n${this.tail()}`);
    });
    died.catch(() => undefined);
    this.ready = Promise.race([this.ready, died]);
    this.started = Promise.race([this.started, died]);
    // A pre-spawned child may be killed without anyone waiting for it: no unhandled rejection then.
    this.ready.catch(() => undefined);
    this.started.catch(() => undefined);
  }

  go(): void {
    this.child.send({ type: "go" });
  }
}

export function spawnLoopChild(env: WorkerEnv): LoopChild {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", LOOP_CHILD], {
    cwd: ROOT,
    env: childEnv(env),
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  return new LoopChild(child);
}
