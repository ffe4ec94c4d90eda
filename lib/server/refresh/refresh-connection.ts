import "server-only";
import type { Logger } from "pino";
import { authEventData } from "@/lib/server/auth-events/record-auth-event";
import type { AuthFailureClass } from "@/lib/server/auth-events/classify";
import { isServiceError } from "@/lib/server/errors";
import type { AuthEventSource } from "@/lib/server/generated/prisma/enums";
import type { Connection } from "@/lib/server/generated/prisma/client";
import type { FetchFn } from "@/lib/server/oauth/outbound-http";
import { aadFor } from "@/lib/server/vault/aad";
import { seal } from "@/lib/server/vault/seal";
import type { RefreshClaim } from "./claim";
import { commitFenced, type ColumnValue } from "./commit-sql";
import { connectionDeadline, type DeadlineFields } from "./connection-deadline";
import { classifyCallFailure, observingFetch, rateLimitOf, type ClassifiedFailure, type Observation } from "./observed-call";
import { planFailure, planSuccess, planWithoutRefreshToken, type RefreshPlan, type RefreshState } from "./plan-outcome";
import { tokenSourceFor, type FreshToken, type TokenSourceContext } from "./token-source";

export type RefreshEngineContext = TokenSourceContext & { fetch?: FetchFn; random?: () => number; log?: Logger };

export type AttemptOutcome =
  | { connectionId: string; result: "refreshed" | "failed"; plan: RefreshPlan }
  /** Another holder claimed the row since (this claim's lease ran out): nothing was committed. */
  | { connectionId: string; result: "fenced" }
  /** The connection was deleted or disconnected mid-refresh: the new token is dropped. */
  | { connectionId: string; result: "gone" };

type CallResult = { ok: true; token: FreshToken; latencyMs: number; seen: Observation } | { ok: false; failed: ClassifiedFailure; latencyMs: number; seen: Observation };

function stateOf(claim: RefreshClaim): RefreshState {
  return { previousHealth: claim.previousHealth, refreshAttempt: claim.refreshAttempt, refreshFailingSince: claim.refreshFailingSince, recovering: claim.recovering, lastRefreshError: claim.lastRefreshError, answerMaybeLost: claim.answerMaybeLost };
}

/** The settings of a connection could not be read (app deleted, key unreadable): a configuration error, not a provider call. */
function setupFailure(error: unknown): AuthFailureClass {
  const reason = isServiceError(error) && error.code === "NOT_FOUND" ? "The OAuth app or provider of this connection no longer exists: register it again and reconnect." : "The stored settings of this connection cannot be used: reconnect or create it again.";
  return { class: "configuration_error", action: "stop_and_alert", retryAfterMs: null, oauthError: null, quota: null, reason };
}

async function callProvider(ctx: RefreshEngineContext, call: (fetch: FetchFn) => Promise<FreshToken>, attempt: number): Promise<CallResult> {
  const observed = observingFetch(ctx.fetch);
  const started = performance.now();
  try {
    const token = await call(observed.fetch);
    return { ok: true, token, latencyMs: performance.now() - started, seen: observed.seen };
  } catch (error) {
    const latencyMs = performance.now() - started;
    const failed = classifyCallFailure(error, observed.seen, { attempt, now: ctx.clock.now(), ...(ctx.random ? { random: ctx.random } : {}) });
    return { ok: false, failed, latencyMs, seen: observed.seen };
  }
}

/**
 * Runs one claimed refresh attempt: at most one provider call, then one fenced transaction that
 * stores the new tokens (a rotated refresh token included), the next run, the health and the
 * event — or nothing, when the fencing token moved on.
 */
export async function runClaimedRefresh(ctx: RefreshEngineContext, claim: RefreshClaim, source: AuthEventSource = "refresh"): Promise<AttemptOutcome> {
  const row = await ctx.db.connection.findUnique({ where: { id: claim.connectionId } });
  if (!row || row.status === "disconnected") return { connectionId: claim.connectionId, result: "gone" };
  if (row.refreshFence !== claim.fence) return { connectionId: claim.connectionId, result: "fenced" };
  const state = stateOf(claim);
  const attempt = claim.refreshAttempt + 1;

  let plan: RefreshPlan;
  let call: CallResult | null = null;
  let deadline: DeadlineFields | null = null;
  let token: FreshToken | null = null;
  try {
    const tokenSource = await tokenSourceFor(ctx, row);
    if (tokenSource.kind === "no_refresh_token") {
      plan = planWithoutRefreshToken(state, { now: ctx.clock.now(), accessTokenExpiresAt: row.accessTokenExpiresAt });
    } else {
      call = await callProvider(ctx, tokenSource.call, attempt);
      const now = ctx.clock.now();
      if (call.ok) {
        token = call.token;
        plan = planSuccess(state, { now, expiresAt: token.expiresAt, policy: tokenSource.policy });
        deadline = connectionDeadline(tokenSource.entry, {
          connectedAt: row.authorizedAt ?? row.createdAt,
          refreshTokenIssuedAt: token.refreshToken ? now : row.refreshTokenIssuedAt,
          lastRefreshedAt: now,
          hasRefreshToken: tokenSource.policy.hasRefreshToken,
          accessTokenExpiresAt: token.expiresAt,
          specialCase: tokenSource.specialCase,
        });
      } else {
        plan = planFailure(state, call.failed.failure, now);
      }
    }
  } catch (error) {
    ctx.log?.warn({ connectionId: row.id, err: { message: error instanceof Error ? error.message : String(error) } }, "refresh could not start");
    plan = planFailure(state, setupFailure(error), ctx.clock.now());
  }
  return commitAttempt(ctx, { row, claim, plan, token, deadline, call, source });
}

async function commitAttempt(
  ctx: RefreshEngineContext,
  input: { row: Connection; claim: RefreshClaim; plan: RefreshPlan; token: FreshToken | null; deadline: DeadlineFields | null; call: CallResult | null; source: AuthEventSource },
): Promise<AttemptOutcome> {
  const { row, claim, plan, token, deadline, call } = input;
  const now = ctx.clock.now();
  const set: ColumnValue[] = [];
  if (token) {
    set.push(["access_token_sealed", seal(ctx.keyring, token.accessToken, aadFor("connection", row.id, "access_token"))], ["access_token_expires_at", token.expiresAt], ["last_refreshed_at", now]);
    if (token.tokenType !== null) set.push(["token_type", token.tokenType]);
    // RFC 6749 §6: a response without refresh_token leaves the stored one in place; a rotated one is committed right here.
    if (token.refreshToken) set.push(["refresh_token_sealed", seal(ctx.keyring, token.refreshToken, aadFor("connection", row.id, "refresh_token"))], ["refresh_token_issued_at", now]);
    if (token.grantedScopes) set.push(["granted_scopes", token.grantedScopes], ["granted_scopes_known", true]);
  }
  if (deadline) set.push(["hard_deadline_at", deadline.hardDeadlineAt], ["hard_deadline_reason", deadline.hardDeadlineReason], ["hard_deadline_note", deadline.hardDeadlineNote]);
  set.push(["health", plan.health, '"ConnectionHealth"'], ["health_reason", plan.healthReason]);
  if (plan.health !== claim.previousHealth) set.push(["health_changed_at", now]);
  if (plan.status) set.push(["status", plan.status, '"ConnectionStatus"'], ["status_reason", plan.status === "active" ? null : plan.healthReason]);
  set.push(
    ["next_refresh_at", plan.nextRefreshAt],
    ["refresh_attempt", plan.refreshAttempt],
    ["refresh_failing_since", plan.refreshFailingSince],
    ["last_refresh_error", plan.lastRefreshError, '"AuthEventClass"'],
    ["refresh_answer_maybe_lost", plan.answerMaybeLost],
    ["refresh_lease_owner", null],
    ["refresh_lease_until", null],
    ["refresh_in_flight_at", null],
    ["updated_at", now],
  );
  const failed = call && !call.ok ? call.failed : null;
  const rateLimit = rateLimitOf(call?.seen.headers ?? null, now);
  const event = authEventData({
    occurredAt: now,
    workspaceId: row.workspaceId,
    connectionId: row.id,
    providerKey: row.providerKey,
    source: input.source,
    class: plan.event.class,
    action: plan.event.action,
    httpStatus: failed?.httpStatus ?? (call?.ok ? 200 : null),
    oauthError: failed?.failure.oauthError ?? null,
    attempt: plan.event.attempt,
    latencyMs: call?.latencyMs ?? null,
    rateLimitRemaining: rateLimit.remaining,
    rateLimitLimit: rateLimit.limit,
    retryAfterMs: plan.event.retryAfterMs,
    healthAfter: plan.health,
    reason: plan.event.reason,
  });

  const committed = await commitFenced(ctx.db, { connectionId: row.id, fence: claim.fence, set, event });
  if (!committed) {
    const still = await ctx.db.connection.findUnique({ where: { id: row.id }, select: { status: true } });
    ctx.log?.warn({ connectionId: row.id, fence: claim.fence }, still && still.status !== "disconnected" ? "refresh result discarded: the lease was lost (fenced)" : "refresh result discarded: connection gone");
    return { connectionId: row.id, result: still && still.status !== "disconnected" ? "fenced" : "gone" };
  }
  return { connectionId: row.id, result: token ? "refreshed" : "failed", plan };
}
