import "server-only";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const SOURCES = ["app", "components", "lib", "public", "types", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "tsconfig.build.json", "package-lock.json", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", ".next", ".authpulse"]);

function collect(root: string, path: string, out: string[]) {
  const full = join(root, path);
  if (!existsSync(full)) return;
  const stat = statSync(full);
  if (stat.isFile()) {
    out.push(path);
    return;
  }
  for (const entry of readdirSync(full).sort()) {
    if (!SKIP.has(entry)) collect(root, join(path, entry), out);
  }
}

/** A hash of everything the production build depends on. */
export function sourceHash(root: string): string {
  const files: string[] = [];
  for (const source of SOURCES) collect(root, source, files);
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(relative(root, join(root, file)));
    hash.update(readFileSync(join(root, file)));
  }
  return hash.digest("hex");
}

const marker = (root: string) => join(root, ".next", "authpulse-source-hash");

/** True when .next holds a production build of exactly the current sources. */
export function isBuildFresh(root: string): boolean {
  return existsSync(join(root, ".next", "BUILD_ID")) && existsSync(marker(root)) && readFileSync(marker(root), "utf8") === sourceHash(root);
}

/** Runs a command, streaming its output with a prefix (to stdout unless `out` says otherwise); rejects on a non-zero exit. */
export function runStep(command: string, args: string[], options: { cwd: string; prefix: string; env?: NodeJS.ProcessEnv; out?: NodeJS.WritableStream }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) (options.out ?? process.stdout).write(`${options.prefix} ${line}\n`);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${options.prefix} ${command} ${args.join(" ")} exited with code ${code}`))));
  });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A lock folder so that two starts from one checkout build one after the other, not at once. */
async function withBuildLock<T>(root: string, log: (message: string) => void, run: () => Promise<T>): Promise<T> {
  const lock = join(root, ".authpulse-build.lock");
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, "pid"), String(process.pid));
      break;
    } catch {
      const holder = Number(existsSync(join(lock, "pid")) ? readFileSync(join(lock, "pid"), "utf8") : "0");
      if (holder > 0 && !isAlive(holder)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log("Another start is building the web app; waiting for it…");
      announced = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the Next.js app unless the existing build matches the sources; the build's output goes to `out` (stdout). */
export async function ensureProductionBuild(root: string, log: (message: string) => void, out?: NodeJS.WritableStream): Promise<"fresh" | "built"> {
  if (isBuildFresh(root)) return "fresh";
  return withBuildLock(root, log, () => buildNow(root, log, out));
}

async function buildNow(root: string, log: (message: string) => void, out?: NodeJS.WritableStream): Promise<"fresh" | "built"> {
  if (isBuildFresh(root)) return "fresh";
  log("Building the web app (first start or changed sources; about a minute)…");
  const hash = sourceHash(root);
  await runStep(process.execPath, [join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    prefix: "[build]",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    out,
  });
  writeFileSync(marker(root), hash);
  return "built";
}
