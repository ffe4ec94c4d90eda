import { describe, expect, it } from "vitest";
import { databaseUrlSchema, EnvError, isOidcConfigured, parseEnv, parseWorkerEnv } from "@/lib/server/env";
import { parseLauncherEnv } from "@/lib/server/launcher/launcher-env";

const CANARY = "canary-db-pass-5e1b77";
const valid = {
  DATABASE_URL: "postgresql://authpulse:secret@127.0.0.1:5432/authpulse",
  NEXTAUTH_URL: "http://localhost:3000",
  NEXTAUTH_SECRET: "x".repeat(32),
};

/** The message of what `fn` throws (fails the test when it does not throw). */
function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a throw");
}

describe("parseEnv", () => {
  it("fills in defaults for everything optional", () => {
    const env = parseEnv(valid);
    expect(env).toMatchObject({
      NODE_ENV: "development",
      AUTHPULSE_DATA_DIR: ".authpulse",
      LOG_LEVEL: "info",
      SESSION_IDLE_MINUTES: 720,
      SESSION_ABSOLUTE_HOURS: 168,
      AUTH_OIDC_NAME: "Single sign-on",
      AUTH_DISABLE_PASSWORD_LOGIN: false,
      WORKER_STALE_SECONDS: 30,
    });
    expect(isOidcConfigured(env)).toBe(false);
  });

  it("reads numbers and yes/no flags from strings", () => {
    const env = parseEnv({ ...valid, SESSION_IDLE_MINUTES: "30", SESSION_ABSOLUTE_HOURS: "8", AUTH_DISABLE_PASSWORD_LOGIN: "yes" });
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.SESSION_ABSOLUTE_HOURS).toBe(8);
    expect(env.AUTH_DISABLE_PASSWORD_LOGIN).toBe(true);
    expect(parseEnv({ ...valid, AUTH_DISABLE_PASSWORD_LOGIN: "0" }).AUTH_DISABLE_PASSWORD_LOGIN).toBe(false);
  });

  it.each([
    ["no scheme separator", `postgresql//authpulse:${CANARY}@db:5432/authpulse`],
    ["another database", `mysql://authpulse:${CANARY}@db:3306/authpulse`],
    ["no host", `postgresql://authpulse:${CANARY}@/authpulse`],
    ["a stray space in the host", `postgresql://authpulse:${CANARY}@db host:5432/authpulse`],
    ["only the password", CANARY],
  ])("explains a malformed DATABASE_URL (%s) without echoing it", (_label, url) => {
    const error = errorOf(() => parseEnv({ ...valid, DATABASE_URL: url }));
    expect(error).toBeInstanceOf(EnvError);
    expect(error.message).toBe(
      "Invalid configuration:\n  - DATABASE_URL: DATABASE_URL must look like postgresql://user:password@host:5432/database",
    );
    expect(error.message).not.toContain(CANARY);
    expect(error.stack ?? "").not.toContain(CANARY);
  });

  it("says DATABASE_URL is not set when it is missing", () => {
    const { DATABASE_URL: _omit, ...rest } = valid;
    expect(errorOf(() => parseEnv(rest)).message).toContain("  - DATABASE_URL: DATABASE_URL is not set");
  });

  it("accepts both postgres:// and postgresql:// URLs and trims them", () => {
    expect(databaseUrlSchema.parse(" postgres://u:p@db/x \n")).toBe("postgres://u:p@db/x");
    expect(databaseUrlSchema.parse("postgresql://u:p@db:5433/x?sslmode=require")).toBe("postgresql://u:p@db:5433/x?sslmode=require");
  });

  it("lists every problem at once, one line per variable, without values", () => {
    const error = errorOf(() =>
      parseEnv({ DATABASE_URL: "nope", NEXTAUTH_URL: "localhost", NEXTAUTH_SECRET: CANARY, SESSION_IDLE_MINUTES: "1", LOG_LEVEL: "loud" }),
    );
    const lines = error.message.split("\n").slice(1);
    expect(lines.map((line) => line.split(":")[0]!.trim()).sort()).toEqual([
      "- DATABASE_URL",
      "- LOG_LEVEL",
      "- NEXTAUTH_SECRET",
      "- NEXTAUTH_URL",
      "- SESSION_IDLE_MINUTES",
    ]);
    expect(error.message).toContain("NEXTAUTH_SECRET must be at least 32 characters");
    expect(error.message).toContain("NEXTAUTH_URL must be the public URL of the app");
    expect(error.message).not.toContain(CANARY);
    expect(error.message).not.toContain("loud");
  });

  it("needs the client id and secret when an OIDC issuer is set", () => {
    const error = errorOf(() => parseEnv({ ...valid, AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_CLIENT_ID: "authpulse" }));
    expect(error.message).toBe("Invalid configuration:\n  - AUTH_OIDC_ISSUER: AUTH_OIDC_ISSUER needs AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET");
    const env = parseEnv({ ...valid, AUTH_OIDC_ISSUER: "https://idp.example", AUTH_OIDC_CLIENT_ID: "authpulse", AUTH_OIDC_CLIENT_SECRET: CANARY });
    expect(isOidcConfigured(env)).toBe(true);
  });
});

describe("parseWorkerEnv", () => {
  it("needs only the database and defaults the heartbeat to 5 s", () => {
    const env = parseWorkerEnv({ DATABASE_URL: valid.DATABASE_URL });
    expect(env.WORKER_HEARTBEAT_SECONDS).toBe(5);
    expect(parseWorkerEnv({ DATABASE_URL: valid.DATABASE_URL, WORKER_HEARTBEAT_SECONDS: "0.5" }).WORKER_HEARTBEAT_SECONDS).toBe(0.5);
  });

  it("refuses a heartbeat faster than twice a second or a bad DATABASE_URL, without values", () => {
    const error = errorOf(() => parseWorkerEnv({ DATABASE_URL: `postgresql//u:${CANARY}@db/x`, WORKER_HEARTBEAT_SECONDS: "0.1" }));
    expect(error).toBeInstanceOf(EnvError);
    expect(error.message).toContain("  - DATABASE_URL: DATABASE_URL must look like postgresql://");
    expect(error.message).toContain("  - WORKER_HEARTBEAT_SECONDS:");
    expect(error.message).not.toContain(CANARY);
  });
});

describe("parseLauncherEnv", () => {
  it("starts on 127.0.0.1:3000 with the embedded database when nothing is set", () => {
    const env = parseLauncherEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env).toMatchObject({
      PORT: 3000,
      HOST: "127.0.0.1",
      AUTHPULSE_PG_PORT: 54329,
      DEMO_PROVIDER_PORT: 4010,
      AUTHPULSE_DEMO_PROVIDER: "on",
      AUTHPULSE_WORKERS: 1,
    });
  });

  it("treats an empty variable as unset", () => {
    const env = parseLauncherEnv({ PORT: "", DATABASE_URL: "" });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    ["abc", "PORT must be a port number"],
    ["70000", "PORT must be 1-65535"],
    ["0", "PORT must be 1-65535"],
    ["-1", "PORT must be 1-65535"],
    ["3000.5", "PORT must be a whole number"],
  ])("names the problem with PORT=%s", (value, message) => {
    const error = errorOf(() => parseLauncherEnv({ PORT: value }));
    expect(error).toBeInstanceOf(EnvError);
    expect(error.message).toBe(`Invalid configuration:\n  - PORT: ${message}`);
  });

  it("reads a valid PORT as a number", () => {
    expect(parseLauncherEnv({ PORT: "8080" }).PORT).toBe(8080);
  });

  it("refuses a malformed DATABASE_URL without echoing its password", () => {
    const error = errorOf(() => parseLauncherEnv({ DATABASE_URL: `postgres//authpulse:${CANARY}@db/authpulse` }));
    expect(error.message).toContain("DATABASE_URL must look like postgresql://");
    expect(error.message).not.toContain(CANARY);
  });
});
