import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/server/logger";

const CANARY = "canary-secret-4b2e9d";

/** A logger whose JSON lines land in `lines`. */
function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      callback();
    },
  });
  return { log: createLogger({ destination, level: "debug" }), lines, text: () => lines.join("\n") };
}

const secretFields = [
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
  "DATABASE_URL",
  "NEXTAUTH_SECRET",
];

describe("logger redaction", () => {
  it.each(secretFields)("hides %s at the top level, one level deep and two levels deep", (field) => {
    const { log, lines, text } = capture();
    log.info({ [field]: `${CANARY}-0` }, "top");
    log.warn({ provider: { [field]: `${CANARY}-1` } }, "one level");
    log.error({ request: { body: { [field]: `${CANARY}-2` } } }, "two levels");
    expect(text()).not.toContain(CANARY);
    const [top, one, two] = lines.map((line) => JSON.parse(line));
    expect(top[field]).toBe("[redacted]");
    expect(one.provider[field]).toBe("[redacted]");
    expect(two.request.body[field]).toBe("[redacted]");
  });

  it("keeps the fields around the secret readable", () => {
    const { log, lines } = capture();
    log.info({ connection: "hubspot", token_response: { refresh_token: CANARY, expires_in: 3600 } }, "refreshed");
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({ msg: "refreshed", connection: "hubspot", token_response: { refresh_token: "[redacted]", expires_in: 3600 } });
  });

  it("hides the Authorization and Cookie request headers", () => {
    const { log, text } = capture();
    log.info({ req: { method: "POST", url: "/api/v1/token", headers: { authorization: `Bearer ${CANARY}`, cookie: `s=${CANARY}` } } }, "request");
    expect(text()).not.toContain(CANARY);
    expect(text()).toContain('"url":"/api/v1/token"');
  });

  it("hides secrets in child-logger bindings and in arrays of objects", () => {
    const { log, text } = capture();
    log.child({ password: CANARY }).info("child");
    log.info({ credentials: [{ client_secret: CANARY }, { client_secret: CANARY }] }, "array");
    expect(text()).not.toContain(CANARY);
  });
});

describe("redaction at any depth and letter case", () => {
  it("hides a secret three levels deep and a capitalised Authorization header", async () => {
    const { createLogger } = await import("@/lib/server/logger");
    const lines: string[] = [];
    const log = createLogger({ level: "info", destination: { write: (line: string) => lines.push(line) } });
    const canary = "canary-deep-3c9e1f27";
    log.info({ a: { b: { c: { client_secret: canary } } }, headers: { Authorization: `Bearer ${canary}` }, list: [{ Refresh_Token: canary }] }, "deep");
    expect(lines.join("")).toContain("deep");
    expect(lines.join("")).not.toContain(canary);
  });
});
