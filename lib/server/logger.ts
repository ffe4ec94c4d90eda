import "server-only";
import pino, { type Logger } from "pino";

/**
 * Field names that may hold secrets anywhere in a log object. pino replaces their values
 * with "[redacted]"; a canary test asserts no secret reaches the output.
 */
export const redactedKeys = [
  "password",
  "passwordHash",
  "token",
  "tokenHash",
  "accessToken",
  "refreshToken",
  "idToken",
  "access_token",
  "refresh_token",
  "id_token",
  "clientSecret",
  "client_secret",
  "secret",
  "apiKey",
  "api_key",
  "authorization",
  "cookie",
  "privateKey",
  "masterKey",
  "key",
  "code",
  "code_verifier",
  "assertion",
  "newSecret",
  "privateKeyPem",
  "secretSealed",
  "seedSealed",
  "clientSecretSealed",
  "accessTokenSealed",
  "refreshTokenSealed",
  "configSealed",
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
];

export const redactPaths = [
  ...redactedKeys,
  ...redactedKeys.map((key) => `*.${key}`),
  ...redactedKeys.map((key) => `*.*.${key}`),
  'req.headers["authorization"]',
  'req.headers["cookie"]',
];

const secretKeys = new Set(redactedKeys.map((k) => k.toLowerCase()));
const MAX_DEPTH = 8;

/** Copies a log object with every secret-named field replaced, at any depth and in any letter case. */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return "[truncated]";
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = secretKeys.has(key.toLowerCase()) ? "[redacted]" : redactDeep(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/** Creates a logger with Authpulse's redaction rules; `destination` lets tests capture output. */
export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  const config = {
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    name: options.name ?? "authpulse",
    redact: { paths: redactPaths, censor: "[redacted]" },
    // The path list above is fast but fixed-depth and case-sensitive; this catches the rest.
    formatters: { log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown> },
    base: { pid: process.pid },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

let root: Logger | undefined;

export function logger(): Logger {
  root ??= createLogger({ name: process.env.AUTHPULSE_PROCESS ?? "authpulse" });
  return root;
}
