import { describe, expect, it } from "vitest";
import { DAY, HOUR, MINUTE } from "@/lib/clock";
import type { AuthFailureClass } from "@/lib/server/auth-events/classify";
import { classifyAuthFailure } from "@/lib/server/auth-events/classify";
import {
  EXHAUSTED_AFTER_MS,
  NO_REFRESH_TOKEN_REASON,
  planFailure,
  planSuccess,
  planWithoutRefreshToken,
  REFRESH_RESPONSE_LOST_REASON,
  scheduleAfterSuccess,
  type RefreshState,
  type SchedulePolicy,
} from "@/lib/server/refresh/plan-outcome";

const now = new Date("2026-11-23T03:00:00.000Z");
const state = (over: Partial<RefreshState> = {}): RefreshState => ({ previousHealth: "healthy", refreshAttempt: 0, refreshFailingSince: null, recovering: false, lastRefreshError: null, answerMaybeLost: false, ...over });
const policy: SchedulePolicy = { defaultLifetimeMs: HOUR, idleExpiryDays: 14, hasRefreshToken: true };
const fail = (input: Parameters<typeof classifyAuthFailure>[0]): AuthFailureClass => classifyAuthFailure({ now, random: () => 0, ...input });

describe("success", () => {
  it("is healthy, scheduled at 80% of the lifetime, attempt counter reset", () => {
    const plan = planSuccess(state({ refreshAttempt: 2 }), { now, expiresAt: new Date(now.getTime() + HOUR), policy });
    expect(plan).toMatchObject({ health: "healthy", status: "active", refreshAttempt: 0, refreshFailingSince: null, lastRefreshError: null });
    expect(plan.nextRefreshAt!.getTime()).toBe(now.getTime() + 48 * MINUTE);
    expect(plan.event).toMatchObject({ class: "success", attempt: 3 });
  });

  it("after failures it is a 'recovered' event", () => {
    expect(planSuccess(state({ previousHealth: "degraded" }), { now, expiresAt: null, policy }).event.class).toBe("recovered");
    expect(planSuccess(state({ refreshFailingSince: new Date(now.getTime() - HOUR) }), { now, expiresAt: null, policy }).event.class).toBe("recovered");
    expect(planSuccess(state({ previousHealth: "exhausted" }), { now, expiresAt: null, policy }).event.class).toBe("recovered");
  });

  it("a non-expiring token with an idle-expiring refresh token is kept alive before the idle window ends", () => {
    const at = scheduleAfterSuccess({ now, expiresAt: null, policy: { defaultLifetimeMs: null, idleExpiryDays: 14, hasRefreshToken: true } });
    // 14 days idle, refreshed 20% (2.8 days) before it would die.
    expect(at!.getTime()).toBe(now.getTime() + 14 * DAY - 0.2 * 14 * DAY);
    expect(scheduleAfterSuccess({ now, expiresAt: null, policy: { defaultLifetimeMs: null, idleExpiryDays: "none", hasRefreshToken: true } })).toBeNull();
  });
});

describe("failure classes", () => {
  it("invalid_grant → needs re-auth, nothing scheduled", () => {
    const plan = planFailure(state(), fail({ status: 400, body: { error: "invalid_grant" } }), now);
    expect(plan).toMatchObject({ health: "needs_reauth", status: "needs_reauth", nextRefreshAt: null, lastRefreshError: "needs_reauth" });
    expect(plan.event).toMatchObject({ class: "needs_reauth", action: "stop_and_alert", attempt: 1 });
  });

  it("invalid_grant after a crash or a lost answer → 'refresh response lost'", () => {
    for (const s of [state({ recovering: true }), state({ lastRefreshError: "network", refreshAttempt: 1 })]) {
      const plan = planFailure(s, fail({ status: 400, body: { error: "invalid_grant" } }), now);
      expect(plan).toMatchObject({ health: "needs_reauth", healthReason: REFRESH_RESPONSE_LOST_REASON, lastRefreshError: "refresh_response_lost" });
    }
  });

  it("remembers a possibly lost answer through later transient failures, and forgets it on success", () => {
    let s = state();
    const steps = [fail({ networkError: "timeout" }), fail({ status: 500 }), fail({ status: 429, headers: { "retry-after": "3" } }), fail({ status: 503 })];
    for (const failure of steps) {
      const plan = planFailure(s, failure, now);
      expect(plan.answerMaybeLost).toBe(true);
      s = state({ previousHealth: plan.health, refreshAttempt: plan.refreshAttempt, refreshFailingSince: plan.refreshFailingSince, lastRefreshError: plan.lastRefreshError, answerMaybeLost: plan.answerMaybeLost });
    }
    expect(planFailure(s, fail({ status: 400, body: { error: "invalid_grant" } }), now).event.class).toBe("refresh_response_lost");
    expect(planSuccess(s, { now, expiresAt: null, policy }).answerMaybeLost).toBe(false);
    // Without a network failure in the streak, a 5xx does not make invalid_grant a lost answer.
    const plain = planFailure(state(), fail({ status: 500 }), now);
    expect(plain.answerMaybeLost).toBe(false);
  });

  it("invalid_client / unauthorized_client / a bare 401 at the token endpoint → configuration error", () => {
    for (const f of [fail({ status: 401, body: { error: "invalid_client" } }), fail({ status: 400, body: { error: "unauthorized_client" } }), fail({ status: 401 })]) {
      const plan = planFailure(state(), f, now);
      expect(plan).toMatchObject({ health: "config_error", status: "error", nextRefreshAt: null, lastRefreshError: "configuration_error" });
    }
  });

  it("403, 404 and 407 stop with a configuration error naming the class", () => {
    expect(planFailure(state(), fail({ status: 403 }), now).lastRefreshError).toBe("permission");
    expect(planFailure(state(), fail({ status: 404 }), now).lastRefreshError).toBe("not_retryable");
    expect(planFailure(state(), fail({ status: 407 }), now).lastRefreshError).toBe("proxy_auth");
  });

  it("429 honours Retry-After; 5xx and network back off 1 s, 2 s, 4 s…; 503 without Retry-After waits 30–60 s", () => {
    const rate = planFailure(state(), fail({ status: 429, headers: { "retry-after": "7" } }), now);
    expect(rate).toMatchObject({ health: "degraded", status: null, refreshAttempt: 1, lastRefreshError: "rate_limited" });
    expect(rate.nextRefreshAt!.getTime() - now.getTime()).toBe(7000);
    const second = planFailure(state({ refreshAttempt: 1 }), fail({ status: 502, attempt: 2 }), now);
    expect(second.nextRefreshAt!.getTime() - now.getTime()).toBe(2000);
    const net = planFailure(state({ refreshAttempt: 2 }), fail({ networkError: "timeout", attempt: 3 }), now);
    expect(net.nextRefreshAt!.getTime() - now.getTime()).toBe(4000);
    const unavailable = planFailure(state(), fail({ status: 503 }), now);
    expect(unavailable.nextRefreshAt!.getTime() - now.getTime()).toBe(30_000);
  });

  it("the fifth failed call ends the refresh: counter reset, a cool-down of at least 5 minutes, still degraded", () => {
    const plan = planFailure(state({ refreshAttempt: 4, refreshFailingSince: new Date(now.getTime() - MINUTE) }), fail({ status: 500, attempt: 5 }), now);
    expect(plan).toMatchObject({ health: "degraded", refreshAttempt: 0 });
    expect(plan.event).toMatchObject({ action: "stop_and_alert", attempt: 5 });
    expect(plan.nextRefreshAt!.getTime() - now.getTime()).toBe(5 * MINUTE);
    const longFailing = planFailure(state({ refreshAttempt: 4, refreshFailingSince: new Date(now.getTime() - 2 * DAY) }), fail({ status: 500, attempt: 5 }), now);
    expect(longFailing.nextRefreshAt!.getTime() - now.getTime()).toBe(HOUR);
  });

  it("a fifth call answered 429 waits for the longer of its Retry-After and the cool-down, and records that wait", () => {
    const plan = planFailure(state({ refreshAttempt: 4, refreshFailingSince: new Date(now.getTime() - MINUTE) }), fail({ status: 429, headers: { "Retry-After": "1" }, attempt: 5 }), now);
    expect(plan.event).toMatchObject({ class: "rate_limited", action: "stop_and_alert", retryAfterMs: 5 * MINUTE, attempt: 5 });
    expect(plan.nextRefreshAt!.getTime() - now.getTime()).toBe(5 * MINUTE);
    const longWait = planFailure(state({ refreshAttempt: 4, refreshFailingSince: new Date(now.getTime() - MINUTE) }), fail({ status: 429, headers: { "Retry-After": "900" }, attempt: 5 }), now);
    expect(longWait.nextRefreshAt!.getTime() - now.getTime()).toBe(900_000);
    expect(longWait.event.retryAfterMs).toBe(900_000);
  });

  it("failing for 4 days → exhausted; no more retries", () => {
    const plan = planFailure(state({ refreshFailingSince: new Date(now.getTime() - EXHAUSTED_AFTER_MS) }), fail({ status: 500 }), now);
    expect(plan).toMatchObject({ health: "exhausted", status: "error", nextRefreshAt: null, lastRefreshError: "exhausted" });
  });

  it("keeps the first failure time across failures", () => {
    const since = new Date(now.getTime() - HOUR);
    expect(planFailure(state({ refreshFailingSince: since }), fail({ status: 500 }), now).refreshFailingSince).toEqual(since);
    expect(planFailure(state(), fail({ status: 500 }), now).refreshFailingSince).toEqual(now);
  });
});

describe("no refresh token", () => {
  it("waits for the access token's expiry, then needs re-auth", () => {
    const later = new Date(now.getTime() + HOUR);
    expect(planWithoutRefreshToken(state({ previousHealth: "refreshing" }), { now, accessTokenExpiresAt: later })).toMatchObject({ health: "healthy", nextRefreshAt: later, healthReason: NO_REFRESH_TOKEN_REASON });
    expect(planWithoutRefreshToken(state(), { now, accessTokenExpiresAt: now })).toMatchObject({ health: "needs_reauth", nextRefreshAt: null });
  });
});
