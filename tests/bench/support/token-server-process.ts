// Parent side of token-server-child.ts: starts it with fork() and exposes the calls the
// benchmarks need (issue grants, change latency, read counters) as promises.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { TokenServerStats } from "../../helpers/token-server";
import { cpuSeconds, NODE_FLAGS } from "./bench-kit";
import type { TokenServerChildStart } from "./token-server-child";

export type GrantSummary = { calls: number; refreshes: number; revoked: number; unknown: number; notExactlyOnce: number };

export type TokenServerProcess = {
  url: string;
  tokenUrl: string;
  pid: number;
  issue(count: number, lifetimes?: number[]): Promise<string[]>;
  setLatency(latencyMs: number): Promise<void>;
  stats(): Promise<TokenServerStats>;
  /** Counters of the grants owning these (original) refresh tokens; notExactlyOnce counts grants whose calls ≠ expectedCalls. */
  grants(refreshTokens: string[], expectedCalls: number): Promise<GrantSummary>;
  cpuSeconds(): number;
  stop(): Promise<void>;
};

const CHILD = fileURLToPath(new URL("./token-server-child.ts", import.meta.url));

export function startTokenServerProcess(options: TokenServerChildStart): Promise<TokenServerProcess> {
  const child: ChildProcess = fork(CHILD, [], {
    execArgv: NODE_FLAGS,
    env: { ...process.env, BENCH_TOKEN_SERVER: JSON.stringify(options) },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const call = <T>(message: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...message, id });
    });

  return new Promise((resolve, reject) => {
    child.once("exit", (code) => {
      reject(new Error(`token server process exited (code ${code})`));
      for (const p of pending.values()) p.reject(new Error(`token server process exited (code ${code})`));
    });
    child.on("message", (raw) => {
      const message = raw as { ready?: boolean; url?: string; tokenUrl?: string; id?: number; result?: unknown };
      if (message.ready) {
        resolve({
          url: message.url!,
          tokenUrl: message.tokenUrl!,
          pid: child.pid!,
          issue: (count, lifetimes) => call<string[]>({ op: "issue", count, ...(lifetimes ? { lifetimes } : {}) }),
          setLatency: (latencyMs) => call<void>({ op: "setLatency", latencyMs }),
          stats: () => call<TokenServerStats>({ op: "stats" }),
          grants: (refreshTokens, expectedCalls) => call<GrantSummary>({ op: "grants", refreshTokens, expectedCalls }),
          cpuSeconds: () => cpuSeconds(child.pid!),
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.removeAllListeners("exit");
              child.once("exit", () => done());
              child.disconnect();
              setTimeout(() => child.kill("SIGKILL"), 5000).unref();
            }),
        });
        return;
      }
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        p?.resolve(message.result);
      }
    });
  });
}
