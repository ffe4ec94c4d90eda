import "server-only";
import { spawn, type ChildProcess } from "node:child_process";

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const NOISE = new Set(["level", "time", "pid", "hostname", "name", "msg"]);

/** Shows a child's pino JSON line as "info  message key=value" for people reading the console. */
export function humanizeLogLine(line: string): string {
  if (!line.startsWith("{")) return line;
  try {
    const record = JSON.parse(line) as Record<string, unknown>;
    if (typeof record.msg !== "string") return line;
    const level = LEVELS[Number(record.level)] ?? "info";
    const extras = Object.entries(record)
      .filter(([key]) => !NOISE.has(key))
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" ");
    return `${level.padEnd(5)} ${record.msg}${extras ? `  ${extras}` : ""}`;
  } catch {
    return line;
  }
}

export type Supervised = { name: string; child: ChildProcess; exited: Promise<number | null> };

/** Starts a child process whose output lines are prefixed with its name. */
export function startChild(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Supervised {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}]`;
  const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim()) stream.write(`${prefix} ${humanizeLogLine(line)}\n`);
  };
  child.stdout?.on("data", forward(process.stdout));
  child.stderr?.on("data", forward(process.stderr));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return { name, child, exited };
}

/** Asks every child to stop (SIGTERM) and waits; SIGKILL after the grace period. */
export async function stopChildren(children: Supervised[], graceMs = 30_000): Promise<void> {
  await Promise.all(
    children.map(async ({ child, exited }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
}

/** Polls a URL until it answers (any HTTP status) or the child exits. */
export async function waitForHttp(url: string, child: Supervised, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.child.exitCode !== null) throw new Error(`${child.name} exited (code ${child.child.exitCode}) before it was ready.`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`${child.name} did not answer at ${url} within ${Math.round(timeoutMs / 1000)} s.`);
}
