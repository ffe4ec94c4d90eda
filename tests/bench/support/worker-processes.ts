// Real worker processes (`node --conditions=react-server --import tsx bin/worker.ts`, what
// `npm run worker` runs) for the benchmarks: started with a given environment, ready when they
// log "worker started", stopped with SIGTERM (graceful: in-flight refreshes commit first).
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { cpuSeconds, log, NODE_FLAGS, ROOT } from "./bench-kit";

export type WorkerProcess = {
  pid: number;
  /** Warnings and errors the worker logged so far. */
  problems: () => number;
  /** The refresh loop's counters from its "refresh loop stopped" line (after stop). */
  loopStats: () => Record<string, number> | null;
  cpuSeconds: () => number;
  stop: () => Promise<void>;
};

const MAX_FORWARDED = 20;

function startOne(name: string, env: Record<string, string>): Promise<WorkerProcess> {
  // BENCH_WORKER_CPU_PROF=<dir>: V8 CPU profiles of the workers (written when they exit), to see where engine time goes.
  const profile = process.env.BENCH_WORKER_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profile, ...NODE_FLAGS, join(ROOT, "bin", "worker.ts")], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let problems = 0;
  let forwarded = 0;
  let stats: Record<string, number> | null = null;
  let ready: (() => void) | null = null;
  const forward = (line: string) => {
    if (forwarded++ < MAX_FORWARDED) process.stderr.write(`[${name}] ${line.slice(0, 400)}\n`);
    else if (forwarded === MAX_FORWARDED + 1) process.stderr.write(`[${name}] (further warnings not shown)\n`);
  };
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let entry: { level?: number; msg?: string; refresh?: Record<string, number> };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      forward(line);
      return;
    }
    if (entry.msg === "worker started") ready?.();
    if (entry.msg === "refresh loop stopped" && entry.refresh) stats = entry.refresh;
    if ((entry.level ?? 0) >= 40) {
      problems++;
      forward(line);
    }
  });
  createInterface({ input: child.stderr! }).on("line", forward);

  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited during start-up (code ${code})`));
    child.once("exit", onExit);
    ready = () => {
      ready = null;
      child.off("exit", onExit);
      resolve({
        pid: child.pid!,
        problems: () => problems,
        loopStats: () => stats,
        cpuSeconds: () => cpuSeconds(child.pid!),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => {
              log(`${name} did not stop within 60 s; killing it`);
              child.kill("SIGKILL");
            }, 60_000);
            child.once("exit", () => {
              clearTimeout(timer);
              done();
            });
            child.kill("SIGTERM");
          }),
      });
    };
  });
}

/** Starts `count` workers (the first alone: it creates pg-boss's schema), resolves when all are ready. */
export async function startWorkers(count: number, env: Record<string, string>, prefix = "worker"): Promise<WorkerProcess[]> {
  const first = await startOne(`${prefix}-1`, env);
  const rest = await Promise.all(Array.from({ length: count - 1 }, (_, i) => startOne(`${prefix}-${i + 2}`, env)));
  return [first, ...rest];
}

export async function stopWorkers(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((w) => w.stop()));
}
