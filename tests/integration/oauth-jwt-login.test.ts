import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performJwtLogin, type JwtLoginInput } from "@/lib/server/oauth/jwt-login";
import { JwtLoginError } from "@/lib/server/oauth/jwt-login-error";

const password = `canary-login-password-${randomBytes(12).toString("hex")}`;
const apiKey = `canary-login-api-key-${randomBytes(12).toString("hex")}`;
const signingKey = new TextEncoder().encode(randomBytes(32).toString("hex"));

interface Received {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe("Clay-style JWT login against a local HTTP API", () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        void (async () => {
          const body = Buffer.concat(chunks).toString("utf8");
          received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body });
          const send = (status: number, payload: unknown, contentType = "application/json") => {
            response.writeHead(status, { "content-type": contentType });
            response.end(typeof payload === "string" ? payload : JSON.stringify(payload));
          };
          if (request.url === "/api/login" && request.method === "POST") {
            const credentials = JSON.parse(body) as { email?: string; password?: string };
            if (request.headers["x-api-key"] !== apiKey || credentials.password !== password) {
              // A careless API that echoes what it was sent.
              send(401, { error: { message: `Invalid credentials for ${credentials.email ?? "?"} with password ${credentials.password ?? "?"}` } });
              return;
            }
            const exp = Math.floor(Date.now() / 1000) + 1800;
            const token = await new SignJWT({ scope: "tables.read" }).setProtectedHeader({ alg: "HS256" }).setSubject(credentials.email ?? "").setIssuedAt().setExpirationTime(exp).sign(signingKey);
            send(200, { data: { token, user: { email: credentials.email } } });
            return;
          }
          if (request.url === "/web/login") {
            send(200, "<!DOCTYPE html><html><body><form method=post>Sign in</form></body></html>", "text/html; charset=utf-8");
            return;
          }
          send(404, { message: "no such route" });
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => {
      server?.close(() => resolve());
      server?.closeAllConnections();
    });
  });

  function login(overrides: Partial<JwtLoginInput> = {}): JwtLoginInput {
    return {
      method: "POST",
      url: `${base}/api/login`,
      headers: { "X-Api-Key": apiKey },
      body: { email: "ops@example.com", password, otp: null, device: { name: "authpulse", label: null } },
      removeNulls: true,
      tokenPath: "data.token",
      ...overrides,
    };
  }

  it("logs in, reads data.token and takes the expiry from the JWT's exp", async () => {
    const before = Date.now();
    const result = await performJwtLogin(login());
    const { payload } = await jwtVerify(result.token, signingKey);
    expect(payload.sub).toBe("ops@example.com");
    expect(result.headerName).toBe("Authorization");
    expect(result.headerValue).toBe(`Bearer ${result.token}`);
    expect(result.expirySource).toBe("jwt");
    expect(result.expiresAt?.getTime()).toBe((payload.exp ?? 0) * 1000);
    expect(result.expiresAt?.getTime()).toBeGreaterThan(before + 1700 * 1000);
  });

  it("sends the body without null fields when removeNulls is on, and as given when off", async () => {
    await performJwtLogin(login());
    const stripped = received.at(-1);
    expect(stripped?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(stripped?.body ?? "")).toEqual({ email: "ops@example.com", password, device: { name: "authpulse" } });

    await performJwtLogin(login({ removeNulls: false }));
    expect(JSON.parse(received.at(-1)?.body ?? "")).toEqual({ email: "ops@example.com", password, otp: null, device: { name: "authpulse", label: null } });
  });

  it("reports a 401 login clearly, without the password or API key", async () => {
    const error = await performJwtLogin(login({ body: { email: "ops@example.com", password: `${password}-wrong` } })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwtLoginError);
    const loginError = error as JwtLoginError;
    expect(loginError.reason).toBe("http_error");
    expect(loginError.status).toBe(401);
    expect(loginError.message).toMatch(/^The login request failed with HTTP 401\. Check the credentials in the login request\./);
    expect(loginError.message).not.toContain(password);
    expect(loginError.message).not.toContain(apiKey);
    expect(loginError.message).toContain("[redacted]");
  });

  it("names the missing path and the keys present", async () => {
    const error = await performJwtLogin(login({ tokenPath: "data.jwt" })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwtLoginError);
    expect((error as JwtLoginError).message).toBe('The login response has no token at "data.jwt". "data" exists; its keys: token, user. Top-level keys: data.');
  });

  it("refuses an HTML login page and a wrong URL", async () => {
    const html = await performJwtLogin(login({ url: `${base}/web/login` })).catch((caught: unknown) => caught);
    expect((html as JwtLoginError).reason).toBe("html_response");
    const missing = await performJwtLogin(login({ url: `${base}/api/nope` })).catch((caught: unknown) => caught);
    expect(missing).toMatchObject({ reason: "http_error", status: 404 });
    expect((missing as JwtLoginError).message).toBe('The login request failed with HTTP 404. Check the login URL. The service said: "no such route"');
  });
});
