// AUTHPULSE_WORKERS=2 runs two worker processes, and /api/health counts both as live.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAuthpulse, type AuthpulseProcess } from "../helpers/start-authpulse";
import { CLEAN_ENV, freePorts, isListening, killOrphanPostgres, portEnv, READY_TIMEOUT_MS, stopAuthpulse, tempDataDir, waitForHealth, type Ports, printOutputOnFailure, removeDataDir } from "./launcher-helpers";

describe("npm start with AUTHPULSE_WORKERS=2", () => {
  let app: AuthpulseProcess | undefined;
  let dataDir: string;
  let ports: Ports;

  beforeAll(async () => {
    dataDir = tempDataDir("two-workers");
    ports = await freePorts();
    app = await startAuthpulse({
      dataDir,
      env: { ...CLEAN_ENV, ...portEnv(ports), AUTHPULSE_WORKERS: "2", AUTHPULSE_DEMO_PROVIDER: "off" },
      readyTimeoutMs: READY_TIMEOUT_MS,
    });
  });

  printOutputOnFailure(() => [app && { label: "authpulse", output: app.output }]);

  afterAll(async () => {
    await stopAuthpulse(app);
    killOrphanPostgres(dataDir);
    removeDataDir(dataDir);
  });

  it("starts two named worker processes and health reports liveWorkers 2", async () => {
    const health = await waitForHealth(ports.port, (h) => h.worker.liveWorkers >= 2, 20_000);
    expect(health.worker.liveWorkers).toBe(2);
    expect(health.worker.status).toBe("ok");
    expect(health.status).toBe("ok");
    const out = app!.output();
    expect(out).toMatch(/^\[worker-1\] /m);
    expect(out).toMatch(/^\[worker-2\] /m);
    expect(out).not.toMatch(/^\[worker\] /m);
  });

  it("with AUTHPULSE_DEMO_PROVIDER=off, starts no demo provider", async () => {
    expect(await isListening(ports.demoPort)).toBe(false);
    expect(app!.output()).not.toContain("Demo OAuth provider");
  });

  it("stops both workers on SIGTERM with exit code 0", async () => {
    expect(await app!.stop("SIGTERM")).toBe(0);
    const out = app!.output();
    expect(out).toMatch(/^\[worker-1\] .*worker stopped/m);
    expect(out).toMatch(/^\[worker-2\] .*worker stopped/m);
    expect(out).not.toMatch(/exited unexpectedly/);
  });
});
