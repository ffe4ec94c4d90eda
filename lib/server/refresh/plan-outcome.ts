import "server-only";
import { DAY, HOUR, MINUTE } from "@/lib/clock";
import type { AuthFailureClass } from "@/lib/server/auth-events/classify";
import type { AuthEventClass, ConnectionHealth } from "@/lib/server/generated/prisma/enums";
import { combineNextRun, keepaliveAt, nextRefreshAt, type KeepaliveInput } from "./schedule";

/**
 * The connection-health state machine of the refresh engine (issue 6), pure:
 * healthy → refreshing → degraded (retrying) → needs_reauth / config_error / exhausted, and back
 * to healthy with a "recovered" event. The caller commits the plan with the fencing token.
 */

/** After failing this long without a single success, stop retrying (Nango uses 4 days). */
export const EXHAUSTED_AFTER_MS = 4 * DAY;
/** Between two refresh episodes of a failing connection (each up to 5 calls): a quarter of the time it has been failing, 5 min to 1 h. */
export const EPISODE_COOLDOWN_MIN_MS = 5 * MINUTE;
export const EPISODE_COOLDOWN_MAX_MS = HOUR;

export const REFRESH_RESPONSE_LOST_REASON =
  "Refresh response lost: an earlier refresh reached the provider but its answer was never saved (the worker stopped, or the connection dropped), and the provider now rejects the old refresh token, as providers that rotate refresh tokens do. Reconnect to get a new one.";
export const NO_REFRESH_TOKEN_REASON = "The provider issued no refresh token, so the access token cannot be renewed. Reconnect.";
export const EXHAUSTED_REASON = "Every refresh has failed for more than 4 days; Authpulse stopped retrying. Fix the cause, then press Refresh now or reconnect.";

const failingHealth: ReadonlySet<ConnectionHealth> = new Set(["degraded", "needs_reauth", "config_error", "exhausted"]);
const retryableClasses: ReadonlySet<AuthFailureClass["class"]> = new Set(["rate_limited", "provider_unavailable", "network"]);

export type RefreshState = {
  /** Health before the claim set it to "refreshing". */
  previousHealth: ConnectionHealth;
  /** Provider calls already made in this refresh. */
  refreshAttempt: number;
  refreshFailingSince: Date | null;
  /** The previous attempt never committed (in-flight marker found by the claim). */
  recovering: boolean;
  /** Class of the previous failed call: after a timeout or reset the provider may have rotated the token without us seeing the answer. */
  lastRefreshError: AuthEventClass | null;
  /** Persisted across the failing streak: some call since the last success may have been answered without us seeing the answer. */
  answerMaybeLost: boolean;
};

export type SchedulePolicy = {
  /** Catalog default lifetime when the token response has no expires_in; null = tokens do not expire. */
  defaultLifetimeMs: number | null;
  idleExpiryDays: KeepaliveInput["idleExpiryDays"];
  /** Keepalive applies only to credentials with a refresh token. */
  hasRefreshToken: boolean;
};

export type RefreshPlan = {
  health: ConnectionHealth;
  healthReason: string | null;
  /** Lifecycle status to set, when it changes. */
  status: "active" | "needs_reauth" | "error" | null;
  nextRefreshAt: Date | null;
  refreshAttempt: number;
  refreshFailingSince: Date | null;
  lastRefreshError: AuthEventClass | null;
  answerMaybeLost: boolean;
  event: { class: AuthEventClass; action: string; reason: string | null; retryAfterMs: number | null; attempt: number };
};

/** When to work on a freshly refreshed credential next: 80% of its lifetime or the refresh-token keepalive, whichever is first. */
export function scheduleAfterSuccess(input: { now: Date; expiresAt: Date | null; policy: SchedulePolicy }): Date | null {
  const { now, expiresAt, policy } = input;
  const refreshAt =
    expiresAt !== null || policy.defaultLifetimeMs !== null
      ? nextRefreshAt({ issuedAt: now, expiresAt, now, defaultLifetimeMs: policy.defaultLifetimeMs ?? 1 })
      : null;
  const keepalive = policy.hasRefreshToken ? keepaliveAt({ lastRefreshedAt: now, idleExpiryDays: policy.idleExpiryDays, now }) : null;
  return combineNextRun({ refreshAt, keepaliveAt: keepalive });
}

export function planSuccess(state: RefreshState, input: { now: Date; expiresAt: Date | null; policy: SchedulePolicy }): RefreshPlan {
  const wasFailing = state.refreshFailingSince !== null || failingHealth.has(state.previousHealth);
  return {
    health: "healthy",
    healthReason: null,
    status: "active",
    nextRefreshAt: scheduleAfterSuccess(input),
    refreshAttempt: 0,
    refreshFailingSince: null,
    lastRefreshError: null,
    answerMaybeLost: false,
    event: { class: wasFailing ? "recovered" : "success", action: "none", reason: wasFailing ? "Refresh succeeded again." : null, retryAfterMs: null, attempt: state.refreshAttempt + 1 },
  };
}

/**
 * Whether an answer may have been lost, after this call: the previous holder crashed mid-call
 * (recovering), an earlier call of the streak failed on the network, or this one did. Transient
 * failures in between (429, 5xx) do not clear it; only a success does (SECURITY.md item 6).
 */
function maybeLostAfter(state: RefreshState, failed: AuthFailureClass["class"] | null): boolean {
  return state.answerMaybeLost || state.recovering || state.lastRefreshError === "network" || failed === "network";
}

function episodeCooldownMs(failingForMs: number): number {
  return Math.min(EPISODE_COOLDOWN_MAX_MS, Math.max(EPISODE_COOLDOWN_MIN_MS, Math.floor(failingForMs / 4)));
}

function terminal(state: RefreshState, health: "needs_reauth" | "config_error" | "exhausted", cls: AuthEventClass, reason: string, now: Date): RefreshPlan {
  return {
    health,
    healthReason: reason,
    status: health === "needs_reauth" ? "needs_reauth" : "error",
    nextRefreshAt: null,
    refreshAttempt: 0,
    refreshFailingSince: state.refreshFailingSince ?? now,
    lastRefreshError: cls,
    answerMaybeLost: maybeLostAfter(state, null),
    event: { class: cls, action: "stop_and_alert", reason, retryAfterMs: null, attempt: state.refreshAttempt + 1 },
  };
}

/** The plan for a failed token call, classified by the one taxonomy. */
export function planFailure(state: RefreshState, failure: AuthFailureClass, now: Date): RefreshPlan {
  const attempt = state.refreshAttempt + 1;
  const failingSince = state.refreshFailingSince ?? now;
  const failingFor = now.getTime() - failingSince.getTime();

  if (maybeLostAfter(state, null) && failure.oauthError === "invalid_grant") {
    return { ...terminal(state, "needs_reauth", "refresh_response_lost", REFRESH_RESPONSE_LOST_REASON, now), answerMaybeLost: false };
  }
  if (failure.class === "needs_reauth") return terminal(state, "needs_reauth", "needs_reauth", failure.reason, now);
  if (!retryableClasses.has(failure.class)) {
    // At the token endpoint a 401 (or any other refusal) means the client settings are wrong, not the user's grant.
    const reason = failure.class === "unauthorized" ? "The token endpoint rejected the client authentication (HTTP 401): check the OAuth app's client id and secret." : failure.reason;
    const cls: AuthEventClass = failure.class === "unauthorized" ? "configuration_error" : failure.class;
    return terminal(state, "config_error", cls, reason, now);
  }
  if (failingFor >= EXHAUSTED_AFTER_MS) return terminal(state, "exhausted", "exhausted", EXHAUSTED_REASON, now);

  const base = {
    health: "degraded" as const,
    healthReason: failure.reason,
    status: null,
    refreshFailingSince: failingSince,
    lastRefreshError: failure.class,
    answerMaybeLost: maybeLostAfter(state, failure.class),
  };
  if (failure.action === "retry") {
    const wait = Math.max(0, failure.retryAfterMs ?? 0);
    return { ...base, nextRefreshAt: new Date(now.getTime() + wait), refreshAttempt: attempt, event: { class: failure.class, action: "retry", reason: failure.reason, retryAfterMs: wait, attempt } };
  }
  // The call budget of this refresh is spent (5 calls): start a new refresh after a cool-down,
  // never sooner than the provider asked (a 429's Retry-After may be longer). The event records
  // the wait actually applied, like every retry event does.
  const wait = Math.max(episodeCooldownMs(failingFor), failure.retryAfterMs ?? 0);
  return { ...base, nextRefreshAt: new Date(now.getTime() + wait), refreshAttempt: 0, event: { class: failure.class, action: "stop_and_alert", reason: failure.reason, retryAfterMs: wait, attempt } };
}

/** An authorization-code connection without a refresh token: nothing to call; it ends when its access token does. */
export function planWithoutRefreshToken(state: RefreshState, input: { now: Date; accessTokenExpiresAt: Date | null }): RefreshPlan {
  const { now, accessTokenExpiresAt } = input;
  if (accessTokenExpiresAt !== null && accessTokenExpiresAt.getTime() > now.getTime()) {
    return {
      health: state.previousHealth === "refreshing" ? "healthy" : state.previousHealth,
      healthReason: NO_REFRESH_TOKEN_REASON,
      status: null,
      nextRefreshAt: accessTokenExpiresAt,
      refreshAttempt: 0,
      refreshFailingSince: state.refreshFailingSince,
      lastRefreshError: null,
      answerMaybeLost: state.answerMaybeLost,
      event: { class: "needs_reauth", action: "none", reason: NO_REFRESH_TOKEN_REASON, retryAfterMs: null, attempt: 0 },
    };
  }
  return { ...terminal(state, "needs_reauth", "needs_reauth", NO_REFRESH_TOKEN_REASON, now), event: { class: "needs_reauth", action: "stop_and_alert", reason: NO_REFRESH_TOKEN_REASON, retryAfterMs: null, attempt: 0 } };
}
