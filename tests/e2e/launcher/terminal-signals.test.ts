// Signals as a terminal delivers them: Ctrl-C reaches the launcher's whole process group
// (the launcher, web app, worker and demo provider at once), and `kill -9` of that group
// leaves the detached PostgreSQL behind for the next start to clean up.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/start-authpulse";
import { CLEAN_ENV, freePorts, getHealth, isListening, killOrphanPostgres, portEnv, postgresPidsFor, READY_TIMEOUT_MS, tempDataDir, type Ports, printOutputOnFailure, removeDataDir } from "./launcher-helpers";

type GroupLauncher = { child: ChildProcess; output: () => string; exited: Promise<number | null>; signalGroup: (signal: NodeJS.Signals) => void };

/** `npm start` in its own process group, as a shell runs a foreground job. */
async function startInOwnGroup(dataDir: string, ports: Ports): Promise<GroupLauncher> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...portEnv(ports), AUTHPULSE_DATA_DIR: dataDir, WORKER_HEARTBEAT_SECONDS: "1" };
  for (const key of Object.keys(CLEAN_ENV)) delete env[key];
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", join(ROOT, "bin", "start.ts")], { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  const launcher: GroupLauncher = {
    child,
    output: () => output,
    exited,
    signalGroup: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // the group is gone already
      }
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!output.includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null) throw new Error(`Authpulse exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      launcher.signalGroup("SIGKILL");
      throw new Error(`Authpulse was not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return launcher;
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("npm start under terminal signals", () => {
  let dataDir: string;
  let ports: Ports;
  let launcher: GroupLauncher | undefined;

  beforeAll(async () => {
    dataDir = tempDataDir("signals");
    ports = await freePorts();
  });

  printOutputOnFailure(() => [launcher && { label: "authpulse", output: launcher.output }]);

  afterAll(async () => {
    if (launcher && launcher.child.exitCode === null) {
      launcher.signalGroup("SIGINT");
      const timer = setTimeout(() => launcher?.signalGroup("SIGKILL"), 60_000);
      await launcher.exited;
      clearTimeout(timer);
    }
    killOrphanPostgres(dataDir);
    removeDataDir(dataDir);
  });

  it("Ctrl-C to the whole process group stops everything cleanly with exit code 0", async () => {
    launcher = await startInOwnGroup(dataDir, ports);
    expect((await getHealth(ports.port)).body.database.status).toBe("ok");
    const pid = launcher.child.pid!;

    launcher.signalGroup("SIGINT");
    expect(await launcher.exited).toBe(0);
    const out = launcher.output();
    expect(out).not.toMatch(/exited unexpectedly/);
    expect(out).toContain("PostgreSQL stopped.");
    expect(out).toMatch(/\[authpulse\] Stopped\.\s*$/);
    // Give the children a moment to be reaped, then nothing of the group may be left.
    const deadline = Date.now() + 10_000;
    while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(pid)).toBe(false);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
    for (const port of [ports.port, ports.demoPort, ports.pgPort]) expect(await isListening(port)).toBe(false);
    expect(existsSync(join(dataDir, "authpulse.pid"))).toBe(false);
  });

  it("after `kill -9` of the launcher's group, the next start stops the orphaned PostgreSQL and runs", async () => {
    launcher = await startInOwnGroup(dataDir, ports);
    const [orphan] = postgresPidsFor(join(dataDir, "postgres"));
    expect(orphan).toBeGreaterThan(0);
    launcher.signalGroup("SIGKILL");
    await launcher.exited;
    // The embedded PostgreSQL runs in its own group, so it survives the launcher.
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([orphan]);
    expect(readFileSync(join(dataDir, "authpulse.pid"), "utf8").trim()).toBe(String(launcher.child.pid));
    const deadline = Date.now() + 10_000;
    while ((await isListening(ports.port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    launcher = await startInOwnGroup(dataDir, ports);
    expect(launcher.output()).toContain(`Stopping PostgreSQL (process ${orphan}) left running by a previous Authpulse that did not shut down cleanly`);
    expect(launcher.output()).not.toContain("Creating a new PostgreSQL cluster");
    const pids = postgresPidsFor(join(dataDir, "postgres"));
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(orphan);
    const { httpStatus, body } = await getHealth(ports.port);
    expect(httpStatus).toBe(200);
    expect(body.database.status).toBe("ok");

    launcher.signalGroup("SIGINT");
    expect(await launcher.exited).toBe(0);
    expect(postgresPidsFor(join(dataDir, "postgres"))).toEqual([]);
  });
});
