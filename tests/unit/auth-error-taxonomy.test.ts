import { describe, expect, it } from "vitest";
import { backoffMs, classifyAuthFailure, MAX_ATTEMPTS, type AuthFailureInput } from "@/lib/server/auth-events/classify";
import { parseRetryAfterMs, readQuota } from "@/lib/server/auth-events/retry-after";

const NOW = new Date("2025-01-15T12:00:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const zero = () => 0;
const half = () => 0.5;

function classify(input: AuthFailureInput) {
  return classifyAuthFailure({ now: NOW, random: zero, attempt: 1, ...input });
}

describe("auth error taxonomy: 429 rate limiting", () => {
  it("honours Retry-After in delta-seconds and reads quota (epoch seconds reset)", () => {
    const r = classify({
      status: 429,
      headers: { "Retry-After": "120", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": String(NOW_S + 300) },
    });
    expect(r).toEqual({
      class: "rate_limited",
      action: "retry",
      retryAfterMs: 120_000,
      oauthError: null,
      quota: { remaining: 0, resetAt: new Date("2025-01-15T12:05:00.000Z") },
      reason: "The provider is rate limiting requests.",
    });
  });

  it("honours Retry-After as an HTTP-date relative to now (Headers instance)", () => {
    const r = classify({ status: 429, headers: new Headers({ "retry-after": "Wed, 15 Jan 2025 12:01:30 GMT" }) });
    expect(r.class).toBe("rate_limited");
    expect(r.retryAfterMs).toBe(90_000);
    expect(r.quota).toBeNull();
  });

  it("treats a past HTTP-date as retry now", () => {
    expect(classify({ status: 429, headers: { "retry-after": "Wed, 15 Jan 2025 11:00:00 GMT" } }).retryAfterMs).toBe(0);
  });

  it("accepts the obsolete RFC 850 and asctime date forms", () => {
    expect(parseRetryAfterMs("Wednesday, 15-Jan-25 12:00:10 GMT", NOW)).toBe(10_000);
    expect(parseRetryAfterMs("Wed Jan 15 12:00:20 2025", NOW)).toBe(20_000);
  });

  it("reads X-RateLimit-Reset as delta seconds and uses it when Retry-After is missing", () => {
    const r = classify({ status: 429, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "45" } });
    expect(r.quota).toEqual({ remaining: 0, resetAt: new Date("2025-01-15T12:00:45.000Z") });
    expect(r.retryAfterMs).toBe(45_000);
  });

  it("falls back to exponential backoff when Retry-After is missing or garbage", () => {
    expect(classify({ status: 429 }).retryAfterMs).toBe(1000);
    for (const garbage of ["soon", "-5", "1.5", "", "   ", "Wed, 99 Foo 2025 99:99:99 GMT", "2025-01-15T12:01:00Z"]) {
      const r = classify({ status: 429, headers: { "Retry-After": garbage }, attempt: 2, random: half });
      expect(r.retryAfterMs, garbage).toBe(2250);
      expect(r.action).toBe("retry");
    }
  });

  it("ignores garbage quota headers without crashing", () => {
    expect(readQuota({ "X-RateLimit-Remaining": "lots", "X-RateLimit-Reset": "never" }, NOW)).toBeNull();
    expect(readQuota({ "X-RateLimit-Remaining": "17" }, NOW)).toEqual({ remaining: 17, resetAt: null });
  });

  it("records quota on non-429 responses too", () => {
    const r = classify({ status: 403, headers: { "X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": String(NOW_S + 60) } });
    expect(r.quota).toEqual({ remaining: 4999, resetAt: new Date("2025-01-15T12:01:00.000Z") });
  });
});

describe("auth error taxonomy: 5xx and network errors", () => {
  it("backs off 1 s, 2 s, 4 s, 8 s for attempts 1–4 with no jitter", () => {
    expect([1, 2, 3, 4].map((attempt) => classify({ status: 500, attempt }).retryAfterMs)).toEqual([1000, 2000, 4000, 8000]);
  });

  it("adds up to +25% jitter from the injected random", () => {
    expect(classify({ status: 502, attempt: 1, random: () => 0.999999 }).retryAfterMs).toBe(1249);
    expect(classify({ status: 504, attempt: 3, random: half }).retryAfterMs).toBe(4500);
    expect(backoffMs(2, () => 1)).toBeLessThanOrEqual(2500);
  });

  it.each([500, 502, 504])("%i → provider_unavailable retry", (status) => {
    expect(classify({ status, attempt: 2 })).toEqual({
      class: "provider_unavailable",
      action: "retry",
      retryAfterMs: 2000,
      oauthError: null,
      quota: null,
      reason: "The provider is temporarily unavailable.",
    });
  });

  it("503 without Retry-After backs off 30–60 s", () => {
    expect(classify({ status: 503, random: zero }).retryAfterMs).toBe(30_000);
    expect(classify({ status: 503, random: half }).retryAfterMs).toBe(45_000);
    expect(classify({ status: 503, random: () => 0.999999 }).retryAfterMs).toBe(59_999);
  });

  it("503 with Retry-After honours it", () => {
    expect(classify({ status: 503, headers: { "Retry-After": "7" } }).retryAfterMs).toBe(7000);
  });

  it.each(["timeout", "connection_reset", "dns", "connection_refused", "tls"] as const)(
    "network error %s → network retry with backoff",
    (networkError) => {
      const r = classify({ networkError, attempt: 3, random: half });
      expect(r.class).toBe("network");
      expect(r.action).toBe("retry");
      expect(r.retryAfterMs).toBe(4500);
      expect(r.oauthError).toBeNull();
    },
  );

  it("HTML error page with a 5xx → provider_unavailable", () => {
    const r = classify({ status: 502, body: "<!DOCTYPE html><html><body>Bad Gateway secret=abc</body></html>" });
    expect(r.class).toBe("provider_unavailable");
    expect(r.action).toBe("retry");
    expect(r.reason).toBe("The provider returned an error page instead of an API response.");
  });
});

describe("auth error taxonomy: attempt cap (≤ 5 calls per refresh)", () => {
  it("stops and alerts once the fifth call has failed", () => {
    expect(MAX_ATTEMPTS).toBe(5);
    for (const input of [{ status: 500 }, { status: 503 }, { status: 429, headers: { "Retry-After": "1" } }, { networkError: "timeout" as const }]) {
      expect(classify({ ...input, attempt: 4 }).action).toBe("retry");
      for (const attempt of [5, 6, 99]) {
        const r = classify({ ...input, attempt });
        expect(r.action).toBe("stop_and_alert");
        // A 429 keeps the provider's Retry-After: whatever comes next must not come sooner.
        expect(r.retryAfterMs).toBe(input.status === 429 ? 1000 : null);
        expect(r.reason).toContain("gave up after 5 attempts");
      }
    }
  });

  it("keeps the class when giving up", () => {
    expect(classify({ status: 500, attempt: 5 })).toEqual({
      class: "provider_unavailable",
      action: "stop_and_alert",
      retryAfterMs: null,
      oauthError: null,
      quota: null,
      reason: "The provider is temporarily unavailable; gave up after 5 attempts.",
    });
  });

  it("treats a missing or nonsense attempt as attempt 1", () => {
    for (const attempt of [undefined, 0, -3, Number.NaN]) {
      expect(classifyAuthFailure({ status: 500, attempt, now: NOW, random: zero }).retryAfterMs).toBe(1000);
    }
  });
});

describe("auth error taxonomy: 401 and OAuth error codes", () => {
  it("401 refreshes then retries on the first attempt, then stops", () => {
    expect(classify({ status: 401, attempt: 1 })).toEqual({
      class: "unauthorized",
      action: "refresh_then_retry",
      retryAfterMs: 0,
      oauthError: null,
      quota: null,
      reason: "The provider rejected the access token.",
    });
    const again = classify({ status: 401, attempt: 2 });
    expect(again.class).toBe("unauthorized");
    expect(again.action).toBe("stop_and_alert");
    expect(again.retryAfterMs).toBeNull();
  });

  it("invalid_grant → needs_reauth, stop_and_alert (400 body, string JSON)", () => {
    expect(classify({ status: 400, body: '{"error":"invalid_grant","error_description":"Token has been revoked."}' })).toEqual({
      class: "needs_reauth",
      action: "stop_and_alert",
      retryAfterMs: null,
      oauthError: "invalid_grant",
      quota: null,
      reason: "The authorization was revoked or expired; the user must reconnect.",
    });
  });

  it("invalid_grant in a 401 body is still needs_reauth, never a refresh loop", () => {
    const r = classify({ status: 401, body: { error: "invalid_grant" }, attempt: 1 });
    expect(r.class).toBe("needs_reauth");
    expect(r.action).toBe("stop_and_alert");
  });

  it.each(["invalid_client", "unauthorized_client"])("%s → configuration_error, not needs_reauth", (code) => {
    for (const status of [400, 401]) {
      const r = classify({ status, body: { error: code } });
      expect(r.class).toBe("configuration_error");
      expect(r.action).toBe("stop_and_alert");
      expect(r.oauthError).toBe(code);
      expect(r.retryAfterMs).toBeNull();
    }
  });

  it("invalid_token in a body → unauthorized", () => {
    const r = classify({ status: 401, body: '{"error":"invalid_token"}' });
    expect(r).toMatchObject({ class: "unauthorized", action: "refresh_then_retry", oauthError: "invalid_token" });
  });

  it("insufficient_scope → permission stop_and_alert", () => {
    const r = classify({ status: 403, body: { error: "insufficient_scope" } });
    expect(r).toMatchObject({ class: "permission", action: "stop_and_alert", retryAfterMs: null, oauthError: "insufficient_scope" });
  });

  it("temporarily_unavailable → provider_unavailable retry", () => {
    const r = classify({ status: 400, body: { error: "temporarily_unavailable" }, attempt: 2 });
    expect(r).toMatchObject({ class: "provider_unavailable", action: "retry", retryAfterMs: 2000, oauthError: "temporarily_unavailable" });
  });

  it("reads the WWW-Authenticate Bearer error form", () => {
    const r = classify({ status: 401, headers: { "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", error_description="The access token expired"' } });
    expect(r).toMatchObject({ class: "unauthorized", action: "refresh_then_retry", oauthError: "invalid_token" });
    const scope = classify({ status: 403, headers: new Headers({ "www-authenticate": 'Bearer error="insufficient_scope", scope="read"' }) });
    expect(scope).toMatchObject({ class: "permission", oauthError: "insufficient_scope" });
    const unquoted = classify({ status: 401, headers: { "www-authenticate": "Basic realm=x, Bearer error=invalid_token" } });
    expect(unquoted.oauthError).toBe("invalid_token");
    expect(classify({ status: 401, headers: { "www-authenticate": 'Basic realm="error=invalid_grant"' } }).oauthError).toBeNull();
  });

  it("the JSON body error wins over the header", () => {
    const r = classify({ status: 401, body: { error: "invalid_grant" }, headers: { "www-authenticate": 'Bearer error="invalid_token"' } });
    expect(r.class).toBe("needs_reauth");
  });

  it("a 400 without an OAuth error is not_retryable; an unknown OAuth code falls back to the status", () => {
    expect(classify({ status: 400, body: "{}" })).toMatchObject({ class: "not_retryable", action: "stop_and_alert", oauthError: null });
    expect(classify({ status: 400, body: { error: "invalid_request" } })).toMatchObject({ class: "not_retryable", oauthError: "invalid_request" });
    expect(classify({ status: 401, body: { error: "something_new" } })).toMatchObject({ class: "unauthorized", action: "refresh_then_retry" });
  });
});

describe("auth error taxonomy: other statuses", () => {
  it("403 → permission stop_and_alert", () => {
    expect(classify({ status: 403 })).toEqual({
      class: "permission",
      action: "stop_and_alert",
      retryAfterMs: null,
      oauthError: null,
      quota: null,
      reason: "The connection lacks the scope or role for this request.",
    });
  });

  it.each([400, 404])("%i → not_retryable", (status) => {
    expect(classify({ status })).toMatchObject({ class: "not_retryable", action: "stop_and_alert", retryAfterMs: null });
  });

  it("407 → proxy_auth", () => {
    expect(classify({ status: 407, body: { error: "invalid_grant" } })).toMatchObject({ class: "proxy_auth", action: "stop_and_alert", retryAfterMs: null });
  });

  it("no status and no network error → unknown", () => {
    expect(classify({})).toMatchObject({ class: "unknown", action: "stop_and_alert" });
    expect(classify({ status: 302 })).toMatchObject({ class: "unknown", action: "stop_and_alert" });
  });
});

describe("auth error taxonomy: defensive parsing and safe reasons", () => {
  const bodies: Array<string | Record<string, unknown>> = [
    "not json at all SECRET-TOKEN-123",
    '{"error": "invalid_grant", broken SECRET-TOKEN-123',
    "[1,2,3]",
    "null",
    '{"error": {"code": 401, "message": "SECRET-TOKEN-123"}}',
    '{"error": "<script>alert(1)</script>SECRET-TOKEN-123"}',
    { error: 42, error_description: "SECRET-TOKEN-123" },
    "<html><title>SECRET-TOKEN-123</title></html>",
    "x".repeat(200_000),
  ];

  it("never crashes on garbage bodies and never echoes body text", () => {
    for (const status of [400, 401, 403, 429, 500, 503]) {
      for (const body of bodies) {
        const r = classify({ status, body, headers: { "WWW-Authenticate": 'Bearer error="SECRET-TOKEN-123 x"' } });
        expect(r.reason).not.toContain("SECRET");
        expect(r.reason).not.toContain("<");
        expect(r.reason.length).toBeLessThan(120);
        expect(r.oauthError === null || /^[A-Za-z0-9_.:-]+$/.test(r.oauthError)).toBe(true);
      }
    }
  });

  it("does not echo error_description in reason", () => {
    const r = classify({ status: 400, body: { error: "invalid_grant", error_description: "user bob@example.com revoked SECRET" } });
    expect(r.reason).not.toMatch(/bob|SECRET|revoked SECRET/);
  });

  it("tolerates a random() that throws or returns nonsense", () => {
    expect(classifyAuthFailure({ status: 500, now: NOW, random: () => Number.NaN }).retryAfterMs).toBe(1000);
    expect(classifyAuthFailure({ status: 500, now: NOW, random: () => { throw new Error("x"); } }).retryAfterMs).toBe(1000);
  });
});
