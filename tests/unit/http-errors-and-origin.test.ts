import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

type Http = typeof import("@/lib/server/http");
let http: Http;

beforeAll(async () => {
  Object.assign(process.env, {
    DATABASE_URL: "postgresql://u:p@127.0.0.1:5432/db",
    NEXTAUTH_URL: "https://authpulse.example.com",
    NEXTAUTH_SECRET: "x".repeat(40),
    LOG_LEVEL: "silent",
  });
  http = await import("@/lib/server/http");
});

const post = (headers: Record<string, string>) => new Request("https://authpulse.example.com/api/thing", { method: "POST", headers });

describe("mutating routes refuse cross-site requests", () => {
  it("accepts a POST from the app's own origin", () => {
    expect(() => http.assertSameOrigin(post({ origin: "https://authpulse.example.com" }))).not.toThrow();
  });

  it("refuses a POST from another site, from a look-alike host, and with no origin at all", () => {
    const attempts: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "https://authpulse.example.com.evil.example" }, { origin: "http://authpulse.example.com" }, {}];
    for (const headers of attempts) {
      expect(() => http.assertSameOrigin(post(headers))).toThrowError(/Cross-site request refused/);
    }
  });

  it("falls back to the Referer when a browser sends no Origin", () => {
    expect(() => http.assertSameOrigin(post({ referer: "https://authpulse.example.com/settings" }))).not.toThrow();
    expect(() => http.assertSameOrigin(post({ referer: "https://evil.example/form" }))).toThrow();
  });

  it("lets reads through without an origin", () => {
    expect(() => http.assertSameOrigin(new Request("https://authpulse.example.com/api/thing"))).not.toThrow();
  });

  it("answers a cross-site POST through the wrapper with 403 JSON, without running the handler", async () => {
    let ran = false;
    const handler = http.route(async () => {
      ran = true;
      return Response.json({ ok: true });
    });
    const response = await handler(post({ origin: "https://evil.example" }), { params: Promise.resolve({}) });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: "FORBIDDEN", message: "Cross-site request refused." } });
    expect(ran).toBe(false);
  });
});

describe("one error mapper", () => {
  it("maps a ServiceError to its status with the safe message and field errors", async () => {
    const response = http.errorResponse(new http.ServiceError("NOT_FOUND", "Member not found.", { details: { internal: "secret-detail-x" } }));
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual({ error: { code: "NOT_FOUND", message: "Member not found." } });
    expect(body).not.toContain("secret-detail-x");
  });

  it("maps a zod error to 400 with the failing fields", async () => {
    const result = z.object({ email: z.email() }).safeParse({ email: "nope" });
    const response = http.errorResponse(result.error);
    expect(response.status).toBe(400);
    expect((await response.json()) as unknown).toMatchObject({ error: { code: "BAD_REQUEST", fields: { email: expect.any(String) } } });
  });

  it("hides an unexpected error's message and stack behind a generic 500", async () => {
    const response = http.errorResponse(new Error("connect ECONNREFUSED postgresql://admin:hunter2@db"));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).not.toContain("hunter2");
    expect(body).not.toContain("ECONNREFUSED");
    expect(JSON.parse(body)).toEqual({ error: { code: "INTERNAL", message: "Something went wrong on our side." } });
  });
});
