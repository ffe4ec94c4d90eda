// Runs the bare HTTP client (bare-client-child.ts) in `processes` processes of `concurrency`
// loops each — the same arrangement as the engine's worker processes — started together.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { NODE_FLAGS } from "./bench-kit";
import type { BareClientJob, BareClientResult } from "./bare-client-child";

const CHILD = fileURLToPath(new URL("./bare-client-child.ts", import.meta.url));

export type BareRun = { refreshes: number; errors: number; wallMs: number; meanLatencyMs: number; clientCpuSeconds: number };

export async function runBareClient(input: Omit<BareClientJob, "refreshTokens" | "concurrency"> & { processes: number; concurrencyPerProcess: number; refreshTokens: string[] }): Promise<BareRun> {
  const children = Array.from({ length: input.processes }, () => fork(CHILD, [], { execArgv: NODE_FLAGS, stdio: ["ignore", "ignore", "inherit", "ipc"] }));
  const results = children.map(
    (child) =>
      new Promise<BareClientResult>((resolve, reject) => {
        child.on("message", (raw) => {
          const message = raw as { result?: BareClientResult };
          if (message.result) resolve(message.result);
        });
        child.once("exit", (code) => reject(new Error(`bare client process exited (code ${code}) before reporting`)));
      }),
  );
  // Split the tokens like the engine's workers split the due rows: each process gets its share.
  await Promise.all(
    children.map(
      (child, i) =>
        new Promise<void>((resolve) => {
          child.once("message", () => resolve());
          const job: BareClientJob = {
            tokenUrl: input.tokenUrl,
            clientId: input.clientId,
            clientSecret: input.clientSecret,
            concurrency: input.concurrencyPerProcess,
            refreshTokens: input.refreshTokens.filter((_, j) => j % input.processes === i),
          };
          child.send({ op: "job", job });
        }),
    ),
  );
  for (const child of children) child.send({ op: "go" });
  const done = await Promise.all(results);
  const startedAt = Math.min(...done.map((r) => r.startedAt));
  const finishedAt = Math.max(...done.map((r) => r.finishedAt));
  const refreshes = done.reduce((s, r) => s + r.ok, 0);
  const errors = done.reduce((s, r) => s + r.errors, 0);
  return {
    refreshes,
    errors,
    wallMs: finishedAt - startedAt,
    meanLatencyMs: done.reduce((s, r) => s + r.meanLatencyMs * (r.ok + r.errors), 0) / Math.max(1, refreshes + errors),
    clientCpuSeconds: done.reduce((s, r) => s + r.cpuSeconds, 0),
  };
}
